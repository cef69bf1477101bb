// The gap (highest minus lowest quartile, in points) for every measure over the loaded years,
// one line per measure. Years where a gap cannot be shown leave a hole, never a zero.
import { useCallback, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { describeTrend, type TrendRow } from './equity-model.ts';

const PALETTE = ['#1f5fa8', '#b5472f', '#2f8a4c', '#7a4fa3', '#b8860b', '#4a5560'];

export function GapTrendChart({ rows }: { rows: readonly TrendRow[] }) {
  const measures = useMemo(() => [...new Set(rows.map((r) => r.measure))], [rows]);
  const data = useMemo(() => rows.map((r) => ({ ...r, gap: r.gap ?? Number.NaN })), [rows]);
  const render = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: 260,
        marginLeft: 48,
        style: { fontSize: '12px', fontFamily: 'inherit', color: '#3b4651' },
        x: { type: 'point', label: null, tickFormat: (y: number) => String(y) },
        y: { label: '↑ gap (points)', grid: true, nice: true },
        color: { legend: true, domain: measures, range: PALETTE },
        marks: [
          Plot.ruleY([0], { stroke: '#8a949e' }),
          Plot.lineY(data, { x: 'year', y: 'gap', stroke: 'measure', strokeWidth: 2 }),
          Plot.dot(data, { x: 'year', y: 'gap', fill: 'measure', r: 3.5 }),
        ],
      }),
    [data, measures],
  );
  return (
    <PlotFigure
      render={render}
      label="Line chart: the gap between the highest and lowest quartile, by year"
      caption={describeTrend(rows)}
    />
  );
}
