// /support/practices: the library of practices worth spreading (Evansville, seed 001), filtered
// by school, student group or words; each links to the pocket of success it came from. Schools'
// improvement goals are listed by goal, so that schools working on the same one find each other.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { apiSend, ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type {
  GoalGroup,
  PocketsView,
  PracticeDetail,
  PracticeSummary,
  SupportReference,
} from './support-types.ts';
import {
  formValues,
  GroupSelect,
  MeasureSelect,
  NumberField,
  SchoolSelect,
  SendStatus,
  SortTable,
  SubmitButton,
  SupportPage,
  TextField,
  useCanActForSchool,
  useReloadingApi,
  useSend,
} from './support-ui.tsx';

export function PracticesPage() {
  const list = useApi<{ practices: PracticeSummary[] }>('/api/support/practices');
  // Reloaded after a goal is recorded: the last list stays while the new arrives.
  const goals = useReloadingApi<{ goals: GoalGroup[] }>('/api/support/goals');
  const ref = useApi<SupportReference>('/api/support/reference');
  const canAct = useCanActForSchool();
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState('');
  return (
    <SupportPage
      title="Practice exchange"
      lede="Practices from the district’s pockets of success, with their evidence and the files schools share, and how far each has spread."
    >
      <p>
        <a className="button button-secondary" href="/api/support/adoptions.csv" download>
          Download adoptions (CSV)
        </a>
      </p>
      {list.status === 'loading' ? <Loading label="Loading practices…" /> : null}
      {list.status === 'error' ? (
        <ErrorNotice
          title="Practices could not be loaded."
          error={list.error}
          onRetry={list.reload}
        />
      ) : null}
      {list.status === 'ok' ? (
        <section className="section" aria-labelledby="practice-library">
          <h2 id="practice-library">Library</h2>
          <div className="filter-bar">
            <div className="field field-search">
              <label htmlFor="practice-q">Search</label>
              <input
                id="practice-q"
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="practice-group">Student group</label>
              <select id="practice-group" value={group} onChange={(e) => setGroup(e.target.value)}>
                <option value="">Any</option>
                {[...new Set(list.data.practices.map((p) => p.studentGroup).filter(Boolean))].map(
                  (g) => (
                    <option key={g} value={g ?? ''}>
                      {list.data.practices.find((p) => p.studentGroup === g)?.studentGroupLabel}
                    </option>
                  ),
                )}
              </select>
            </div>
          </div>
          <PracticeTable
            practices={list.data.practices.filter(
              (p) =>
                (group === '' || p.studentGroup === group) &&
                `${p.title} ${p.description} ${p.school.name}`
                  .toLowerCase()
                  .includes(query.toLowerCase()),
            )}
          />
        </section>
      ) : null}
      {ref.status === 'ok' && canAct() ? <RecordPractice reference={ref.data} /> : null}
      <section className="section" aria-labelledby="practice-goals">
        <h2 id="practice-goals">Schools working on the same goal</h2>
        {goals.status === 'ok' ? (
          goals.data.goals.length === 0 ? (
            <EmptyState>No school has recorded an improvement goal yet.</EmptyState>
          ) : (
            <ul className="support-list">
              {goals.data.goals.map((g) => (
                <li key={`${g.measureKey}|${g.studentGroup}`}>
                  <strong>
                    {g.measureLabel}, {g.studentGroupLabel.toLowerCase()}
                  </strong>
                  : {g.schools.map((s) => s.schoolName).join(', ')}
                </li>
              ))}
            </ul>
          )
        ) : null}
        {ref.status === 'ok' && canAct() ? (
          <RecordGoal
            reference={{ ...ref.data, schools: ref.data.schools.filter((s) => canAct(s.id)) }}
            reload={goals.reload}
          />
        ) : null}
      </section>
    </SupportPage>
  );
}

function PracticeTable({ practices }: { practices: PracticeSummary[] }) {
  if (practices.length === 0) return <EmptyState>No practice matches.</EmptyState>;
  return (
    <SortTable<PracticeSummary>
      caption="Practices"
      rows={practices}
      rowKey={(p) => p.id}
      columns={[
        {
          key: 'title',
          label: 'Practice',
          value: (p) => p.title,
          render: (p) => <Link to={`/support/practices/${p.id}`}>{p.title}</Link>,
        },
        { key: 'school', label: 'School', value: (p) => p.school.name },
        {
          key: 'evidence',
          label: 'Evidence',
          value: (p) => p.evidence?.reason ?? null,
          render: (p) => p.evidence?.reason ?? 'Not linked to a pocket of success',
        },
        {
          key: 'adopted',
          label: 'Schools adopting',
          isNumeric: true,
          value: (p) => p.adoptions.total,
        },
      ]}
    />
  );
}

function RecordPractice({ reference }: { reference: SupportReference }) {
  const pockets = useApi<PocketsView>('/api/support/pockets');
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  if (pockets.status !== 'ok') return null;
  const p = pockets.data;
  return (
    <section className="section" aria-labelledby="record-practice">
      <h2 id="record-practice">Record a practice from a pocket of success</h2>
      <p className="method">{p.method}</p>
      <form
        className="form support-form"
        onSubmit={async (event) => {
          const v = formValues(event);
          const pocket = p.pockets[Number(v.pocket)];
          if (!pocket || p.year === null) return;
          setIsBusy(true);
          setError(null);
          try {
            const created = await apiSend<PracticeDetail>('POST', '/api/support/practices', {
              title: v.title,
              description: v.description,
              schoolId: pocket.schoolId,
              pocket: {
                year: p.year,
                outcome: p.outcome.key,
                measure: pocket.measure,
                group: pocket.group,
                kind: pocket.kind,
              },
            });
            navigate(`/support/practices/${created.id}`);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : 'The practice could not be recorded.');
            setIsBusy(false);
          }
        }}
      >
        {p.pockets.length === 0 ? (
          <EmptyState>The diagnostics find no pocket of success in the latest year.</EmptyState>
        ) : (
          <div className="field">
            <label htmlFor="pocket">
              Pocket of success ({p.outcome.label}, {p.year})
            </label>
            <select id="pocket" name="pocket">
              {p.pockets.map((x, i) => (
                <option key={`${x.schoolId}-${x.group}-${x.kind}`} value={i}>
                  {x.schoolName}: {x.reason}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField name="title" id="practice-title" label="Title" required />
        <TextField
          name="description"
          id="practice-description"
          label="What it is"
          rows={3}
          required
        />
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button-primary"
          disabled={isBusy || p.pockets.length === 0 || reference.schools.length === 0}
        >
          Record practice
        </button>
      </form>
    </section>
  );
}

function RecordGoal({ reference, reload }: { reference: SupportReference; reload: () => void }) {
  const goal = useSend(reload);
  return (
    <form
      className="form support-inline-form"
      aria-labelledby="record-goal"
      onSubmit={async (event) => {
        const v = formValues(event);
        const form = event.currentTarget;
        if (
          await goal.send(
            'POST',
            '/api/support/goals',
            {
              schoolId: v.goalSchool,
              schoolYear: Number(v.goalYear),
              measureKey: v.goalMeasure,
              studentGroup: v.goalGroup,
              statement: v.goalStatement,
            },
            'Goal recorded.',
          )
        )
          form.reset();
      }}
    >
      <h3 id="record-goal">Record a school’s improvement goal</h3>
      <SchoolSelect name="goalSchool" label="School" reference={reference} />
      <NumberField
        name="goalYear"
        label="School year (spring year)"
        required
        step="1"
        defaultValue={new Date().getFullYear() + 1}
      />
      <MeasureSelect name="goalMeasure" label="Measure" reference={reference} />
      <GroupSelect name="goalGroup" label="Student group" reference={reference} />
      <TextField name="goalStatement" label="Goal" required />
      <SubmitButton isBusy={goal.isBusy}>Record goal</SubmitButton>
      <SendStatus state={goal.state} />
    </form>
  );
}
