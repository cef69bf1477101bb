// The incentive designer (issue #5; DOMAIN.md §5): the district's programs, a new one from a
// preset, the design as a form with the eligible count and annual cost recomputed as it changes,
// the cost by school, who is eligible by name (HR and the district leader, audited), the equity
// gap projected under stated assumptions, and the awards paid with the retention comparison.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, apiGet, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, sortRows, type SortState } from '../../ui/sorting.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { EquityTabs } from './equity-tabs.tsx';
import { DesignForm } from './incentives-design-form.tsx';
import { AwardsSection, ProjectionSection } from './incentives-effects.tsx';
import {
  money,
  type EligibleList,
  type Evaluation,
  type Program,
  type ProgramDesign,
  type ProgramList,
  type SchoolCost,
} from './incentives-model.ts';

export function IncentivesPage() {
  useDocumentTitle('Incentive designer');
  const list = useApi<ProgramList>('/api/incentives');
  const [selected, setSelected] = useState<string | null>(null);
  const [preset, setPreset] = useState('');
  const [createError, setCreateError] = useState<ApiError | null>(null);
  // Names saved since the list loaded: reloading the list would unmount the open editor.
  const [renamed, setRenamed] = useState<Record<string, string>>({});

  if (list.status === 'loading') {
    return (
      <div className="container page">
        <h1 className="visually-hidden">Incentive designer</h1>
        <Loading label="Loading incentive programs…" />
      </div>
    );
  }
  if (list.status === 'error') {
    return (
      <div className="container page">
        <h1>Incentive designer</h1>
        <ErrorNotice
          title="The incentive programs could not be loaded"
          error={list.error}
          onRetry={list.reload}
        />
      </div>
    );
  }
  const { programs, presets, canManage, canSeeNames } = list.data;
  const current = programs.find((p) => p.id === selected) ?? programs[0] ?? null;
  const create = async () => {
    setCreateError(null);
    try {
      const created = await apiSend<Program>('POST', '/api/incentives', {
        presetKey: preset || presets[0]?.key,
      });
      setSelected(created.id);
      list.reload();
    } catch (error) {
      if (error instanceof ApiError) setCreateError(error);
    }
  };
  const chosenPreset = presets.find((p) => p.key === (preset || presets[0]?.key));

  return (
    <div className="container page">
      <EquityTabs />
      <header className="page-header">
        <h1>Incentive designer</h1>
        <p className="lede">
          Bonuses, stipends and allowances for staff in high-need schools: who qualifies today, what
          it costs, and what it might do to the equity gap.
        </p>
      </header>

      <section className="section" aria-labelledby="programs-heading">
        <h2 id="programs-heading">Programs</h2>
        {programs.length === 0 ? (
          <EmptyState>
            No incentive programs yet.{canManage ? ' Start one from a preset below.' : ''}
          </EmptyState>
        ) : (
          <div className="field">
            <label htmlFor="program-select">Program</label>
            <select
              id="program-select"
              value={current?.id ?? ''}
              onChange={(e) => setSelected(e.target.value)}
            >
              {programs.map((p) => (
                <option key={p.id} value={p.id}>
                  {renamed[p.id] ?? p.name} ({p.status === 'active' ? 'active' : 'draft'})
                </option>
              ))}
            </select>
          </div>
        )}
        {canManage ? (
          <div className="filter-bar">
            <div className="field">
              <label htmlFor="preset-select">Start a new program from</label>
              <select id="preset-select" value={preset} onChange={(e) => setPreset(e.target.value)}>
                {presets.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="button button-primary" onClick={() => void create()}>
              Create program
            </button>
          </div>
        ) : null}
        {canManage && chosenPreset ? (
          <p className="section-note">
            {chosenPreset.source} {chosenPreset.setUp}
          </p>
        ) : null}
        {createError ? (
          <ErrorNotice title="The program was not created" error={createError} />
        ) : null}
      </section>

      {current ? (
        <ProgramEditor
          key={current.id}
          program={current}
          canManage={canManage}
          canSeeNames={canSeeNames}
          onSaved={(name) => setRenamed({ ...renamed, [current.id]: name })}
        />
      ) : null}
    </div>
  );
}

function ProgramEditor({
  program,
  canManage,
  canSeeNames,
  onSaved,
}: {
  program: Program;
  canManage: boolean;
  canSeeNames: boolean;
  onSaved: (name: string) => void;
}) {
  const [design, setDesign] = useState<ProgramDesign>(program.design);
  const [status, setStatus] = useState(program.status);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [saveState, setSaveState] = useState<{ error: ApiError | null; saved: boolean }>({
    error: null,
    saved: false,
  });

  // The live count and cost: the design as it stands, a moment after the last change.
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      apiSend<Evaluation>('POST', '/api/incentives/preview', { design }).then(
        (result) => {
          if (cancelled) return;
          setEvaluation(result);
          setPreviewError(null);
        },
        (error: unknown) => {
          if (!cancelled && error instanceof ApiError) setPreviewError(error);
        },
      );
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [design]);

  const save = async () => {
    setSaveState({ error: null, saved: false });
    try {
      await apiSend('PUT', `/api/incentives/${program.id}`, { design, status });
      setSaveState({ error: null, saved: true });
      onSaved(design.name);
    } catch (error) {
      if (error instanceof ApiError) setSaveState({ error, saved: false });
    }
  };

  return (
    <>
      <section className="section" aria-labelledby="design-heading">
        <h2 id="design-heading">Design: {design.name}</h2>
        <p className="section-note">{design.source}</p>
        <DesignForm
          design={design}
          disabled={!canManage}
          onChange={setDesign}
          tiers={evaluation?.context.tiers ?? []}
          designations={evaluation?.context.designations ?? []}
        />
        {canManage ? (
          <div className="filter-bar">
            <div className="field">
              <label htmlFor="status-select">Status</label>
              <select
                id="status-select"
                value={status}
                onChange={(e) => setStatus(e.target.value === 'active' ? 'active' : 'draft')}
              >
                <option value="draft">Draft</option>
                <option value="active">Active</option>
              </select>
            </div>
            <button type="button" className="button button-primary" onClick={() => void save()}>
              Save program
            </button>
            <p role="status" className="hint">
              {saveState.saved ? 'Saved.' : ''}
            </p>
          </div>
        ) : null}
        {saveState.error ? (
          <ErrorNotice title="The program was not saved" error={saveState.error} />
        ) : null}
      </section>

      <section className="section" aria-labelledby="eligible-heading">
        <h2 id="eligible-heading">Who is eligible today, and the cost</h2>
        {previewError ? (
          <ErrorNotice title="This design cannot be evaluated yet" error={previewError} />
        ) : evaluation === null ? (
          <Loading label="Counting who is eligible…" />
        ) : (
          <EvaluationView
            evaluation={evaluation}
            programId={program.id}
            canSeeNames={canSeeNames}
          />
        )}
      </section>

      <ProjectionSection programId={program.id} />
      <AwardsSection programId={program.id} canManage={canManage} canSeeNames={canSeeNames} />
    </>
  );
}

function EvaluationView({
  evaluation,
  programId,
  canSeeNames,
}: {
  evaluation: Evaluation;
  programId: string;
  canSeeNames: boolean;
}) {
  const e = evaluation;
  return (
    <>
      <div className="stat-grid" aria-live="polite">
        <div className="stat-card">
          <p className="stat-label">Eligible people</p>
          <p className="stat-value">{e.eligibleCount.toLocaleString('en-US')}</p>
          <p className="stat-note">
            of {e.staffConsidered.toLocaleString('en-US')} staff, {formatSchoolYear(e.staffYear)}
          </p>
        </div>
        <div className="stat-card">
          <p className="stat-label">Annual cost (first year)</p>
          <p className="stat-value">{money(e.cost.firstYear)}</p>
          <p className="stat-note">
            {e.cost.budget.cap === null
              ? 'no budget cap'
              : e.cost.budget.withinBudget
                ? `within the ${money(e.cost.budget.cap)} budget`
                : `over the ${money(e.cost.budget.cap)} budget`}
          </p>
        </div>
        <div className="stat-card">
          <p className="stat-label">Full commitment</p>
          <p className="stat-value">{money(e.cost.committed)}</p>
          <p className="stat-note">every installment, if everyone stays</p>
        </div>
      </div>
      <ul className="method-list">
        {e.cost.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {e.byCategory.length > 0 ? (
        <div
          className="table-scroll"
          role="region"
          aria-label="Cost by school category"
          tabIndex={0}
        >
          <table className="data-table">
            <caption>By school category</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  People
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {e.byCategory.map((c) => (
                <tr key={c.category}>
                  <td>{c.label}</td>
                  <td className="num">{c.people.toLocaleString('en-US')}</td>
                  <td className="num">{money(c.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <SchoolCostTable rows={e.bySchool} minimumN={e.minimumN} />
      <p className="hint">
        <a
          className="button button-secondary"
          href={`/api/incentives/${programId}/schools.csv`}
          download
        >
          Download cost by school (CSV)
        </a>
      </p>
      {canSeeNames ? <EligibleNames programId={programId} /> : null}
      <details className="method">
        <summary>How these figures are made</summary>
        <ul>
          {e.methods.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </details>
    </>
  );
}

function SchoolCostTable({ rows, minimumN }: { rows: SchoolCost[]; minimumN: number }) {
  const [sort, setSort] = useState<SortState>({ key: 'amount', direction: 'descending' });
  const columns: {
    key: string;
    label: string;
    numeric: boolean;
    value: (r: SchoolCost) => string | number | null;
  }[] = [
    { key: 'name', label: 'School', numeric: false, value: (r) => r.name },
    { key: 'quartile', label: 'Poverty quartile', numeric: true, value: (r) => r.povertyQuartile },
    { key: 'tier', label: 'Tier', numeric: false, value: (r) => r.tier },
    { key: 'category', label: 'Category', numeric: false, value: (r) => r.categoryLabel },
    { key: 'people', label: 'Eligible', numeric: true, value: (r) => r.people },
    { key: 'amount', label: 'Amount', numeric: true, value: (r) => r.amount },
  ];
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = useMemo(
    () => (column ? sortRows(rows, column.value, sort.direction, (r) => r.name) : rows),
    [rows, column, sort.direction],
  );
  return (
    <div
      className="table-scroll table-scroll-tall"
      role="region"
      aria-label="Cost by school"
      tabIndex={0}
    >
      <table className="data-table incentive-schools">
        <caption>
          Cost by school. “n&lt;{minimumN}” marks schools with too few eligible people to show
          without revealing ratings.
        </caption>
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
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.schoolId}>
              <th scope="row">{r.name}</th>
              <td className="num">{r.povertyQuartile ?? '—'}</td>
              <td>{r.tier ?? '—'}</td>
              <td>{r.categoryLabel ?? 'none'}</td>
              <td className="num">
                {r.suppressed ? <span className="suppressed">n&lt;{minimumN}</span> : r.people}
              </td>
              <td className="num">
                {r.suppressed ? (
                  <span className="suppressed">n&lt;{minimumN}</span>
                ) : (
                  money(r.amount ?? 0)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EligibleNames({ programId }: { programId: string }) {
  const [list, setList] = useState<EligibleList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const show = async () => {
    try {
      setList(await apiGet<EligibleList>(`/api/incentives/${programId}/eligible`));
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };
  return (
    <div className="eligible-names">
      <h3 className="subheading">Eligible people by name</h3>
      <p className="hint">
        Individual personnel information built on ratings. Opening the list records one entry per
        person in the audit log.
      </p>
      {list === null ? (
        <button type="button" className="button button-secondary" onClick={() => void show()}>
          Show who is eligible
        </button>
      ) : (
        <div
          className="table-scroll table-scroll-short"
          role="region"
          aria-label="Eligible people by name"
          tabIndex={0}
        >
          <table className="data-table">
            <caption>
              {list.people.length} eligible, {money(list.total)} in full awards,{' '}
              {formatSchoolYear(list.staffYear)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">School</th>
                <th scope="col">Rating</th>
                <th scope="col" className="num">
                  Award
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {list.people.map((p) => (
                <tr key={p.staffId}>
                  <th scope="row">{p.name}</th>
                  <td>{p.schoolName}</td>
                  <td>{p.rating ?? '—'}</td>
                  <td className="num">{money(p.amount)}</td>
                  <td>{p.reasons.join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error ? <ErrorNotice title="The list could not be shown" error={error} /> : null}
    </div>
  );
}
