/**
 * The run's plots as PNG images, rendered in Node: Vega-Lite specs compiled to SVG by Vega, then
 * rasterised by resvg. No browser or canvas is needed.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ProfitCurve, type Payoffs } from '../../src/core/decision';
import { orderByScoreDescending } from '../../src/core/metrics';

async function toPng(spec: TopLevelSpec): Promise<Uint8Array> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG(2);
  view.finalize();
  const png = new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return new Uint8Array(png);
}

/** R$ profit against the share of customers contacted, with the chosen threshold marked. */
export function profitCurvePng(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  payoffs: Payoffs,
  threshold: number,
): Promise<Uint8Array> {
  const curve = ProfitCurve.fromScores(scores, labels);
  const points = curve.points(payoffs, 400).map((p) => ({
    contacted: p.contacted / Math.max(curve.total, 1),
    profit: p.profit,
    threshold: p.threshold,
  }));
  const chosen = curve.at(threshold, payoffs);
  return toPng({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Profit out of sample (threshold ${threshold.toFixed(3)}: R$ ${chosen.profit.toLocaleString('pt-BR')})`,
    width: 560,
    height: 320,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', color: '#0b6e4f' },
        encoding: {
          x: {
            field: 'contacted',
            type: 'quantitative',
            title: 'share of customers contacted',
            axis: { format: '%' },
          },
          y: { field: 'profit', type: 'quantitative', title: 'profit (R$)' },
        },
      },
      {
        data: {
          values: [
            { contacted: chosen.contacted / Math.max(curve.total, 1), profit: chosen.profit },
          ],
        },
        mark: { type: 'point', filled: true, size: 90, color: '#c0392b' },
        encoding: {
          x: { field: 'contacted', type: 'quantitative' },
          y: { field: 'profit', type: 'quantitative' },
        },
      },
    ],
  });
}

/** ROC curve of the test rows with the diagonal. */
export function rocPng(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  auc: number,
): Promise<Uint8Array> {
  const order = orderByScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = labels.length - positives;
  const points: { fpr: number; tpr: number }[] = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  const step = Math.max(1, Math.floor(order.length / 500));
  order.forEach((row, i) => {
    if (labels[row] === 1) tp++;
    else fp++;
    if (i % step === 0 || i === order.length - 1)
      points.push({ fpr: fp / Math.max(negatives, 1), tpr: tp / Math.max(positives, 1) });
  });
  return toPng({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `ROC out of sample (AUC ${auc.toFixed(4)})`,
    width: 360,
    height: 360,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', color: '#1f4e79' },
        encoding: {
          x: {
            field: 'fpr',
            type: 'quantitative',
            title: 'false positive rate',
            scale: { domain: [0, 1] },
          },
          y: {
            field: 'tpr',
            type: 'quantitative',
            title: 'true positive rate',
            scale: { domain: [0, 1] },
          },
        },
      },
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
        },
      },
    ],
  });
}
