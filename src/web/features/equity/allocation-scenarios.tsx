// Saved allocation scenarios, two to four side by side: a chart of each school's amount against
// its need index under every scenario, and the table with the difference explained.
import { useCallback, useState } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../../api/use-api.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { formatAmount, type Comparison, type ScenarioList } from './allocation-model.ts';

const COLORS = ['#1d4ed8', '#b42318', '#047857', '#7c3aed'];

function ComparisonChart({ comparison }: { comparison: Comparison }) {
  const names = comparison.scenarios.map((s) => s.rules.name);
  const render = useCallback(
    (width: number) => {
      const rows = comparison.rows.flatMap((r) =>
        r.amounts.map((amount, i) => ({ need: r.needIndex, amount, scenario: names[i] ?? '' })),
      );
      return Plot.plot({
        width,
        height: 280,
        marginLeft: 56,
        x: { label: 'Need index', grid: true },
        y: { label: 'Allocated', grid: true, zero: true },
        color: { domain: names, range: COLORS.slice(0, names.length) },
        marks: [
          Plot.dot(rows, { x: 'need', y: 'amount', stroke: 'scenario', r: 3 }),
          Plot.lineY(rows, {
            x: 'need',
            y: 'amount',
            stroke: 'scenario',
            sort: 'need',
            strokeOpacity: 0.5,
          }),
        ],
      });
    },
    [comparison, names],
  );
  const unit = comparison.scenarios[0]?.rules.unit ?? 'fte';
  return (
    <PlotFigure
      render={render}
      className="comparison-chart"
      label="Scatter chart of each school's allocation against its need index, one colour per scenario"
      caption={`${comparison.rows.length} schools. ${comparison.results
        .map((r) => `${r.rules}: ${formatAmount(r.allocated, unit)} allocated`)
        .join('; ')}. The table below lists every school.`}
    >
      <ul className="legend" aria-label="Scenarios in the chart">
        {names.map((name, i) => (
          <li key={name}>
            <span className="legend-swatch" style={{ background: COLORS[i] }} aria-hidden="true" />
            {name}
          </li>
        ))}
      </ul>
    </PlotFigure>
  );
}

function ComparisonView({ ids }: { ids: string[] }) {
  const query = `ids=${ids.join(',')}`;
  const result = useApi<Comparison>(`/api/allocation/compare?${query}`);
  if (result.status === 'loading') return <Loading label="Comparing scenarios…" />;
  if (result.status === 'error') {
    return <ErrorNotice title="The scenarios could not be compared" error={result.error} />;
  }
  const c = result.data;
  return (
    <>
      <ComparisonChart comparison={c} />
      <p>
        <a
          className="button button-secondary"
          href={`/api/allocation/compare.csv?${query}`}
          download
        >
          Download the comparison (CSV)
        </a>{' '}
        <a
          className="button button-secondary"
          href={`/api/allocation/compare.xlsx?${query}`}
          download
        >
          Download the comparison (XLSX)
        </a>
      </p>
      <div
        className="table-scroll table-scroll-tall"
        role="region"
        aria-label="Scenarios side by side"
        tabIndex={0}
      >
        <table className="data-table comparison-table">
          <caption>Scenarios side by side, neediest first</caption>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col" className="num">
                Need index
              </th>
              {c.scenarios.map((s) => (
                <th scope="col" className="num" key={s.id}>
                  {s.rules.name}
                </th>
              ))}
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {[...c.rows]
              .sort((a, b) => b.needIndex - a.needIndex)
              .map((r) => (
                <tr key={r.schoolId}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.needIndex.toFixed(1)}</td>
                  {r.amounts.map((amount, i) => (
                    <td className="num" key={c.scenarios[i]?.id ?? i}>
                      {formatAmount(amount, c.scenarios[i]?.rules.unit ?? 'fte')}
                    </td>
                  ))}
                  <td>{r.explanation}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ScenariosSection({ refreshKey }: { refreshKey: number }) {
  const list = useApi<ScenarioList>(`/api/allocation/scenarios?v=${refreshKey}`);
  const [chosen, setChosen] = useState<string[]>([]);
  const [comparing, setComparing] = useState<string[] | null>(null);
  return (
    <section className="section" aria-labelledby="scenarios-heading">
      <h2 id="scenarios-heading">Scenarios side by side</h2>
      {list.status === 'loading' ? (
        <Loading label="Loading saved scenarios…" />
      ) : list.status === 'error' ? (
        <ErrorNotice
          title="The scenarios could not be loaded"
          error={list.error}
          onRetry={list.reload}
        />
      ) : list.data.scenarios.length < 2 ? (
        <EmptyState>
          Save at least two scenarios to compare them ({list.data.scenarios.length} saved).
        </EmptyState>
      ) : (
        <>
          <fieldset className="field-checks scenario-choices">
            <legend>Choose two to four scenarios</legend>
            {list.data.scenarios.map((s) => (
              <label key={s.id} className="field-check">
                <input
                  type="checkbox"
                  checked={chosen.includes(s.id)}
                  disabled={!chosen.includes(s.id) && chosen.length >= 4}
                  onChange={() =>
                    setChosen(
                      chosen.includes(s.id) ? chosen.filter((x) => x !== s.id) : [...chosen, s.id],
                    )
                  }
                />
                {s.rules.name} ({formatAmount(s.rules.pool, s.rules.unit)})
              </label>
            ))}
          </fieldset>
          <button
            type="button"
            className="button button-primary"
            disabled={chosen.length < 2}
            onClick={() => setComparing(chosen)}
          >
            Compare
          </button>
          {comparing ? <ComparisonView key={comparing.join(',')} ids={comparing} /> : null}
        </>
      )}
    </section>
  );
}
