/** A small uPlot chart that follows its container's width and updates in place. */

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartProps {
  /** Bucket starts, in seconds since the epoch. */
  x: number[];
  y: Array<number | null>;
  kind: 'bars' | 'line';
  color: string;
  label: string;
  height?: number;
}

function options(kind: ChartProps['kind'], color: string, width: number, height: number): uPlot.Options {
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    axes: [{ show: false }, { show: false }],
    padding: [4, 2, 2, 2],
    scales: {
      x: { time: true },
      // From zero, so that a flat line reads as "steady", not as "nothing".
      y: { range: (_self, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    series: [
      {},
      kind === 'bars'
        ? { stroke: color, fill: color, width: 0, paths: uPlot.paths.bars!({ size: [0.75, 24] }), points: { show: false } }
        : // Buckets without deliveries have no latency: join their neighbours rather than leave lone dots. A line needs
          // two points: a window with one bucket of deliveries shows it as a dot.
          {
            stroke: color,
            width: 2,
            spanGaps: true,
            points: { size: 5, fill: color, show: (self, series) => hasOneValue(self.data[series]) },
          },
    ],
  };
}

function hasOneValue(values: ArrayLike<number | null | undefined>): boolean {
  return Array.from(values).filter((value) => value !== null && value !== undefined).length === 1;
}

export function Chart({ x, y, kind, color, label, height = 56 }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shown = useRef('');

  useEffect(() => {
    const element = host.current!;
    const chart = new uPlot(options(kind, color, Math.max(element.clientWidth, 100), height), [x, y], element);
    plot.current = chart;
    shown.current = JSON.stringify([x, y]);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      // On the next frame: resizing inside the observer's callback would trigger it again.
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const width = Math.max(element.clientWidth, 100);
        if (width !== chart.width) chart.setSize({ width, height });
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [kind, color, height]);

  useEffect(() => {
    // Each poll brings new arrays: redraw only when the numbers changed.
    const key = JSON.stringify([x, y]);
    if (plot.current && key !== shown.current) {
      shown.current = key;
      plot.current.setData([x, y]);
    }
  }, [x, y]);

  return <div class="chart" ref={host} role="img" aria-label={label} />;
}
