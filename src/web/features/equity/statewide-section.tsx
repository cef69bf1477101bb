// The statewide-quartile comparison (issue #5), when the state's school figures are loaded: for
// each measure, the highest- against the lowest-quartile rates within the district, of the
// district's schools under the state's cut points, and of every school in the state, side by
// side; then the district's rates by statewide quartile as bars (the page's QuartileChart).
import type { EquityReportView } from '../../api/types.ts';
import { formatPercent } from '../../ui/format.ts';
import { EmptyState } from '../../ui/states.tsx';
import { capitalise, gapText, rateText, type Dimension, type Gap } from './equity-model.ts';
import { QuartileChart } from './quartile-chart.tsx';

type Comparison = EquityReportView['statewide']['comparisons'][number];

export function StatewideSection({
  report,
  dimension,
}: {
  report: EquityReportView;
  dimension: Dimension;
}) {
  const statewide = report.statewide;
  const comparison: Comparison | undefined = statewide.comparisons.find(
    (c) => c.dimension === dimension,
  );
  const within = report.dimensions.find((d) => d.dimension === dimension);
  const what = dimension === 'poverty' ? 'poverty' : 'minority';
  // The service's notes cover both comparisons; a note naming the other share is not this one's.
  const otherShare =
    dimension === 'poverty' ? '% students of colour' : '% economically disadvantaged';
  const notes = statewide.notes.filter((n) => !n.includes(otherShare));
  return (
    <section aria-labelledby="statewide-heading" className="section panel">
      <h2 id="statewide-heading">Against statewide {what} quartiles</h2>
      <p className="section-note">{statewide.note}</p>
      {!comparison ? (
        <EmptyState>
          The state’s figures give no {what} share for {statewide.year ?? report.year}: there are no
          statewide {what} quartiles.
        </EmptyState>
      ) : (
        <>
          <ul className="hint-list">
            <li className="hint">
              Statewide cut points from {comparison.cuts.rankedSchools.toLocaleString('en-US')}{' '}
              ranked schools: highest quartile {formatPercent(comparison.cuts.highMin)} or more,
              lowest {formatPercent(comparison.cuts.lowMax)} or less.
            </li>
            <li className="hint">
              The district’s schools under them: {comparison.placed.high} in the highest quartile,{' '}
              {comparison.placed.middle} in the middle, {comparison.placed.low} in the lowest
              {comparison.placed.unplaced > 0
                ? `, ${comparison.placed.unplaced} without a known share`
                : ''}
              .
            </li>
            {notes.map((n) => (
              <li key={n} className="hint">
                {n}
              </li>
            ))}
          </ul>
          <div
            className="table-scroll equity-table"
            role="region"
            aria-label="Within-district and statewide quartile rates"
            tabIndex={0}
          >
            <table className="data-table">
              <caption>
                Highest- against lowest-{what} quartile, teacher-weighted: within the district, the
                district’s schools under the state’s cut points, and every school in the state.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col">Within the district</th>
                  <th scope="col">District schools, statewide quartiles</th>
                  <th scope="col">All {statewide.state} schools</th>
                </tr>
              </thead>
              <tbody>
                {comparison.district.gaps.map((g) => (
                  <tr key={g.measure}>
                    <th scope="row">{capitalise(g.label)}</th>
                    <td>{cell(within?.gaps.find((x) => x.measure === g.measure))}</td>
                    <td>{cell(g)}</td>
                    <td>
                      {cell(
                        comparison.state.gaps.find((x) => x.measure === g.measure),
                        `Not in the state’s ${statewide.year ?? report.year} files`,
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>The district’s rates by statewide {what} quartile</h3>
          <div className="equity-chart-grid">
            {comparison.district.gaps
              .filter((g) => g.quartiles.length > 0)
              .map((g) => (
                <QuartileChart key={g.measure} gap={g} dimension={dimension} />
              ))}
          </div>
          {Object.keys(statewide.definitions).length > 0 ? (
            <ul className="hint-list">
              {Object.entries(statewide.definitions).map(([key, text]) => (
                <li key={key} className="hint">
                  State figures: {text}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}

/**
 * "Highest: 13.4% (139 of 1,039)", "Lowest: 10.4% (…)", "3.0 points higher", a line each; one
 * line when neither quartile has figures.
 */
function cell(gap: Gap | undefined, noData = 'No figures') {
  if (!gap) return '—';
  const { high, low } = { high: gap.high.teacherWeighted, low: gap.low.teacherWeighted };
  if (high.status === 'missing' && low.status === 'missing') {
    return <span className="statewide-rate">{noData}</span>;
  }
  return (
    <>
      <span className="statewide-rate">Highest: {rateText(high)}</span>
      <br />
      <span className="statewide-rate">Lowest: {rateText(low)}</span>
      <br />
      {capitalise(gapText(gap.gapPoints))}
    </>
  );
}
