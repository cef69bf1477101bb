// "Needs & results" (issue #4): every school's outcome against its poverty with the expectation
// band, the schools identified under the chosen rule set and why, a table of every school, the
// pockets of success, and recorded identifications. The outcome, rule set and year are in the
// address, so a view can be shared.
import { useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { DistrictDiagnostics, SchoolLevel } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { formatCount, formatLevel, formatSchoolYear } from '../../ui/format.ts';
import { LEVELS } from '../../ui/palette.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import {
  EMPTY_FILTER,
  chartPoints,
  designationText,
  identifiedSchools,
  type DiagnosticsFilter,
} from './diagnostics-model.ts';
import { ExpectationChart } from './expectation-chart.tsx';
import { IdentificationRuns } from './identification-runs.tsx';

const RULE_SETS = [
  { key: 'north-carolina', label: 'North Carolina low-performing schools' },
  { key: 'federal-essa', label: 'Federal ESSA frame (CSI, TSI, ATSI)' },
] as const;

function apiQuery(params: URLSearchParams): string {
  const q = new URLSearchParams();
  for (const key of ['year', 'outcome', 'ruleSet']) {
    const v = params.get(key);
    if (v) q.set(key, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function DiagnosticsPage() {
  const [params, setParams] = useSearchParams();
  const query = apiQuery(params);
  const result = useApi<DistrictDiagnostics>(`/api/diagnostics${query}`, { keepPrevious: true });
  useDocumentTitle('Needs & results');
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true, preventScrollReset: true });
  };

  if (result.status === 'loading') {
    return (
      <div className="container page">
        <h1 className="visually-hidden">Needs & results</h1>
        <Loading label="Computing the district’s needs and results…" />
      </div>
    );
  }
  if (result.status === 'error') {
    return (
      <div className="container page">
        <h1>Needs & results</h1>
        <ErrorNotice
          title="The needs and results could not be loaded"
          error={result.error}
          onRetry={result.reload}
        />
      </div>
    );
  }
  return (
    <DiagnosticsView
      d={result.data}
      isRefreshing={result.isRefreshing === true}
      csvHref={`/api/diagnostics.csv${query}`}
      onChange={set}
    />
  );
}

function DiagnosticsView({
  d,
  isRefreshing,
  csvHref,
  onChange,
}: {
  d: DistrictDiagnostics;
  isRefreshing: boolean;
  csvHref: string;
  onChange: (key: string, value: string) => void;
}) {
  const outcomeId = useId();
  const ruleSetId = useId();
  const yearId = useId();
  const levelId = useId();
  const [filter, setFilter] = useState<DiagnosticsFilter>(EMPTY_FILTER);
  const levels = LEVELS.filter((l) => d.schools.some((s) => s.level === l));
  const byLevel = useMemo(
    () => d.schools.filter((s) => filter.level === 'all' || s.level === filter.level),
    [d.schools, filter.level],
  );
  const points = useMemo(() => chartPoints(byLevel), [byLevel]);
  const identified = useMemo(
    () => identifiedSchools(d).filter((s) => filter.level === 'all' || s.level === filter.level),
    [d, filter.level],
  );
  const outcomeYears = d.outcomes.find((o) => o.key === d.outcome.key)?.years ?? d.years;

  return (
    <div className={`container page${isRefreshing ? ' refreshing' : ''}`} aria-busy={isRefreshing}>
      <header className="page-header">
        <p className="eyebrow">{d.district.name}</p>
        <h1>Needs & results</h1>
        <p className="lede">
          Which schools need support, and how each does against schools serving similar students
          {d.year ? ` · ${formatSchoolYear(d.year)}` : ''}.
        </p>
      </header>

      <div className="filter-bar diagnostics-controls">
        <div className="field">
          <label htmlFor={outcomeId}>Outcome</label>
          <select
            id={outcomeId}
            value={d.outcome.key}
            onChange={(e) => onChange('outcome', e.target.value)}
          >
            {d.outcomes.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ruleSetId}>Rule set</label>
          <select
            id={ruleSetId}
            value={d.ruleSet.key}
            onChange={(e) => onChange('ruleSet', e.target.value)}
          >
            {RULE_SETS.map((r) => (
              <option key={r.key} value={r.key}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={yearId}>School year</label>
          <select
            id={yearId}
            value={d.year ?? ''}
            onChange={(e) => onChange('year', e.target.value)}
          >
            {[...outcomeYears].reverse().map((y) => (
              <option key={y} value={y}>
                {formatSchoolYear(y)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={levelId}>Level</label>
          <select
            id={levelId}
            value={filter.level}
            onChange={(e) => {
              const level: SchoolLevel | 'all' = levels.find((l) => l === e.target.value) ?? 'all';
              setFilter({ ...filter, level });
            }}
          >
            <option value="all">All levels</option>
            {levels.map((l) => (
              <option key={l} value={l}>
                {formatLevel(l)}
              </option>
            ))}
          </select>
        </div>
        <a className="button button-secondary" href={csvHref} download>
          Download CSV
        </a>
      </div>

      {d.schools.length === 0 ? (
        <EmptyState>
          No figures are loaded for this district yet. Import report-card files to see needs and
          results here.
        </EmptyState>
      ) : (
        <>
          <div className="stat-grid">
            <div className="stat-card">
              <p className="stat-label">Identified</p>
              <p className="stat-value">{formatCount(d.counts.identified)}</p>
              <p className="stat-note">of {formatCount(d.counts.schools)} schools</p>
            </div>
            <div className="stat-card">
              <p className="stat-label">Beating the odds</p>
              <p className="stat-value">{formatCount(d.counts.beatingTheOdds)}</p>
              <p className="stat-note">above expectation, significant</p>
            </div>
            <div className="stat-card">
              <p className="stat-label">Below expectation</p>
              <p className="stat-value">{formatCount(d.counts.belowExpectation)}</p>
              <p className="stat-note">below expectation, significant</p>
            </div>
            <div className="stat-card">
              <p className="stat-label">As expected</p>
              <p className="stat-value">{formatCount(d.counts.asExpected)}</p>
              <p className="stat-note">{formatCount(d.counts.notRated)} not rated</p>
            </div>
          </div>

          <section aria-labelledby="chart-heading" className="section panel">
            <h2 id="chart-heading">
              {d.outcome.label} against poverty
              {filter.level === 'all' ? '' : ` · ${formatLevel(filter.level)} schools`}
            </h2>
            <ExpectationChart diagnostics={d} points={points} />
            <p className="hint method">{d.methods.regression}</p>
            {d.outcome.source ? <p className="hint">Source: {d.outcome.source}</p> : null}
          </section>

          <section aria-labelledby="identified-heading" className="section">
            <div className="section-header">
              <h2 id="identified-heading">Identified schools</h2>
              <p className="section-note">{d.methods.identification}</p>
            </div>
            {identified.length === 0 ? (
              <EmptyState>No school is identified under this rule set this year.</EmptyState>
            ) : (
              <ul className="identified-list">
                {identified.map((s) => (
                  <li key={s.id} className="identified-item">
                    <p className="identified-name">
                      <Link to={`/schools/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                      <span className="designation">{designationText(s)}</span>
                      {s.identification.tier ? (
                        <span className="tier">Tier: {s.identification.tier}</span>
                      ) : null}
                    </p>
                    <ul className="reasons">
                      {s.identification.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="all-heading" className="section">
            <div className="section-header">
              <h2 id="all-heading">Every school</h2>
              <p className="section-note">{d.methods.needIndex}</p>
            </div>
            <DiagnosticsTable rows={byLevel} filter={filter} onFilterChange={setFilter} />
          </section>

          {d.pockets.length > 0 ? (
            <section aria-labelledby="pockets-heading" className="section">
              <div className="section-header">
                <h2 id="pockets-heading">Pockets of success</h2>
                <p className="section-note">{d.methods.pockets}</p>
              </div>
              <ul className="pockets">
                {d.pockets.slice(0, 12).map((p) => (
                  <li key={`${p.schoolId}-${p.group}-${p.kind}`}>
                    <Link to={`/schools/${encodeURIComponent(p.schoolId)}`}>{p.schoolName}</Link>
                    {' — '}
                    {p.reason}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section aria-labelledby="runs-heading" className="section">
            <h2 id="runs-heading">Recorded identifications</h2>
            {d.year ? (
              <IdentificationRuns
                canRecord={d.canRecordIdentification}
                ruleSet={d.ruleSet.key}
                ruleSetName={d.ruleSet.name}
                year={d.year}
              />
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}
