/** The app shell: lifecycle status, language, tabs, and the URL kept in step with the view. */
import { BatchPanel } from '../features/batch/BatchPanel';
import { ComparePanel } from '../features/compare/ComparePanel';
import { DecisionPanel } from '../features/decision/DecisionPanel';
import { CustomerCard } from '../features/lookup/CustomerCard';
import { CustomerSearch } from '../features/lookup/CustomerSearch';
import { Provenance } from '../features/decision/Provenance';
import { QualityPanel } from '../features/quality/QualityPanel';
import { SegmentsPanel } from '../features/segments/SegmentsPanel';
import { OpenPortfolio } from '../features/snapshot/OpenPortfolio';
import { useAppStore, useT } from '../shared/context';
import { formatDate, formatNumber, formatPercent } from '../shared/i18n';
import { SharedViewSync } from './SharedViewSync';
import { Tabs } from './Tabs';

export function App() {
  const t = useT();
  const status = useAppStore((s) => s.status);
  const lookupsOpen = useAppStore((s) => s.lookupsOpen);
  const stage = useAppStore((s) => s.stage);
  const fraction = useAppStore((s) => s.fraction);
  const error = useAppStore((s) => s.error);
  const modelProblem = useAppStore((s) => s.modelProblem);
  const language = useAppStore((s) => s.language);
  const setLanguage = useAppStore((s) => s.setLanguage);
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const backend = useAppStore((s) => s.backend);
  const mode = useAppStore((s) => s.mode);
  const count = useAppStore((s) => s.header?.count ?? 0);
  const hasPortfolio = useAppStore((s) => s.header !== null);
  const notice = useAppStore((s) => s.notice);
  const persistentStorage = useAppStore((s) => s.persistentStorage);
  const offlineReady = useAppStore((s) => s.offlineReady);
  const storageFull = useAppStore((s) => s.storageFull);

  const tabs = [
    ['decision', t('tabDecision')],
    ['quality', t('tabQuality')],
    ['segments', t('tabSegments')],
    ['compare', t('tabCompare')],
    ['batch', t('tabBatch')],
  ] as const;
  return (
    <div className="app">
      <SharedViewSync />
      <header className="app-header">
        <div className="brand">
          <h1>{t('title')}</h1>
          <p>{t('subtitle')}</p>
        </div>
        {(status === 'ready' || lookupsOpen) && <CustomerSearch />}
        <button
          type="button"
          onClick={() => {
            setLanguage(language === 'pt-BR' ? 'en' : 'pt-BR');
          }}
        >
          {t('switchLanguage')}
        </button>
      </header>
      <main>
        {status === 'loading' && (
          <div className="status" role="status">
            <label>
              {t('loading')}: {t(`stage_${stage}`)} ({formatPercent(language, fraction, 0)})
              <progress max={1} value={fraction} />
            </label>
          </div>
        )}
        {status === 'loading' && lookupsOpen && (
          // The portfolio is still installing, but each customer can already be looked up.
          <div className="panels">
            <CustomerCard />
          </div>
        )}
        {status === 'failed' && (
          <p role="alert" className="status error">
            {t('failed')}:{' '}
            {modelProblem !== null
              ? t(`modelFiles_${modelProblem.code}`, { ...modelProblem })
              : storageFull
                ? t('storageFull')
                : error}
          </p>
        )}
        {status === 'ready' && (
          <>
            <div className="status-bar">
              <p className="status" role="status">
                {hasPortfolio
                  ? t('ready', { count: formatNumber(language, count) })
                  : t('noPortfolio')}
                {persistentStorage !== null &&
                  ` · ${t(persistentStorage ? 'storagePersistent' : 'storageBestEffort')}`}
                {offlineReady && ` · ${t('offlineReady')}`}
              </p>
              <details className="status-details">
                <summary>{t('details')}</summary>
                <p>{t('engine', { backend, mode })}</p>
                <Provenance testId="provenance" />
              </details>
              <OpenPortfolio />
            </div>
            {notice !== null && (
              <p className="note" role="note">
                {t(`notice_${notice.code}`, {
                  count: formatNumber(language, notice.count),
                  createdAt: formatDate(language, notice.createdAt),
                })}
              </p>
            )}
            <CustomerCard />
            <Tabs label="Retém" tabs={tabs} selected={tab} onSelect={setTab}>
              {tab === 'decision' && <DecisionPanel />}
              {tab === 'quality' && <QualityPanel />}
              {tab === 'segments' && <SegmentsPanel />}
              {tab === 'compare' && <ComparePanel />}
              {tab === 'batch' && <BatchPanel />}
            </Tabs>
          </>
        )}
      </main>
    </div>
  );
}
