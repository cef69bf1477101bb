// The same schools as the table, as a scatter: a chosen outcome against the share of
// economically disadvantaged students, coloured by level. Follows the table's filters.
import { useCallback, useId, useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import { Link } from 'react-router';
import type { MeasureInfo, SchoolLevel, SchoolSummary } from '../../api/types.ts';
import { formatLevel, formatNumber } from '../../ui/format.ts';
import { LEVEL_COLORS, LEVELS, MUTED_INK } from '../../ui/palette.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { describeScatter, OUTCOME_KEYS, pearson, scatterPoints, X_MEASURE } from './chart-model.ts';

interface SchoolsChartProps {
  /** The schools to plot: those the table's filters let through. */
  schools: readonly SchoolSummary[];
  /** Every school, to decide which outcomes the district reports at all. */
  allSchools: readonly SchoolSummary[];
  measures: readonly MeasureInfo[];
}

export function SchoolsChart({ schools, allSchools, measures }: SchoolsChartProps) {
  const selectId = useId();
  const tableId = useId();
  const outcomes = useMemo(
    () =>
      OUTCOME_KEYS.flatMap((key) => measures.filter((m) => m.key === key)).filter((m) =>
        allSchools.some((s) => s.figures[m.key]?.status === 'reported'),
      ),
    [measures, allSchools],
  );
  const xMeasure = measures.find((m) => m.key === X_MEASURE);
  const [chosen, setChosen] = useState<string>(OUTCOME_KEYS[0]);
  const [showTable, setShowTable] = useState(false);
  const outcome = outcomes.find((m) => m.key === chosen) ?? outcomes[0];

  const points = useMemo(
    () => (outcome ? scatterPoints(schools, X_MEASURE, outcome.key) : []),
    [schools, outcome],
  );
  const levels = LEVELS.filter((level) => points.some((p) => p.level === level));
  const hasTrend = pearson(points) !== null;

  const render = useCallback(
    (width: number) => {
      const isPercent = outcome?.unit === 'percent';
      return Plot.plot({
        width,
        height: Math.round(Math.min(380, Math.max(280, width * 0.5))),
        marginLeft: 48,
        marginBottom: 44,
        style: { fontSize: '13px', fontFamily: 'inherit', color: '#3b4651' },
        x: {
          label: `${xMeasure?.label ?? '% economically disadvantaged'} →`,
          domain: [0, 100],
          grid: true,
          tickFormat: (d: number) => `${d}%`,
        },
        y: {
          label: `↑ ${outcome?.label ?? ''}`,
          grid: true,
          nice: true,
          ...(isPercent ? { tickFormat: (d: number) => `${d}%` } : {}),
        },
        color: { domain: LEVELS, range: LEVELS.map((l) => LEVEL_COLORS[l]) },
        marks: [
          // A trend line needs spread in both figures; with one or two schools it is undefined.
          ...(hasTrend
            ? [
                Plot.linearRegressionY(points, {
                  x: 'x',
                  y: 'y',
                  stroke: MUTED_INK,
                  strokeDasharray: '4 3',
                  ci: 0,
                }),
              ]
            : []),
          Plot.dot(points, {
            x: 'x',
            y: 'y',
            fill: 'level',
            r: 4,
            fillOpacity: 0.8,
            stroke: 'white',
            strokeWidth: 0.75,
            channels: { School: 'name' },
            tip: {
              format: {
                School: true,
                x: (d: number) => formatNumber(d, 'percent'),
                y: (d: number) => (outcome ? formatNumber(d, outcome.unit) : String(d)),
                fill: (d: SchoolLevel) => formatLevel(d),
              },
            },
          }),
        ],
      });
    },
    [points, outcome, xMeasure, hasTrend],
  );

  if (!outcome || !xMeasure) {
    return (
      <p className="empty">
        A chart needs % economically disadvantaged and at least one outcome; this district’s figures
        do not include them.
      </p>
    );
  }

  const summary = describeScatter(points, outcome);
  return (
    <div className="schools-chart">
      <div className="chart-controls">
        <div className="field field-inline">
          <label htmlFor={selectId}>Outcome</label>
          <select id={selectId} value={outcome.key} onChange={(e) => setChosen(e.target.value)}>
            {outcomes.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <ul className="legend" aria-label="School levels">
          {levels.map((level) => (
            <li key={level}>
              <span
                className="legend-swatch"
                style={{ backgroundColor: LEVEL_COLORS[level] }}
                aria-hidden="true"
              />
              {formatLevel(level)}
            </li>
          ))}
          {hasTrend ? (
            <li>
              <span className="legend-line" aria-hidden="true" />
              Trend
            </li>
          ) : null}
        </ul>
      </div>
      {points.length > 0 ? (
        <PlotFigure
          render={render}
          label={`Scatter chart: ${outcome.label} against ${xMeasure.label.toLowerCase()}, one dot per school, coloured by level.`}
          caption={summary}
        />
      ) : (
        <p className="empty">{summary}</p>
      )}
      {points.length > 0 ? (
        <>
          <button
            type="button"
            className="button button-quiet button-flush"
            aria-expanded={showTable}
            aria-controls={tableId}
            onClick={() => setShowTable((v) => !v)}
          >
            {showTable ? 'Hide the chart’s data' : 'Show as table'}
          </button>
          <div id={tableId} hidden={!showTable}>
            {showTable ? (
              <div
                className="table-scroll table-scroll-short"
                role="region"
                aria-label="Chart data"
                tabIndex={0}
              >
                <table className="data-table">
                  <caption>
                    {outcome.label} and {xMeasure.label.toLowerCase()}, by school
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">School</th>
                      <th scope="col">Level</th>
                      <th scope="col" className="num">
                        {xMeasure.label}
                      </th>
                      <th scope="col" className="num">
                        {outcome.label}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...points]
                      .sort((a, b) => a.x - b.x)
                      .map((p) => (
                        <tr key={p.id}>
                          <th scope="row">
                            <Link to={`/schools/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                          </th>
                          <td>{formatLevel(p.level)}</td>
                          <td className="num">{formatNumber(p.x, 'percent')}</td>
                          <td className="num">{formatNumber(p.y, outcome.unit)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
