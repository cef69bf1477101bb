// The weighted-student-funding calculator (a preset's weights on the district's schools, the base
// per pupil and weights editable) and the Title I comparability test (the 110% rule).
import { useEffect, useId, useState } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import {
  STATUS_LABELS,
  formatAmount,
  type ComparabilityRun,
  type FundingFormula,
  type FundingRun,
} from './allocation-model.ts';

export function FundingSection() {
  const id = useId();
  const formulas = useApi<{ presets: FundingFormula[] }>('/api/funding/formulas');
  const [formula, setFormula] = useState<FundingFormula | null>(null);
  const [run, setRun] = useState<FundingRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const presets = formulas.status === 'ok' ? formulas.data.presets : [];
  const current = formula ?? presets[0] ?? null;

  useEffect(() => {
    if (!current) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      apiSend<FundingRun>('POST', '/api/funding/compute', { formula: current }).then(
        (result) => {
          if (!cancelled) {
            setRun(result);
            setError(null);
          }
        },
        (e: unknown) => {
          if (!cancelled && e instanceof ApiError) setError(e);
        },
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [current]);

  return (
    <section className="section" aria-labelledby="funding-heading">
      <h2 id="funding-heading">Weighted student funding</h2>
      {formulas.status === 'loading' ? (
        <Loading label="Loading formulas…" />
      ) : formulas.status === 'error' ? (
        <ErrorNotice title="The formulas could not be loaded" error={formulas.error} />
      ) : current ? (
        <>
          <div className="filter-bar">
            <div className="field">
              <label htmlFor={`${id}-preset`}>Formula</label>
              <select
                id={`${id}-preset`}
                value={current.key}
                onChange={(e) => setFormula(presets.find((p) => p.key === e.target.value) ?? null)}
              >
                {presets.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-base`}>Base per pupil ($)</label>
              <input
                id={`${id}-base`}
                type="number"
                min={1}
                step={100}
                value={current.basePerPupil}
                onChange={(e) => setFormula({ ...current, basePerPupil: Number(e.target.value) })}
              />
            </div>
            {current.weights.map((w, i) => (
              <div className="field" key={w.key}>
                <label htmlFor={`${id}-w${i}`}>Weight: {w.label}</label>
                <input
                  id={`${id}-w${i}`}
                  type="number"
                  min={0}
                  step={0.05}
                  value={w.weight}
                  onChange={(e) =>
                    setFormula({
                      ...current,
                      weights: current.weights.map((x, j) =>
                        j === i ? { ...x, weight: Number(e.target.value) } : x,
                      ),
                    })
                  }
                />
              </div>
            ))}
          </div>
          <p className="section-note">{current.source}</p>
          {error ? (
            <ErrorNotice title="The formula cannot be applied" error={error} />
          ) : run === null ? (
            <Loading label="Applying the formula…" />
          ) : (
            <>
              <p className="stat-line" aria-live="polite">
                Total: <strong>{formatAmount(run.total, 'dollars')}</strong> across{' '}
                {run.schools.length} schools
                {run.year === null ? '' : `, enrolment of ${formatSchoolYear(run.year)}`}.
              </p>
              <div
                className="table-scroll table-scroll-short"
                role="region"
                aria-label="Funding by school"
                tabIndex={0}
              >
                <table className="data-table funding-table">
                  <caption>Each school’s allocation under the formula, largest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">School</th>
                      <th scope="col" className="num">
                        Students
                      </th>
                      <th scope="col" className="num">
                        Weighted students
                      </th>
                      <th scope="col" className="num">
                        Allocation
                      </th>
                      <th scope="col" className="num">
                        Per pupil
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.schools.map((s) => (
                      <tr key={s.schoolId} title={s.explanation}>
                        <th scope="row">{s.name}</th>
                        <td className="num">{s.enrollment.toLocaleString('en-US')}</td>
                        <td className="num">{s.weightedEnrollment.toFixed(1)}</td>
                        <td className="num">{formatAmount(s.allocation, 'dollars')}</td>
                        <td className="num">{formatAmount(s.perPupil, 'dollars')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <details className="method">
                <summary>How the allocation is computed</summary>
                <ul>
                  {run.methods.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              </details>
            </>
          )}
        </>
      ) : (
        <EmptyState>No funding formulas are available.</EmptyState>
      )}
    </section>
  );
}

export function ComparabilitySection() {
  const id = useId();
  const [threshold, setThreshold] = useState('110');
  const [applied, setApplied] = useState('1.1');
  const result = useApi<ComparabilityRun>(`/api/comparability?threshold=${applied}`, {
    keepPrevious: true,
  });
  return (
    <section className="section" aria-labelledby="comparability-heading">
      <h2 id="comparability-heading">Title I comparability</h2>
      <form
        className="filter-bar"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(String(Number(threshold) / 100));
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-t`}>Limit (% of the non-Title I average)</label>
          <input
            id={`${id}-t`}
            type="number"
            min={100}
            max={200}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary">
          Test
        </button>
        <a
          className="button button-secondary"
          href={`/api/comparability.csv?threshold=${applied}`}
          download
        >
          Download CSV
        </a>
        <a
          className="button button-secondary"
          href={`/api/comparability.xlsx?threshold=${applied}`}
          download
        >
          Download XLSX
        </a>
      </form>
      {result.status === 'loading' ? (
        <Loading label="Testing comparability…" />
      ) : result.status === 'error' ? (
        <ErrorNotice title="The test could not be run" error={result.error} />
      ) : result.data.schools.length === 0 ? (
        <EmptyState>{result.data.methods[0]}</EmptyState>
      ) : (
        <>
          <p className="stat-line">
            {result.data.counts.comparable} Title I schools comparable,{' '}
            <strong>{result.data.counts.notComparable} not comparable</strong>,{' '}
            {result.data.counts.notTested} not tested; {result.data.counts.comparison} non-Title I
            schools set the averages.
          </p>
          <div
            className="table-scroll table-scroll-short"
            role="region"
            aria-label="Comparability by school"
            tabIndex={0}
          >
            <table className="data-table comparability-table">
              <caption>Students per instructional FTE against the limit, by grade span</caption>
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Grade span</th>
                  <th scope="col" className="num">
                    Students per FTE
                  </th>
                  <th scope="col" className="num">
                    Limit
                  </th>
                  <th scope="col">Result</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {result.data.schools
                  .filter((s) => s.isTitleI)
                  .map((s) => (
                    <tr key={s.schoolId}>
                      <th scope="row">{s.name}</th>
                      <td>{s.gradeSpan}</td>
                      <td className="num">{s.studentsPerFte?.toFixed(1) ?? '—'}</td>
                      <td className="num">{s.limit?.toFixed(1) ?? '—'}</td>
                      <td>{STATUS_LABELS[s.status]}</td>
                      <td>{s.reason}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <details className="method">
            <summary>The test and its sources</summary>
            <ul>
              {result.data.methods.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
