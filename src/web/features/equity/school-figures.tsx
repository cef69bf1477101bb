// A school's own staffing figures (what a principal sees): its quartile placements and each
// rate with its n, suppressed under the minimum n like every other figure.
import { Link } from 'react-router';
import type { EquityReportView } from '../../api/types.ts';
import { EmptyState } from '../../ui/states.tsx';
import { capitalise, formatAmount } from './equity-model.ts';

export function SchoolFigures({ report }: { report: EquityReportView }) {
  if (report.schools.length === 0) {
    return <EmptyState>No staff records are loaded for your school this year.</EmptyState>;
  }
  return (
    <section aria-labelledby="school-figures-heading" className="section">
      <h2 id="school-figures-heading">Your school’s figures</h2>
      {report.schools.map((s) => (
        <div
          key={s.id}
          className="table-scroll equity-table"
          role="region"
          aria-label={`Staffing figures for ${s.name}`}
          tabIndex={0}
        >
          <table className="data-table">
            <caption>
              <Link to={`/schools/${encodeURIComponent(s.id)}`}>{s.name}</Link>: poverty quartile{' '}
              {s.poverty.quartile ?? '—'} of 4, minority quartile {s.minority.quartile ?? '—'} of 4
              (4 = highest share in the district).
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col" className="num">
                  n
                </th>
              </tr>
            </thead>
            <tbody>
              {report.measures.map((m) => {
                const rate = s.measures[m.key];
                return (
                  <tr key={m.key}>
                    <th scope="row">{capitalise(m.label)}</th>
                    <td className="num">{rate?.text ?? 'no data'}</td>
                    <td className="num">
                      {rate?.n === null || rate?.n === undefined ? '—' : formatAmount(rate.n)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
