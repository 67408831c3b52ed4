/** A uPlot chart: data and options in, with optional vertical markers (the thresholds). */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Marker {
  readonly x: number;
  readonly color: string;
}

export interface ChartProps {
  readonly title: string;
  readonly data: uPlot.AlignedData;
  readonly series: uPlot.Series[];
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
function idleBlank(series: uPlot.Series): uPlot.Series {
  const shown = series.value;
  return {
    ...series,
    value: (u, raw, seriesIdx, idx) => {
      // uPlot passes null when no point is hovered, whatever its types say.
      const value = raw as number | null;
      if (value === null || Number.isNaN(value)) return '';
      if (typeof shown === 'function') return shown(u, raw, seriesIdx, idx);
      if (shown !== undefined) return shown;
      return String(Number(raw.toPrecision(4)));
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
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markers = useRef<readonly Marker[]>(props.markers ?? []);
  markers.current = props.markers ?? [];
  // Read when uPlot ranges its axes, so that a new frame applies without rebuilding the chart.
  const ranges = useRef({ x: props.xRange, y: props.yRange });
  ranges.current = { x: props.xRange, y: props.yRange };

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth || 480),
      height: props.height ?? 240,
      series: [
        idleBlank({
          label: props.xLabel,
          ...(props.xFormat
            ? { value: (_u: uPlot, v: number) => (props.xFormat as (n: number) => string)(v) }
            : {}),
        }),
        ...props.series.map(idleBlank),
      ],
      scales: {
        x: {
          time: false,
          range: (_u, min, max) => ranges.current.x ?? [min, max],
        },
        y: {
          range: (_u, min, max) => ranges.current.y ?? uPlot.rangeNum(min, max, 0.1, true),
        },
      },
      // Dragging across the plot zooms the x axis; double-click or resetKey undoes it.
      cursor: { drag: { x: true, y: false, setScale: true } },
      axes: [
        {
          label: props.xLabel,
          ...(props.xFormat
            ? {
                values: (_u: uPlot, ticks: number[]) =>
                  ticks.map((t) => (props.xFormat as (v: number) => string)(t)),
              }
            : {}),
        },
        {
          label: props.yLabel,
          size: 84,
          ...(props.yFormat
            ? {
                values: (_u: uPlot, ticks: number[]) =>
                  ticks.map((t) => (props.yFormat as (v: number) => string)(t)),
              }
            : {}),
        },
      ],
      ...(props.bands ? { bands: props.bands } : {}),
      legend: { show: true },
      hooks: {
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
  }, [props.series.length, props.xLabel, props.yLabel]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  const [x0, x1] = props.xRange ?? [Number.NaN, Number.NaN];
  const [y0, y1] = props.yRange ?? [Number.NaN, Number.NaN];
  useEffect(() => {
    const current = plot.current;
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
    </figure>
  );
}
