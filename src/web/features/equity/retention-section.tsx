// Retention by effectiveness: DCPS's sentence ("we kept 89% of our high performers and 61% of our
// low"), a stacked bar per rating level (stayed / moved / left), and the table by poverty quartile
// with n in every row. Cells under the minimum n say so instead of a number.
import { useCallback, useId, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { RetentionView } from '../../api/types.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { describeRetentionBars, retentionBars } from './equity-model.ts';

const OUTCOMES = ['Stayed', 'Moved', 'Left'] as const;
const OUTCOME_COLORS = ['#2f6f4f', '#7fb08f', '#c0583c'];

export function RetentionSection({
  retention,
  onYear,
  csvHref,
  xlsxHref,
}: {
  retention: RetentionView;
  onYear: (year: string) => void;
  csvHref: string;
  xlsxHref: string;
}) {
  const yearId = useId();
  const bars = useMemo(() => retentionBars(retention), [retention]);
  const render = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: Math.max(120, 44 * new Set(bars.map((b) => b.rating)).size + 50),
        marginLeft: 130,
        style: { fontSize: '12px', fontFamily: 'inherit', color: '#3b4651' },
        x: { label: '% of teachers →', domain: [0, 100] },
        y: { label: null, domain: retention.levels },
        color: { legend: true, domain: [...OUTCOMES], range: OUTCOME_COLORS },
        marks: [
          Plot.barX(bars, { x: 'percent', y: 'rating', fill: 'outcome', order: [...OUTCOMES] }),
        ],
      }),
    [bars, retention.levels],
  );
  const quartiles = ['all', 4, 3, 2, 1] as const;
  return (
    <section aria-labelledby="retention-heading" className="section panel">
      <div className="section-header">
        <h2 id="retention-heading">Retention by effectiveness</h2>
        <div className="filter-bar">
          <div className="field">
            <label htmlFor={yearId}>Followed from</label>
            <select id={yearId} value={retention.to} onChange={(e) => onYear(e.target.value)}>
              {[...retention.pairs].reverse().map((p) => (
                <option key={p.to} value={p.to}>
                  {formatSchoolYear(p.from)} to {formatSchoolYear(p.to)}
                </option>
              ))}
            </select>
          </div>
          <a className="button button-secondary" href={csvHref} download>
            Retention CSV
          </a>
          <a className="button button-secondary" href={xlsxHref} download>
            Retention XLSX
          </a>
        </div>
      </div>
      <ul className="equity-sentences">
        {retention.sentences.map((s) => (
          <li key={String(s.quartile)}>{s.text}</li>
        ))}
      </ul>
      {bars.length === 0 ? (
        <EmptyState>
          No rating level has {retention.minimumN} or more teachers to show for these years.
        </EmptyState>
      ) : (
        <PlotFigure
          render={render}
          label="Stacked bar chart: share of teachers who stayed, moved or left, by rating"
          caption={describeRetentionBars(retention)}
        />
      )}
      <div
        className="table-scroll equity-table"
        role="region"
        aria-label="Retention by rating and poverty quartile"
        tabIndex={0}
      >
        <table className="data-table">
          <caption>
            Teachers followed from {formatSchoolYear(retention.from)} to{' '}
            {formatSchoolYear(retention.to)}, by their rating and the poverty quartile of the school
            they started in (4 = highest poverty).
          </caption>
          <thead>
            <tr>
              <th scope="col">Rating</th>
              <th scope="col">Poverty quartile</th>
              <th scope="col" className="num">
                Teachers (n)
              </th>
              <th scope="col" className="num">
                Stayed
              </th>
              <th scope="col" className="num">
                Moved
              </th>
              <th scope="col" className="num">
                Left
              </th>
              <th scope="col" className="num">
                Kept
              </th>
            </tr>
          </thead>
          <tbody>
            {retention.levels.flatMap((level) =>
              quartiles.flatMap((q) => {
                const cell = retention.cells.find((c) => c.rating === level && c.quartile === q);
                if (!cell) return [];
                return [
                  <tr key={`${level}-${q}`}>
                    <th scope="row">{level}</th>
                    <td>{q === 'all' ? 'All schools' : `Q${q}`}</td>
                    <td className="num">{cell.n ?? `fewer than ${retention.minimumN}`}</td>
                    <td className="num">{cell.stayed.text}</td>
                    <td className="num">{cell.moved.text}</td>
                    <td className="num">{cell.left.text}</td>
                    <td className="num">{cell.kept.text}</td>
                  </tr>,
                ];
              }),
            )}
          </tbody>
        </table>
      </div>
      <ul className="hint-list">
        {[...retention.definitions, ...retention.notes, ...retention.sources].map((line) => (
          <li key={line} className="hint">
            {line}
          </li>
        ))}
      </ul>
    </section>
  );
}
