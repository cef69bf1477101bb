// One measure over the school years, as a small line chart. Years without a reported figure
// leave a gap in the line: a suppressed or missing figure is never drawn as zero.
import { useCallback } from 'react';
import * as Plot from '@observablehq/plot';
import { formatNumber, formatSchoolYear } from '../../ui/format.ts';
import { LINE_COLOR } from '../../ui/palette.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { describeTrend, type MeasureTrend } from './school-model.ts';

const shortYear = (year: number) =>
  `${String((year - 1) % 100).padStart(2, '0')}–${String(year % 100).padStart(2, '0')}`;

function axisFormat(unit: MeasureTrend['measure']['unit']) {
  switch (unit) {
    case 'percent':
      return (d: number) => `${d}%`;
    case 'dollars':
      return (d: number) => (d >= 1000 ? `$${d / 1000}k` : `$${d}`);
    default:
      return (d: number) => formatNumber(d, unit === 'index' ? 'score' : unit);
  }
}

export function TrendChart({ trend, years }: { trend: MeasureTrend; years: readonly number[] }) {
  const { measure, points } = trend;
  const render = useCallback(
    (width: number) => {
      const data = years.map((year) => {
        const figure = points.find((p) => p.year === year);
        const value = figure?.status === 'reported' ? figure.value : null;
        return { year, value: value ?? Number.NaN, label: formatSchoolYear(year) };
      });
      return Plot.plot({
        width,
        height: 160,
        marginLeft: measure.unit === 'dollars' ? 48 : 44,
        marginRight: 12,
        marginTop: 12,
        style: { fontSize: '12px', fontFamily: 'inherit', color: '#3b4651' },
        x: {
          type: 'point',
          domain: years,
          label: null,
          tickFormat: shortYear,
        },
        y: {
          label: null,
          grid: true,
          nice: true,
          zero: measure.unit !== 'index',
          ticks: 4,
          tickFormat: axisFormat(measure.unit),
        },
        marks: [
          ...(measure.unit === 'index' ? [Plot.ruleY([0], { stroke: '#8a949e' })] : []),
          Plot.lineY(data, { x: 'year', y: 'value', stroke: LINE_COLOR, strokeWidth: 2 }),
          Plot.dot(data, {
            x: 'year',
            y: 'value',
            fill: LINE_COLOR,
            r: 3,
            channels: { Year: 'label' },
            tip: {
              format: {
                Year: true,
                x: false,
                y: (d: number) => formatNumber(d, measure.unit),
              },
            },
          }),
        ],
      });
    },
    [points, years, measure.unit],
  );

  return (
    <PlotFigure
      className="trend-chart"
      render={render}
      label={`Line chart of ${measure.label.toLowerCase()} by school year`}
      caption={describeTrend(trend)}
    >
      <h3 className="chart-title">{measure.label}</h3>
    </PlotFigure>
  );
}
