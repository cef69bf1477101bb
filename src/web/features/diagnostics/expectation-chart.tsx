// The outcome against poverty with the regression line and its expectation band, one mark per
// school coloured and shaped by how it does against expectation. A caption says what it shows
// in words, and "Show as table" gives the same points as a table.
import { useCallback, useId, useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import { Link } from 'react-router';
import type { DistrictDiagnostics } from '../../api/types.ts';
import { formatLevel } from '../../ui/format.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import {
  CLASS_COLORS,
  CLASS_GLYPHS,
  CLASS_LABELS,
  CLASS_ORDER,
  CLASS_SYMBOLS,
  describeChart,
  type ChartPoint,
} from './diagnostics-model.ts';

const one = (v: number | null) => (v === null ? '—' : v.toFixed(1).replace(/^-/, '\u2212'));

export function ExpectationChart({
  diagnostics,
  points,
}: {
  diagnostics: DistrictDiagnostics;
  points: readonly ChartPoint[];
}) {
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const { fit, outcome } = diagnostics;
  const classes = CLASS_ORDER.filter((c) => points.some((p) => p.classification === c));
  const caption = useMemo(() => describeChart(diagnostics, points), [diagnostics, points]);

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: Math.round(Math.min(420, Math.max(300, width * 0.5))),
        marginLeft: 48,
        marginBottom: 44,
        style: { fontSize: '13px', fontFamily: 'inherit', color: '#3b4651' },
        x: {
          label: '% economically disadvantaged →',
          domain: [0, 100],
          grid: true,
          tickFormat: (d: number) => `${d}%`,
        },
        y: { label: `↑ ${outcome.label}`, grid: true, nice: true },
        color: { domain: CLASS_ORDER, range: CLASS_ORDER.map((c) => CLASS_COLORS[c]) },
        symbol: { domain: CLASS_ORDER, range: CLASS_ORDER.map((c) => CLASS_SYMBOLS[c]) },
        marks: [
          ...(fit
            ? [
                Plot.areaY(fit.band, {
                  x: 'x',
                  y1: 'lower',
                  y2: 'upper',
                  fill: '#1f5fa8',
                  fillOpacity: 0.12,
                }),
                Plot.line(fit.band, { x: 'x', y: 'expected', stroke: '#1f5fa8', strokeWidth: 2 }),
              ]
            : []),
          Plot.dot(points, {
            x: 'x',
            y: 'y',
            stroke: 'classification',
            fill: 'classification',
            symbol: 'classification',
            fillOpacity: 0.75,
            r: 4.5,
            channels: { School: 'name', Expected: 'expected', Against: 'classLabel' },
            tip: {
              format: {
                School: true,
                x: (d: number) => `${one(d)}%`,
                y: (d: number) => one(d),
                Expected: (d: number | null) => one(d),
                Against: true,
                fill: false,
                stroke: false,
                symbol: false,
              },
            },
          }),
        ],
      }),
    [points, fit, outcome.label],
  );

  if (points.length === 0) {
    return (
      <p className="empty">
        No school has both {outcome.label.toLowerCase()} and % economically disadvantaged for this
        year.
      </p>
    );
  }
  return (
    <div className="expectation-chart">
      <ul className="legend" aria-label="How schools do against expectation">
        {classes.map((c) => (
          <li key={c}>
            <span className="legend-symbol" style={{ color: CLASS_COLORS[c] }} aria-hidden="true">
              {CLASS_GLYPHS[c]}
            </span>
            {CLASS_LABELS[c]}
          </li>
        ))}
        {fit ? (
          <li>
            <span className="legend-band" aria-hidden="true" />
            Expected, with its band
          </li>
        ) : null}
      </ul>
      <PlotFigure
        render={render}
        label={`Scatter chart: ${outcome.label} against % economically disadvantaged, one mark per school, with the expected line and band.`}
        caption={caption}
      />
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
                {outcome.label}, expected and % economically disadvantaged, by school
              </caption>
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Level</th>
                  <th scope="col" className="num">
                    % econ. disadv.
                  </th>
                  <th scope="col" className="num">
                    Actual
                  </th>
                  <th scope="col" className="num">
                    Expected
                  </th>
                  <th scope="col">Against expectation</th>
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
                      <td className="num">{one(p.x)}%</td>
                      <td className="num">{one(p.y)}</td>
                      <td className="num">{one(p.expected)}</td>
                      <td>{p.classLabel}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </div>
  );
}
