/** A uPlot chart: data and options in, with optional vertical markers (the thresholds). */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useAppStore } from '../context';
import { formatNumber, type Language } from '../i18n';

/** A vertical dashed line at x, named in the chart's key. */
export interface Marker {
  readonly x: number;
  readonly color: string;
  readonly label: string;
}

/** A curve; `inLegend: false` leaves it out of the legend (the edge of a band). */
export type ChartSeries = uPlot.Series & { readonly inLegend?: boolean };

export interface ChartProps {
  readonly title: string;
  readonly data: uPlot.AlignedData;
  readonly series: readonly ChartSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly markers?: readonly Marker[];
  readonly bands?: uPlot.Band[];
  readonly xRange?: [number, number];
  readonly yRange?: [number, number];
  readonly height?: number;
  readonly xFormat?: (value: number) => string;
  readonly yFormat?: (value: number) => string;
  /** Changing it puts the axes back to xRange and yRange (undoing a drag-zoom). */
  readonly resetKey?: number;
}

/**
 * A series whose legend shows a value only for the point under the cursor: blank, not uPlot's
 * "--", when no point is hovered.
 */
/** Decimals that write ticks `increment` apart exactly: 0 for 200, 2 for 0.25, 3 for 0.025. */
export function decimalsFor(increment: number): number {
  if (!(increment > 0) || !Number.isFinite(increment)) return 2;
  for (let digits = 0; digits < 6; digits++) {
    const scaled = increment * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return digits;
  }
  return 6;
}

/** Axis ticks in the interface's language, with as many decimals as their spacing needs. */
function localTicks(language: Language): uPlot.Axis.Values {
  return (_u, ticks, _axis, _space, increment) =>
    ticks.map((tick) => formatNumber(language, tick, decimalsFor(increment)));
}

function idleBlank(series: ChartSeries, language: Language): uPlot.Series {
  const { inLegend, ...rest } = series;
  const shown = rest.value;
  return {
    ...rest,
    ...(inLegend === false ? { class: 'legend-hidden' } : {}),
    value: (u, raw, seriesIdx, idx) => {
      // uPlot passes null when no point is hovered, whatever its types say.
      const value = raw as number | null;
      if (value === null || Number.isNaN(value)) return '';
      if (typeof shown === 'function') return shown(u, raw, seriesIdx, idx);
      if (shown !== undefined) return shown;
      // Three significant digits: 0,0834; 12,3; 3.520.
      const magnitude = raw === 0 ? 0 : Math.floor(Math.log10(Math.abs(raw)));
      return formatNumber(language, raw, Math.min(6, Math.max(0, 2 - magnitude)));
    },
  };
}

/**
 * Vertical dashed lines over the plotting area, one element per marker, in uPlot's overlay (whose
 * origin is the plotting area's corner, in CSS pixels); a marker outside the x range is hidden.
 */
function placeMarkers(u: uPlot, markers: readonly Marker[]): void {
  const lines = Array.from(u.over.querySelectorAll<HTMLElement>('.chart-marker'));
  for (let i = lines.length; i < markers.length; i++) {
    const line = document.createElement('div');
    line.className = 'chart-marker';
    u.over.appendChild(line);
    lines.push(line);
  }
  lines.forEach((line, i) => {
    const marker = markers[i];
    const left = marker === undefined ? Number.NaN : u.valToPos(marker.x, 'x');
    const shown =
      marker !== undefined &&
      Number.isFinite(left) &&
      left >= 0 &&
      left <= u.bbox.width / uPlot.pxRatio;
    line.style.display = shown ? '' : 'none';
    if (!shown) return;
    line.style.left = `${left}px`;
    line.style.borderLeftColor = marker.color;
  });
}

export function Chart(props: ChartProps) {
  const language = useAppStore((s) => s.language);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markers = useRef<readonly Marker[]>(props.markers ?? []);
  markers.current = props.markers ?? [];
  // Read when uPlot ranges its axes, so that a new frame applies without rebuilding the chart.
  const ranges = useRef({ x: props.xRange, y: props.yRange });
  ranges.current = { x: props.xRange, y: props.yRange };
  // The x range a drag chose: it wins over xRange until a double-click or resetKey undoes it.
  const zoom = useRef<[number, number] | null>(null);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth || 480),
      height: props.height ?? 240,
      series: [
        idleBlank(
          {
            label: props.xLabel,
            ...(props.xFormat
              ? { value: (_u: uPlot, v: number) => (props.xFormat as (n: number) => string)(v) }
              : {}),
          },
          language,
        ),
        ...props.series.map((series) => idleBlank(series, language)),
      ],
      scales: {
        x: {
          time: false,
          range: (_u, min, max) => zoom.current ?? ranges.current.x ?? [min, max],
        },
        y: {
          range: (_u, min, max) => ranges.current.y ?? uPlot.rangeNum(min, max, 0.1, true),
        },
      },
      // Dragging across the plot zooms the x axis (the setSelect hook below); double-click or
      // resetKey undoes it.
      cursor: { drag: { x: true, y: false, setScale: false } },
      axes: [
        {
          label: props.xLabel,
          values: props.xFormat
            ? (_u: uPlot, ticks: number[]) =>
                ticks.map((t) => (props.xFormat as (v: number) => string)(t))
            : localTicks(language),
        },
        {
          label: props.yLabel,
          size: 84,
          values: props.yFormat
            ? (_u: uPlot, ticks: number[]) =>
                ticks.map((t) => (props.yFormat as (v: number) => string)(t))
            : localTicks(language),
        },
      ],
      ...(props.bands ? { bands: props.bands } : {}),
      legend: { show: true },
      hooks: {
        // The legend names the curves at rest and shows values only while a point is hovered.
        setCursor: [
          (u) => {
            u.root
              .querySelector('.u-legend')
              ?.classList.toggle('u-live', u.cursor.idx !== null && u.cursor.idx !== undefined);
          },
        ],
        ready: [
          (u) => {
            u.root.querySelector('.u-legend')?.classList.remove('u-live');
            // Where uPlot's own double-click listens (the plot), before it ranges the axis again.
            u.over.addEventListener(
              'dblclick',
              () => {
                zoom.current = null;
              },
              { capture: true },
            );
          },
        ],
        // A drag's end: the selected stretch becomes the x range.
        setSelect: [
          (u) => {
            if (u.select.width <= 0) return;
            const min = u.posToVal(u.select.left, 'x');
            const max = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoom.current = [Math.min(min, max), Math.max(min, max)];
            u.setScale('x', { min: zoom.current[0], max: zoom.current[1] });
          },
        ],
        // Markers follow every redraw (zoom, new data, resize) without being part of it.
        draw: [
          (u) => {
            placeMarkers(u, markers.current);
          },
        ],
      },
    };
    plot.current = new uPlot(options, props.data, element);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its shape changes; data and markers update in place below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.series.length, props.xLabel, props.yLabel, language]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  const [x0, x1] = props.xRange ?? [Number.NaN, Number.NaN];
  const [y0, y1] = props.yRange ?? [Number.NaN, Number.NaN];
  useEffect(() => {
    const current = plot.current;
    zoom.current = null;
    if (current !== null) current.setData(current.data, true);
  }, [x0, x1, y0, y1, props.resetKey]);

  // A marker moves as an element over the plot: the canvas (axes, grid, curves) is not redrawn.
  useEffect(() => {
    const current = plot.current;
    if (current !== null) placeMarkers(current, markers.current);
  }, [props.markers]);

  return (
    <figure className="chart" aria-label={props.title}>
      <figcaption>{props.title}</figcaption>
      <div ref={host} />
      {(props.markers ?? []).length > 0 && (
        <ul className="chart-key">
          {(props.markers ?? []).map((marker) => (
            <li key={marker.label}>
              <span className="key-line" style={{ borderColor: marker.color }} />
              {marker.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
