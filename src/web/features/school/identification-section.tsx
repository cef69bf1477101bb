// "Identification and schools like this one" (issue #4): why the school is or is not identified
// in each loaded year, its result against what schools with its poverty achieve, and its
// nearest demographic peers with where it stands among them; then, from the same answer, its
// students' access to advanced courses by group (course-access-section.tsx).
import { Link } from 'react-router';
import type { SchoolDiagnostics } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { formatCount, formatSchoolYear } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { CLASS_LABELS, designationText } from '../diagnostics/diagnostics-model.ts';
import { CourseAccessView } from './course-access-section.tsx';

const one = (v: number | null) => (v === null ? '—' : v.toFixed(1).replace(/^-/, '\u2212'));
const signed = (v: number | null) =>
  v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '\u2212' : ''}${Math.abs(v).toFixed(1)}`;

export function IdentificationSection({ schoolId }: { schoolId: string }) {
  const result = useApi<SchoolDiagnostics>(
    `/api/schools/${encodeURIComponent(schoolId)}/diagnostics`,
  );
  return (
    <>
      <section aria-labelledby="identification-heading" className="section" id="identification">
        <h2 id="identification-heading">Identification and schools like this one</h2>
        {result.status === 'loading' ? (
          <Loading label="Loading identification and peers…" />
        ) : result.status === 'error' ? (
          <ErrorNotice
            title="Identification and peers could not be loaded"
            error={result.error}
            onRetry={result.reload}
          />
        ) : (
          <IdentificationView d={result.data} />
        )}
      </section>
      {/* The same answer carries access to advanced courses: one request for both sections. */}
      <section aria-labelledby="advanced-courses-heading" className="section" id="advanced-courses">
        <h2 id="advanced-courses-heading">Access to advanced courses</h2>
        {result.status === 'loading' ? (
          <Loading label="Loading access to advanced courses…" />
        ) : result.status === 'error' ? (
          <p className="hint">Not available: the school’s diagnostics could not be loaded.</p>
        ) : (
          <CourseAccessView d={result.data} />
        )}
      </section>
    </>
  );
}

function IdentificationView({ d }: { d: SchoolDiagnostics }) {
  const { expectation, peers, outcome } = d;
  return (
    <>
      <h3>Why it is or is not identified</h3>
      <p className="section-note">{d.ruleSet.name}.</p>
      {d.identification.length === 0 ? (
        <EmptyState>No figures are loaded for this school, so no rule applies.</EmptyState>
      ) : (
        <ul className="identification-history">
          {d.identification.map((i) => (
            <li key={i.year} className={i.identified ? 'is-identified' : undefined}>
              <strong>
                {formatSchoolYear(i.year)}:{' '}
                {i.identified
                  ? `identified — ${designationText({ identification: i })}`
                  : 'not identified'}
                {i.tier ? ` · tier ${i.tier}` : ''}
              </strong>
              <ul className="reasons">
                {i.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}

      <h3>Against expectation{d.year ? `, ${formatSchoolYear(d.year)}` : ''}</h3>
      {expectation === null || expectation.actual === null ? (
        <EmptyState>
          {expectation?.reason ?? 'No expectation for this school this year.'}
        </EmptyState>
      ) : (
        <>
          <dl className="stat-grid">
            <div className="stat-card">
              <dt className="stat-label">{outcome.label}</dt>
              <dd className="stat-value">{one(expectation.actual)}</dd>
            </div>
            <div className="stat-card">
              <dt className="stat-label">Expected for its poverty</dt>
              <dd className="stat-value">{one(expectation.expected)}</dd>
            </div>
            <div className="stat-card">
              <dt className="stat-label">Difference</dt>
              <dd className="stat-value">{signed(expectation.residual)}</dd>
            </div>
            <div className="stat-card">
              <dt className="stat-label">Against expectation</dt>
              <dd className="stat-value stat-value-text">
                {CLASS_LABELS[expectation.classification]}
              </dd>
            </div>
          </dl>
          <p>{expectation.reason}</p>
        </>
      )}
      <p className="hint">{d.methods.regression}</p>

      <h3>Schools like this one</h3>
      {peers.standing ? <p className="standing">{peers.standing.sentence}</p> : null}
      {peers.schools.length === 0 ? (
        <EmptyState>{peers.note ?? 'No comparable schools.'}</EmptyState>
      ) : (
        <div className="table-scroll" role="region" aria-label="Schools like this one" tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">
              {d.school.name} and its {peers.schools.length} nearest demographic peers, nearest
              first
            </caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col" className="num">
                  Distance
                </th>
                <th scope="col" className="num">
                  {outcome.label}
                </th>
                <th scope="col" className="num">
                  % econ. disadv.
                </th>
                <th scope="col" className="num">
                  Enrollment
                </th>
              </tr>
            </thead>
            <tbody>
              <tr className="row-self">
                <th scope="row">{d.school.name} (this school)</th>
                <td className="num">—</td>
                <td className="num">{one(peers.standing?.value ?? null)}</td>
                <td className="num">
                  {peers.self.econDisadv === null ? '—' : `${one(peers.self.econDisadv)}%`}
                </td>
                <td className="num">
                  {peers.self.enrollment === null ? '—' : formatCount(peers.self.enrollment)}
                </td>
              </tr>
              {peers.schools.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/schools/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                  </th>
                  <td className="num">{p.distance.toFixed(2)}</td>
                  <td className="num">{one(p.outcome)}</td>
                  <td className="num">{p.econDisadv === null ? '—' : `${one(p.econDisadv)}%`}</td>
                  <td className="num">{p.enrollment === null ? '—' : formatCount(p.enrollment)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">
        {d.methods.peers}
        {peers.imputed.length > 0
          ? ` Not reported for this school, set to the level’s mean: ${peers.imputed.join(', ')}.`
          : ''}
      </p>
    </>
  );
}
