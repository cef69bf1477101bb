// One measure's teacher-weighted rate in each quartile of schools, as bars, with the rates in
// words under it. A suppressed quartile has no bar and says so.
import { useCallback, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import {
  capitalise,
  describeQuartileBars,
  quartileBars,
  type Dimension,
  type Gap,
} from './equity-model.ts';

const COLORS = ['#8fb3d9', '#6b98c9', '#3f75b3', '#1f4f8a'];

export function QuartileChart({ gap, dimension }: { gap: Gap; dimension: Dimension }) {
  const bars = useMemo(() => quartileBars(gap, dimension), [gap, dimension]);
  const render = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: 200,
        marginLeft: 44,
        marginBottom: 36,
        style: { fontSize: '12px', fontFamily: 'inherit', color: '#3b4651' },
        x: { label: null, domain: bars.map((b) => b.quartile) },
        y: {
          label: '↑ %',
          grid: true,
          domain: [0, Math.max(10, ...bars.map((b) => b.percent ?? 0))],
          nice: true,
        },
        color: { domain: bars.map((b) => b.quartile), range: COLORS },
        marks: [
          Plot.barY(
            bars.filter((b) => b.percent !== null),
            { x: 'quartile', y: 'percent', fill: 'quartile' },
          ),
          Plot.text(bars, {
            x: 'quartile',
            y: (b: (typeof bars)[number]) => b.percent ?? 0,
            text: 'text',
            dy: -8,
            fill: '#1d2630',
          }),
          Plot.ruleY([0]),
        ],
      }),
    [bars],
  );
  return (
    <PlotFigure
      render={render}
      label={`Bar chart: ${gap.label} by quartile`}
      caption={describeQuartileBars(gap.label, bars)}
      className="equity-quartile-chart"
    >
      <h3 className="chart-title">{capitalise(gap.label)}</h3>
    </PlotFigure>
  );
}
