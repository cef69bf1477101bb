// "Needs & results" (issue #4): every school's outcome against its poverty with the expectation
// band, the schools identified under the chosen rule set and why, a table of every school, the
// pockets of success, and recorded identifications. The outcome, rule set, year, level and
// region are in the address, so a view can be shared.
import { useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { DistrictDiagnostics, SavedRuleSet, SchoolLevel } from '../../api/types.ts';
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
  filterByPlace,
  identifiedSchools,
  regionChoices,
  type DiagnosticsFilter,
} from './diagnostics-model.ts';
import { ExpectationChart } from './expectation-chart.tsx';
import { IdentificationRuns } from './identification-runs.tsx';
import { RuleSetsPanel } from './rule-sets-panel.tsx';

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
    // '' (or "all") is the default: left out of the address.
    if (value === '' || value === 'all') next.delete(key);
    else next.set(key, value);
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
      xlsxHref={`/api/diagnostics.xlsx${query}`}
      place={{ level: params.get('level') ?? '', region: params.get('region') ?? '' }}
      onChange={set}
    />
  );
}

function DiagnosticsView({
  d,
  isRefreshing,
  csvHref,
  xlsxHref,
  place,
  onChange,
}: {
  d: DistrictDiagnostics;
  isRefreshing: boolean;
  csvHref: string;
  xlsxHref: string;
  /** The level and region in the address ('' for all). */
  place: { level: string; region: string };
  onChange: (key: string, value: string) => void;
}) {
  const outcomeId = useId();
  const ruleSetId = useId();
  const yearId = useId();
  const levelId = useId();
  const regionId = useId();
  const [rest, setRest] = useState<DiagnosticsFilter>(EMPTY_FILTER);
  const levels = LEVELS.filter((l) => d.schools.some((s) => s.level === l));
  const regions = useMemo(() => regionChoices(d.schools), [d.schools]);
  // Level and region live in the address; an unknown value there means every school.
  const level: SchoolLevel | 'all' = levels.find((l) => l === place.level) ?? 'all';
  const region = regions.includes(place.region) ? place.region : '';
  const filter: DiagnosticsFilter = { ...rest, level, region };
  const setFilter = (next: DiagnosticsFilter) => {
    setRest(next);
    if (next.level !== level) onChange('level', next.level);
    if (next.region !== region) onChange('region', next.region);
  };
  const byLevel = useMemo(
    () => filterByPlace(d.schools, { level, region }),
    [d.schools, level, region],
  );
  const points = useMemo(() => chartPoints(byLevel), [byLevel]);
  const identified = useMemo(
    () => filterByPlace(identifiedSchools(d), { level, region }),
    [d, level, region],
  );
  const placeName = [
    level === 'all' ? '' : `${formatLevel(level)} schools`,
    region === '' ? '' : region,
  ]
    .filter(Boolean)
    .join(', ');
  const outcomeYears = d.outcomes.find((o) => o.key === d.outcome.key)?.years ?? d.years;
  const ruleSets = useApi<{ ruleSets: SavedRuleSet[] }>('/api/rule-sets', { keepPrevious: true });
  const saved = ruleSets.status === 'ok' ? ruleSets.data.ruleSets : [];

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
            {saved.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} (the district’s)
              </option>
            ))}
            {saved.some((r) => r.id === d.ruleSet.key) ||
            RULE_SETS.some((r) => r.key === d.ruleSet.key) ? null : (
              <option value={d.ruleSet.key}>{d.ruleSet.name}</option>
            )}
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
          <select id={levelId} value={level} onChange={(e) => onChange('level', e.target.value)}>
            <option value="all">All levels</option>
            {levels.map((l) => (
              <option key={l} value={l}>
                {formatLevel(l)}
              </option>
            ))}
          </select>
        </div>
        {d.region !== null && regions.length > 0 ? (
          <div className="field">
            <label htmlFor={regionId}>{d.region.label}</label>
            <select
              id={regionId}
              value={region}
              onChange={(e) => onChange('region', e.target.value)}
            >
              <option value="">{d.region.source === 'town' ? 'All towns' : 'All regions'}</option>
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <a className="button button-secondary" href={csvHref} download>
          Download CSV
        </a>
        <a className="button button-secondary" href={xlsxHref} download>
          Download XLSX
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
              {placeName === '' ? '' : ` · ${placeName}`}
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

          <section aria-labelledby="rule-sets-heading" className="section">
            <div className="section-header">
              <h2 id="rule-sets-heading">Rule sets</h2>
              <p className="section-note">
                The district’s own rules, started from a preset. Saved rule sets appear in the Rule
                set menu above and can be recorded like a preset.
              </p>
            </div>
            {d.year ? (
              <RuleSetsPanel
                ruleSets={ruleSets}
                canEdit={d.canRecordIdentification}
                year={d.year}
                onUse={(id) => onChange('ruleSet', id)}
                onSaved={ruleSets.reload}
              />
            ) : null}
          </section>

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
