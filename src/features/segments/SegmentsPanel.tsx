/**
 * Segments: one threshold per segment of a column (categories, or numeric bins such as age),
 * chosen jointly under the capacity on the development rows' out-of-fold probabilities, against
 * one global threshold chosen the same way; both measured on the test rows, with a paired
 * bootstrap of the gain. The per-segment plan exports as CSV.
 */
import { useEffect, useMemo, useState } from 'react';
import { ProfitCurve } from '../../core/decision';
import { segmentPlanCsv, segmentReport, type SegmentName } from '../../core/segments';
import { useAppStore, useClient, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent, type Language } from '../../shared/i18n';
import { Chart } from '../../shared/ui/Chart';
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { loadSegments } from './segmentsSource';

const COLORS = [
  '#1f4e79',
  '#c0392b',
  '#0b6e4f',
  '#b9770e',
  '#6c3483',
  '#117a8b',
  '#7b241c',
  '#515a5a',
  '#d35400',
  '#2e86c1',
  '#28b463',
  '#884ea0',
];

/** A segment's name in the analyst's language. */
function useSegmentWording(): (name: SegmentName, language: Language) => string {
  const t = useT();
  return (name, language) => {
    const value = (v: number) => formatNumber(language, v, Number.isInteger(v) ? 0 : 2);
    switch (name.kind) {
      case 'category':
        return name.text;
      case 'other':
        return t('segmentOther');
      case 'missing':
        return t('missingValue');
      case 'range':
        if (name.low === null) return `< ${value(name.high ?? 0)}`;
        if (name.high === null) return `≥ ${value(name.low)}`;
        return `${value(name.low)} – < ${value(name.high)}`;
    }
  };
}

export function SegmentsPanel() {
  const t = useT();
  const wording = useSegmentWording();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const portfolioCount = useAppStore((s) => s.snapshot?.probabilities.length ?? 0);
  const segments = useAppStore((s) => s.segments);
  const setSegments = useAppStore((s) => s.setSegments);
  const column = useAppStore((s) => s.segmentColumn);
  const setColumn = useAppStore((s) => s.setSegmentColumn);
  const client = useClient();
  const [exported, setExported] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; count: number } | { status: 'failed' }
  >({ status: 'idle' });

  useEffect(() => {
    if (segments.status !== 'idle' || metrics === null) return;
    setSegments({ status: 'loading' });
    void loadSegments(`${import.meta.env.BASE_URL}model/`, metrics).then((loaded) => {
      setSegments(
        loaded.ok
          ? { status: 'ready', data: loaded.value }
          : { status: 'unavailable', problem: loaded.problem },
      );
    });
  }, [segments.status, metrics, setSegments]);

  const data = segments.status === 'ready' ? segments.data : null;
  const testRows = metrics?.outOfSample.scores.length ?? 0;
  // The capacity is a number of the portfolio's customers: the plan gets the same share.
  const base = portfolioCount > 0 ? portfolioCount : testRows;
  const capacityShare = capacity === null || base === 0 ? null : Math.min(1, capacity / base);
  const report = useMemo(() => {
    if (data === null || metrics === null) return null;
    const { scores, labels } = metrics.outOfSample;
    return segmentReport(data, column, scores, labels, payoffs, capacityShare);
  }, [data, metrics, column, payoffs, capacityShare]);
  const chart = useMemo(() => {
    if (data === null || metrics === null || report === null) return null;
    const codes = data.test.codes[column];
    if (codes === undefined) return null;
    const { scores, labels } = metrics.outOfSample;
    const shown = report.lines
      .map((line, code) => ({ line, code }))
      .filter(({ line }) => line.testRows > 0);
    const finite = report.lines.map((l) => l.threshold).filter((x) => x <= 1);
    const xMax = Math.min(1, Math.max(0.05, 2 * Math.max(report.globalThreshold, ...finite)));
    const xs = Array.from({ length: 121 }, (_, i) => (xMax * i) / 120);
    const series = shown.map(({ code }) => {
      const rows = Array.from(codes.keys()).filter((i) => codes[i] === code);
      const curve = ProfitCurve.fromScores(
        rows.map((i) => scores[i] ?? 0),
        rows.map((i) => labels[i] ?? 0),
      );
      return xs.map((x) => curve.at(x, payoffs).profit);
    });
    // Framed as the decision charts are: from the best down to as far below zero as half of it.
    const top = Math.max(0, ...series.flat());
    const yRange: [number, number] | undefined = top > 0 ? [-0.5 * top, 1.1 * top] : undefined;
    return { xs, series, shown, xMax, yRange };
  }, [data, metrics, report, column, payoffs]);

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
        <p role="status">{t('segmentsLoading')}</p>
      </section>
    );
  }
  const definition = data.columns[column];
  const money = (value: number) => formatMoney(language, value);
  const rowsOf = (n: number) => formatNumber(language, n);
  const threshold = (value: number) => (value > 1 ? '—' : formatNumber(language, value, 4));
  const { gain } = report;
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
                    {c.column}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="note">
            {t('segmentsSource', {
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
          <p className="note">{t('segmentsWhy')}</p>
          <dl className="figures">
            <div>
              <dt>{t('segmentsProfit')}</dt>
              <dd data-testid="segments-profit" data-value={report.testProfit}>
                {money(report.testProfit)}
              </dd>
            </div>
            <div>
              <dt>{t('segmentsGlobalProfit', { threshold: threshold(report.globalThreshold) })}</dt>
              <dd data-testid="segments-global-profit" data-value={report.testProfitGlobal}>
                {money(report.testProfitGlobal)}
              </dd>
            </div>
            <div>
              <dt>{t('segmentsGain')}</dt>
              <dd data-testid="segments-gain" data-value={gain.observed}>
                {money(gain.observed)}
              </dd>
            </div>
            <div>
              <dt>{t('segmentsGainInterval')}</dt>
              <dd data-testid="segments-gain-interval">
                {money(gain.interval[0])} – {money(gain.interval[1])}
              </dd>
            </div>
            <div>
              <dt>{t('segmentsGainChance')}</dt>
              <dd>{formatPercent(language, gain.probabilityAWins, 0)}</dd>
            </div>
          </dl>
          <div className="scroll-x">
            <table
              className="segments"
              aria-label={t('segmentsTable')}
              data-testid="segments-table"
            >
              <thead>
                <tr>
                  <th scope="col" className="text">
                    {definition?.column ?? ''}
                  </th>
                  <th scope="col">{t('segmentsThreshold')}</th>
                  <th scope="col">{t('segmentsTestRows')}</th>
                  <th scope="col">{t('segmentsChurners')}</th>
                  <th scope="col">{t('segmentsContacts')}</th>
                  <th scope="col">{t('segmentsProfitShort')}</th>
                  <th scope="col">{t('segmentsGlobalShort')}</th>
                </tr>
              </thead>
              <tbody>
                {report.lines.map((line, code) =>
                  line.testRows === 0 && line.developmentRows === 0 ? null : (
                    <tr key={code}>
                      <th scope="row" className="text">
                        <span
                          className="swatch"
                          style={{ background: COLORS[code % COLORS.length] }}
                          aria-hidden="true"
                        />
                        {wording(line.name, language)}
                      </th>
                      <td>{threshold(line.threshold)}</td>
                      <td>{rowsOf(line.testRows)}</td>
                      <td>{rowsOf(line.testChurners)}</td>
                      <td>{rowsOf(line.testContacts)}</td>
                      <td>{money(line.testProfit)}</td>
                      <td>{money(line.testProfitGlobal)}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
          {chart !== null && (
            <Chart
              // Another column or language: other series names, so a chart of its own.
              key={`${String(column)}-${language}`}
              title={t('segmentsChart')}
              data={[chart.xs, ...chart.series]}
              xLabel={t('threshold')}
              yLabel="R$"
              xRange={[0, chart.xMax]}
              {...(chart.yRange !== undefined ? { yRange: chart.yRange } : {})}
              yFormat={money}
              series={chart.shown.map(({ line, code }) => ({
                label: wording(line.name, language),
                stroke: COLORS[code % COLORS.length] ?? '#333',
                width: 2,
              }))}
              markers={chart.shown
                .filter(({ line }) => line.threshold <= 1)
                .map(({ line, code }) => ({
                  x: line.threshold,
                  color: COLORS[code % COLORS.length] ?? '#333',
                }))}
            />
          )}
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
          {portfolioCount > 0 && client !== null && definition !== undefined && (
            <p className="row">
              <button
                type="button"
                disabled={exported.status === 'running'}
                onClick={() => {
                  setExported({ status: 'running' });
                  client
                    .segmentContacts(
                      definition,
                      report.lines.map((line) => line.threshold),
                      payoffs,
                      capacity,
                    )
                    .then((result) => {
                      downloadCsv(`retem-contatos-${definition.column}.csv`, result.csv);
                      setExported({ status: 'done', count: result.count });
                    })
                    .catch(() => {
                      setExported({ status: 'failed' });
                    });
                }}
              >
                {t('segmentsExportContacts', { count: rowsOf(portfolioCount) })}
              </button>
              <span role="status" data-testid="segments-contacts">
                {exported.status === 'done' &&
                  t('segmentsExported', { count: rowsOf(exported.count) })}
                {exported.status === 'failed' && t('segmentsExportFailed')}
              </span>
            </p>
          )}
        </>
      )}
    </section>
  );
}
