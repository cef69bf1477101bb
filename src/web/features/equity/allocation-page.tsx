// The allocation planner (issue #5; DOMAIN.md §5, §7): a pool of extra staff or dollars and the
// rules for sharing it, every school's share with the reasons (recomputed as the rules change),
// saved scenarios compared side by side, the weighted-student-funding calculator and the Title I
// comparability test.
import { useEffect, useId, useMemo, useState } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, sortRows, type SortState } from '../../ui/sorting.ts';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { ComparabilitySection, FundingSection } from './allocation-funding.tsx';
import {
  formatAmount,
  type AllocationRules,
  type AllocationRun,
  type SchoolShare,
} from './allocation-model.ts';
import { ScenariosSection } from './allocation-scenarios.tsx';
import { EquityTabs } from './equity-tabs.tsx';

const DEFAULT_RULES: AllocationRules = {
  name: 'Instructional coaches by need',
  unit: 'fte',
  pool: 20,
  needExponent: 1,
  floor: 0,
  cap: 2,
  increment: 0.5,
  tiersFirst: false,
  perStudent: false,
};

export function AllocationPage() {
  useDocumentTitle('Allocation planner');
  const [rules, setRules] = useState<AllocationRules>(DEFAULT_RULES);
  const [run, setRun] = useState<AllocationRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [savedCount, setSavedCount] = useState(0);
  const [saveState, setSaveState] = useState<{ message: string; error: ApiError | null }>({
    message: '',
    error: null,
  });

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      apiSend<AllocationRun>('POST', '/api/allocation/run', { rules }).then(
        (result) => {
          if (cancelled) return;
          setRun(result);
          setError(null);
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
  }, [rules]);

  const save = async () => {
    try {
      await apiSend('POST', '/api/allocation/scenarios', rules);
      setSaveState({ message: `Saved “${rules.name}”.`, error: null });
      setSavedCount((n) => n + 1);
    } catch (e) {
      if (e instanceof ApiError) setSaveState({ message: '', error: e });
    }
  };

  return (
    <div className="container page">
      <EquityTabs />
      <header className="page-header">
        <h1>Allocation planner</h1>
        <p className="lede">
          Share a pool of extra staff or dollars across schools by need, tiers, floors and caps, and
          see why each school gets what it gets.
        </p>
      </header>

      <section className="section" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Pool and rules</h2>
        <RulesForm rules={rules} onChange={setRules} />
        <div className="filter-bar">
          <button type="button" className="button button-secondary" onClick={() => void save()}>
            Save as a scenario
          </button>
          <p role="status" className="hint">
            {saveState.message}
          </p>
        </div>
        {saveState.error ? (
          <ErrorNotice title="The scenario was not saved" error={saveState.error} />
        ) : null}
      </section>

      <section className="section" aria-labelledby="shares-heading">
        <h2 id="shares-heading">Every school’s share</h2>
        {error ? (
          <ErrorNotice title="These rules cannot be run" error={error} />
        ) : run === null ? (
          <Loading label="Sharing the pool…" />
        ) : (
          <RunView run={run} />
        )}
      </section>

      <ScenariosSection refreshKey={savedCount} />
      <FundingSection />
      <ComparabilitySection />
    </div>
  );
}

function NumberField({
  label,
  value,
  onChange,
  step = 1,
  min = 0,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  step?: number;
  min?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        step={step}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </div>
  );
}

function RulesForm({
  rules,
  onChange,
}: {
  rules: AllocationRules;
  onChange: (rules: AllocationRules) => void;
}) {
  const id = useId();
  const set = (patch: Partial<AllocationRules>) => {
    const next: AllocationRules = { ...rules, ...patch };
    for (const key of Object.keys(patch) as (keyof AllocationRules)[]) {
      if (next[key] === undefined) delete next[key];
    }
    onChange(next);
  };
  const unit = rules.unit === 'fte' ? 'FTE' : '$';
  return (
    <form className="allocation-form" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-name`}>Scenario name</label>
          <input
            id={`${id}-name`}
            value={rules.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-unit`}>Pool of</label>
          <select
            id={`${id}-unit`}
            value={rules.unit}
            onChange={(e) =>
              set(
                e.target.value === 'dollars'
                  ? {
                      unit: 'dollars',
                      increment: 1,
                      pool: 500_000,
                      cap: undefined,
                      floor: undefined,
                    }
                  : { unit: 'fte', increment: 0.5, pool: 20 },
              )
            }
          >
            <option value="fte">Staff (FTE)</option>
            <option value="dollars">Dollars</option>
          </select>
        </div>
        <NumberField
          label={`Pool (${unit})`}
          value={rules.pool}
          onChange={(v) => set({ pool: v ?? 0 })}
          step={rules.unit === 'fte' ? 0.5 : 1000}
        />
        <NumberField
          label={`Floor per school (${unit})`}
          value={rules.floor}
          onChange={(v) => set({ floor: v })}
          step={rules.unit === 'fte' ? 0.5 : 1000}
        />
        <NumberField
          label={`Cap per school (${unit})`}
          value={rules.cap}
          onChange={(v) => set({ cap: v })}
          step={rules.unit === 'fte' ? 0.5 : 1000}
        />
        <NumberField
          label={`Whole units of (${unit})`}
          value={rules.increment}
          onChange={(v) => set({ increment: v })}
          step={rules.unit === 'fte' ? 0.5 : 1}
        />
        <NumberField
          label="Need weight exponent (0 = equal shares)"
          value={rules.needExponent}
          onChange={(v) => set({ needExponent: v })}
          step={0.5}
        />
        <NumberField
          label="Minimum need index to qualify"
          value={rules.minimumNeed}
          onChange={(v) => set({ minimumNeed: v })}
        />
      </div>
      <div className="filter-bar">
        <label className="field-check">
          <input
            type="checkbox"
            checked={rules.tiersFirst ?? false}
            onChange={(e) => set({ tiersFirst: e.target.checked })}
          />
          Serve tiers in order (tier 1 first)
        </label>
        <label className="field-check">
          <input
            type="checkbox"
            checked={rules.perStudent ?? false}
            onChange={(e) => set({ perStudent: e.target.checked })}
          />
          Weight by students as well as need
        </label>
      </div>
    </form>
  );
}

function RunView({ run }: { run: AllocationRun }) {
  const { result, basis } = run;
  return (
    <>
      <div className="stat-grid" aria-live="polite">
        <div className="stat-card">
          <p className="stat-label">Allocated</p>
          <p className="stat-value">{formatAmount(result.allocated, result.unit)}</p>
          <p className="stat-note">of {formatAmount(result.pool, result.unit)}</p>
        </div>
        <div className="stat-card">
          <p className="stat-label">Schools receiving some</p>
          <p className="stat-value">{result.schools.filter((s) => s.amount > 0).length}</p>
          <p className="stat-note">of {result.schools.length} with a need index</p>
        </div>
      </div>
      {result.problems.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">The rules cannot be met</p>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul className="method-list">
        {result.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <SharesTable shares={result.schools} unit={result.unit} tiers={basis.tiers} />
      <details className="method">
        <summary>Where the need index and tiers come from</summary>
        <p>
          Need index and tiers of{' '}
          {basis.year === null ? 'no school year' : formatSchoolYear(basis.year)} ({basis.ruleSet}).
        </p>
        <ul>
          {basis.methods.map((m) => (
            <li key={m}>{m}</li>
          ))}
          {basis.skipped.length > 0 ? (
            <li>
              Left out: {basis.skipped.map((s) => s.name).join(', ')} — no need index for the year.
            </li>
          ) : null}
        </ul>
      </details>
    </>
  );
}

function SharesTable({
  shares,
  unit,
  tiers,
}: {
  shares: SchoolShare[];
  unit: 'fte' | 'dollars';
  tiers: { rank: number; label: string }[];
}) {
  const [sort, setSort] = useState<SortState>({ key: 'amount', direction: 'descending' });
  const tierLabel = (rank: number | null) =>
    rank === null ? '—' : (tiers.find((t) => t.rank === rank)?.label ?? String(rank));
  const columns: {
    key: string;
    label: string;
    numeric: boolean;
    value: (s: SchoolShare) => string | number | null;
  }[] = [
    { key: 'name', label: 'School', numeric: false, value: (s) => s.name },
    { key: 'need', label: 'Need index', numeric: true, value: (s) => s.needIndex },
    { key: 'tier', label: 'Tier', numeric: true, value: (s) => s.tier },
    { key: 'exact', label: 'Exact share', numeric: true, value: (s) => s.unrounded },
    { key: 'amount', label: 'Allocated', numeric: true, value: (s) => s.amount },
  ];
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = useMemo(
    () => (column ? sortRows(shares, column.value, sort.direction, (s) => s.name) : shares),
    [shares, column, sort.direction],
  );
  return (
    <div
      className="table-scroll table-scroll-tall"
      role="region"
      aria-label="Each school’s share"
      tabIndex={0}
    >
      <table className="data-table allocation-shares">
        <caption>Each school’s share, with how it was reached</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <SortableHeader
                key={c.key}
                label={c.label}
                isNumeric={c.numeric}
                direction={sort.key === c.key ? sort.direction : null}
                onSort={() => setSort(nextSort(sort, c.key, c.numeric))}
              />
            ))}
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.schoolId}>
              <th scope="row">{s.name}</th>
              <td className="num">{s.needIndex.toFixed(1)}</td>
              <td className="num">{tierLabel(s.tier)}</td>
              <td className="num">{s.unrounded.toFixed(2)}</td>
              <td className="num">{formatAmount(s.amount, unit)}</td>
              <td>
                <details>
                  <summary>Explain</summary>
                  <ul>
                    {s.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
