/**
 * Segments: one threshold per segment of a column (categories, or numeric bins such as age),
 * chosen jointly under the capacity on the development rows' out-of-fold probabilities, against
 * the rule in force (the Decision tab's threshold for everybody); both measured on the evaluation
 * rows, with a paired bootstrap of the gain. The per-segment plan exports as CSV.
 */
import { useMemo } from 'react';
import { segmentColumnEvidence, segmentPlanCsv, segmentReport } from '../../core/segments';
import { Explained } from '../../shared/ui/Explained';
import { useAppStore, useT } from '../../shared/context';
import { formatNumber, formatPercent } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { SegmentContactsExport } from './SegmentContactsExport';
import { SegmentsChart } from './SegmentsChart';
import { SegmentsFigures } from './SegmentsFigures';
import { SegmentsTable } from './SegmentsTable';
import { useSegments } from './useSegments';
import { OutOfSampleStatus } from '../../shared/ui/OutOfSampleStatus';
import { useOutOfSampleRows } from '../inference/useOutOfSampleRows';
import { useColumnLabel } from '../inference/columnLabels';
import { useDecisionRule } from '../decision/useDecisionRule';

export function SegmentsPanel() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const portfolioCount = useAppStore((s) => s.snapshot?.probabilities.length ?? 0);
  const segments = useSegments();
  const column = useAppStore((s) => s.segmentColumn);
  const label = useColumnLabel();
  const setColumn = useAppStore((s) => s.setSegmentColumn);

  const data = segments.status === 'ready' ? segments.data : null;
  const rows = useOutOfSampleRows();
  const testRows = metrics?.outOfSample.rows ?? 0;
  // The capacity is a number of the portfolio's customers: the plan gets the same share.
  const base = portfolioCount > 0 ? portfolioCount : testRows;
  const capacityShare = capacity === null || base === 0 ? null : Math.min(1, capacity / base);
  // The curves depend on the column and the rows only: a payoff or capacity edit reuses them.
  const evidence = useMemo(
    () =>
      data === null || rows === null
        ? null
        : segmentColumnEvidence(data, column, rows.scores, rows.labels),
    [data, rows, column],
  );
  // Compared with the rule in force: the threshold the Decision tab applies to everybody.
  const ruleThreshold = useDecisionRule().threshold;
  const report = useMemo(
    () =>
      evidence === null ? null : segmentReport(evidence, payoffs, capacityShare, ruleThreshold),
    [evidence, payoffs, capacityShare, ruleThreshold],
  );
  if (metrics === null) return null;
  if (segments.status === 'unavailable') {
    return (
      <section aria-labelledby="segments-title" className="panel">
        <h2 id="segments-title">{t('segmentsTitle')}</h2>
        <p className="note" role="note">
          {t(`segments_${segments.problem.code}`)}
        </p>
      </section>
    );
  }
  if (data === null || report === null) {
    return (
      <section aria-labelledby="segments-title" className="panel">
        <h2 id="segments-title">{t('segmentsTitle')}</h2>
        {data !== null ? <OutOfSampleStatus /> : <p role="status">{t('segmentsLoading')}</p>}
      </section>
    );
  }
  const definition = data.columns[column];
  const rowsOf = (n: number) => formatNumber(language, n);
  return (
    <section aria-labelledby="segments-title" className="panel">
      <h2 id="segments-title">{t('segmentsTitle')}</h2>
      {data.columns.length === 0 ? (
        <p className="note">{t('segmentsNone')}</p>
      ) : (
        <>
          <div className="row">
            <label>
              {t('segmentColumn')}{' '}
              <select
                value={column}
                onChange={(e) => {
                  setColumn(Number(e.target.value));
                }}
              >
                {data.columns.map((c, i) => (
                  <option key={c.column} value={i}>
                    {label(c.column)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Explained>
            <p>
              {t(`segmentsSource_${metrics.outOfSample.source}`, {
                development: rowsOf(data.development.scores.length),
                test: rowsOf(testRows),
              })}
              {report.developmentCapacity !== null &&
                ` ${t('segmentsCapacity', {
                  capacity: rowsOf(capacity ?? 0),
                  share: formatPercent(language, capacityShare ?? 0, 1),
                  development: rowsOf(report.developmentCapacity),
                })}`}
            </p>
            <p>{t('segmentsWhy')}</p>
          </Explained>
          <SegmentsFigures report={report} />
          <SegmentsTable column={label(definition?.column ?? '')} lines={report.lines} />
          <SegmentsChart column={column} report={report} data={data} />
          <button
            type="button"
            onClick={() => {
              downloadCsv(
                `retem-segmentos-${definition?.column ?? ''}.csv`,
                segmentPlanCsv(definition?.column ?? '', report),
              );
            }}
          >
            {t('segmentsExport')}
          </button>
          {portfolioCount > 0 && definition !== undefined && (
            <SegmentContactsExport
              definition={definition}
              thresholds={report.lines.map((line) => line.threshold)}
            />
          )}
        </>
      )}
    </section>
  );
}
