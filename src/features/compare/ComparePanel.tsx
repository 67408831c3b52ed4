/**
 * Champion against challenger: a second model, from the build or from disk, beside the one that
 * answers. On the evaluation rows (when both split the same data the same way) both profit curves and
 * the paired difference of their decisions, each at its own threshold; on the portfolio, whom each
 * contacts and what each expects to earn by its own probabilities.
 */
import { useEffect, useState } from 'react';
import { FilePicker } from '../../shared/ui/FilePicker';
import { METRICS_FORMAT, withOutOfSampleRows } from '../../core/modelFiles';
import { Explained } from '../../shared/ui/Explained';
import { useAppStore, useT } from '../../shared/context';
import { useClient } from '../inference/clientContext';
import { OutOfSampleStatus } from '../../shared/ui/OutOfSampleStatus';
import { useOutOfSampleRows } from '../inference/useOutOfSampleRows';
import { formatDate, formatNumber } from '../../shared/i18n';
import { SHIPPED } from '../../shared/shippedFiles';
import type { ChallengerSource } from '../inference/challenger';
import { PortfolioComparison } from './PortfolioComparison';
import { TestRowsComparison } from './TestRowsComparison';

const BUNDLED_BASE = `${import.meta.env.BASE_URL}challenger/`;

export function ComparePanel() {
  const t = useT();
  const client = useClient();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const rows = useOutOfSampleRows();
  const challenger = useAppStore((s) => s.challenger);
  const setChallenger = useAppStore((s) => s.setChallenger);
  const [bundled, setBundled] = useState<boolean | null>(SHIPPED.challenger ? null : false);

  useEffect(() => {
    let live = true;
    if (!SHIPPED.challenger) return;
    // A static host may answer any path with the app's page: only metrics JSON counts.
    fetch(`${BUNDLED_BASE}metrics.json`)
      .then(async (response) => {
        const json = response.ok ? ((await response.json()) as { format?: unknown }) : null;
        if (live) setBundled(json?.format === METRICS_FORMAT);
      })
      .catch(() => {
        if (live) setBundled(false);
      });
    return () => {
      live = false;
    };
  }, []);

  const load = (source: ChallengerSource) => {
    if (client === null) return;
    setChallenger({ status: 'loading' });
    client
      .loadChallenger(source)
      .then(({ outcome }) => {
        setChallenger(
          outcome.ok
            ? {
                status: 'ready',
                source: source.kind === 'bundled' ? 'bundled' : 'disk',
                metrics: outcome.metrics,
                portfolio: outcome.portfolio,
                portfolioProblem: outcome.portfolioProblem,
              }
            : { status: 'failed', problem: outcome.problem },
        );
      })
      .catch(() => {
        setChallenger({ status: 'failed', problem: { code: 'unreadable', file: 'model.json' } });
      });
  };

  const other = challenger.status === 'ready' ? challenger : null;
  if (metrics === null) return null;
  const count = (value: number) => formatNumber(language, value);
  return (
    <section aria-labelledby="compare-title" className="panel">
      <h2 id="compare-title">{t('compareTitle')}</h2>
      <p>{t('compareIntro')}</p>
      <Explained summary={t('details')}>
        <p>{t('compareIntroDetails')}</p>
      </Explained>
      <div className="row">
        {bundled === true && (
          <button
            type="button"
            disabled={challenger.status === 'loading'}
            onClick={() => {
              load({ kind: 'bundled', base: BUNDLED_BASE });
            }}
          >
            {t('compareBundled')}
          </button>
        )}
        <FilePicker
          label={t('compareFromDisk')}
          button={t('compareFromDiskButton')}
          multiple
          accept=".json,.bin"
          disabled={challenger.status === 'loading'}
          onFiles={(files) => {
            load({ kind: 'files', files });
          }}
        />
      </div>
      {challenger.status === 'loading' && <p role="status">{t('compareLoading')}</p>}
      {challenger.status === 'failed' && (
        <p role="alert" className="message">
          {challenger.problem.code === 'missing-files'
            ? t('challenger_missing-files', { files: challenger.problem.files.join(', ') })
            : challenger.problem.code === 'unreadable'
              ? t('challenger_unreadable', { file: challenger.problem.file })
              : challenger.problem.code === 'model-files'
                ? t(`modelFiles_${challenger.problem.problem.code}`, {
                    ...challenger.problem.problem,
                  })
                : challenger.problem.code === 'out-of-sample'
                  ? challenger.problem.problem.code === 'inconsistent'
                    ? t('outOfSample_inconsistent', { field: challenger.problem.problem.field })
                    : t(`outOfSample_${challenger.problem.problem.code}`)
                  : t('challenger_absent')}
        </p>
      )}
      {other !== null && (
        <>
          <p className="note provenance" data-testid="challenger-provenance">
            {t('challengerProvenance', {
              source: t(other.source === 'bundled' ? 'challengerBundled' : 'challengerDisk'),
              date: formatDate(language, other.metrics.createdAt),
              file: other.metrics.data.file,
              hash: other.metrics.data.hash,
            })}
          </p>
          <h3>{t('compareTestRows', { rows: count(metrics.outOfSample.rows) })}</h3>
          {rows === null ? (
            <OutOfSampleStatus />
          ) : (
            <TestRowsComparison
              champion={withOutOfSampleRows(metrics, rows)}
              challenger={other.metrics}
            />
          )}
          <PortfolioComparison
            champion={metrics}
            challenger={other.metrics}
            portfolio={other.portfolio}
            portfolioProblem={other.portfolioProblem}
          />
        </>
      )}
    </section>
  );
}
