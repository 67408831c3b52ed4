/**
 * The portfolio's expected-profit curve for print: a small SVG (crisp on paper, no canvas) with
 * the chosen number of contacts marked and the axes' extremes labelled in the interface's language.
 */
import { PALETTE } from '../../shared/ui/palette';

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { left: 70, right: 10, top: 10, bottom: 28 };

export function ReportCurve(props: {
  readonly contacted: readonly number[];
  readonly profit: readonly number[];
  /** The chosen number of contacts. */
  readonly chosen: number;
  /** The expected profit at the chosen number, R$. */
  readonly chosenProfit: number;
  /** The x axis ends here (the decision region), or at the last point. */
  readonly xEnd?: number;
  readonly xLabel: string;
  readonly label: string;
  readonly formatX: (value: number) => string;
  readonly formatY: (value: number) => string;
}) {
  const { chosen, chosenProfit } = props;
  const xMax = Math.max(1, props.xEnd ?? Math.max(...props.contacted));
  const shown = props.contacted.flatMap((c, i) => (c <= xMax ? [i] : []));
  const contacted = shown.map((i) => props.contacted[i] ?? 0);
  const profit = shown.map((i) => props.profit[i] ?? 0);
  const yMin = Math.min(0, ...profit);
  const yMax = Math.max(1, ...profit);
  const x = (value: number) => PAD.left + (value / xMax) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) =>
    PAD.top + (1 - (value - yMin) / (yMax - yMin)) * (HEIGHT - PAD.top - PAD.bottom);
  const path = contacted
    .map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c).toFixed(1)},${y(profit[i] ?? 0).toFixed(1)}`)
    .join(' ');
  return (
    <svg
      className="report-curve"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={props.label}
    >
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke={PALETTE.reference} />
      <path d={path} fill="none" stroke={PALETTE.portfolio} strokeWidth={2} />
      <line
        x1={x(chosen)}
        x2={x(chosen)}
        y1={PAD.top}
        y2={HEIGHT - PAD.bottom}
        stroke={PALETTE.rule}
        strokeDasharray="4 3"
      />
      <circle cx={x(chosen)} cy={y(chosenProfit)} r={4} fill={PALETTE.rule} />
      <text x={x(chosen) + 6} y={y(chosenProfit) + 16} fontSize={11}>
        {props.formatX(chosen)} · {props.formatY(chosenProfit)}
      </text>
      {yMin < 0 && (
        <text x={PAD.left - 6} y={y(yMin) + 4} textAnchor="end" fontSize={11}>
          {props.formatY(yMin)}
        </text>
      )}
      <text x={PAD.left - 6} y={y(yMax) + 4} textAnchor="end" fontSize={11}>
        {props.formatY(yMax)}
      </text>
      <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" fontSize={11}>
        {props.formatY(0)}
      </text>
      <text x={PAD.left} y={HEIGHT - 8} fontSize={11}>
        0
      </text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fontSize={11}>
        {props.formatX(xMax)}
      </text>
      <text x={(PAD.left + WIDTH) / 2} y={HEIGHT - 8} textAnchor="middle" fontSize={11}>
        {props.xLabel}
      </text>
    </svg>
  );
}
