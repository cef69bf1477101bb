// /support/clusters: clusters of schools with their joint plan, pooled funding and shared
// staff, and cross-school visit days used against each teacher's yearly allowance
// (Massachusetts: up to 3 days, seed 000). Named visits are shown only to those who may see the
// school's staff; others see totals.
import { useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { formatCount } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { NumberField, SchoolSelect } from './contracts-page.tsx';
import type { ClustersView, SupportReference } from './support-types.ts';
import {
  formatDay,
  formatMoney,
  formValues,
  schoolYearText,
  SendStatus,
  SortTable,
  SupportPage,
  useSend,
} from './support-ui.tsx';

type Teacher = ClustersView['teachers'][number];

// July–June school years, named by their spring year (as the server does).
const today = new Date();
const CURRENT_SCHOOL_YEAR = today.getMonth() >= 6 ? today.getFullYear() + 1 : today.getFullYear();

export function ClustersPage() {
  const [year, setYear] = useState<number | null>(null);
  const view = useApi<ClustersView>(`/api/support/clusters${year ? `?year=${year}` : ''}`, {
    keepPrevious: true,
  });
  const ref = useApi<SupportReference>('/api/support/reference');
  return (
    <SupportPage
      title="Clusters and visit days"
      lede="Groups of schools with a joint plan, pooled funding and shared staff, and the days teachers spend visiting other schools."
    >
      {view.status === 'loading' ? <Loading label="Loading clusters…" /> : null}
      {view.status === 'error' ? (
        <ErrorNotice
          title="Clusters could not be loaded."
          error={view.error}
          onRetry={view.reload}
        />
      ) : null}
      {view.status === 'ok' ? (
        <>
          <div className="filter-bar">
            <div className="field">
              <label htmlFor="visit-year">School year</label>
              <select
                id="visit-year"
                value={view.data.schoolYear}
                onChange={(e) => setYear(Number(e.target.value))}
              >
                {[0, 1, 2].map((back) => {
                  const y = CURRENT_SCHOOL_YEAR - back;
                  return (
                    <option key={y} value={y}>
                      {schoolYearText(y)}
                    </option>
                  );
                })}
              </select>
            </div>
          </div>
          <Clusters view={view.data} />
          <Visits view={view.data} />
          {ref.status === 'ok' ? (
            <Manage view={view.data} reference={ref.data} reload={view.reload} />
          ) : null}
        </>
      ) : null}
    </SupportPage>
  );
}

function Clusters({ view }: { view: ClustersView }) {
  return (
    <section className="section" aria-labelledby="cluster-list">
      <h2 id="cluster-list">Clusters</h2>
      {view.clusters.length === 0 ? (
        <EmptyState>No cluster yet.</EmptyState>
      ) : (
        view.clusters.map((c) => (
          <article
            key={c.id}
            className="panel support-plan"
            aria-labelledby={`cl-${c.id.slice(0, 8)}`}
          >
            <h3 id={`cl-${c.id.slice(0, 8)}`}>{c.name}</h3>
            <p>
              Members: {c.members.map((m) => m.schoolName).join(', ')} · pooled funding{' '}
              {formatMoney(c.pooledFunding)}
            </p>
            {c.jointPlan ? <p>Joint plan: {c.jointPlan}</p> : null}
            {c.sharedStaff.length > 0 ? (
              <p>
                Shared staff:{' '}
                {c.sharedStaff.map((s) => `${s.name} (${s.role}, ${s.fte} FTE)`).join('; ')}
              </p>
            ) : null}
            <p>
              Visit days used by its teachers in {schoolYearText(view.schoolYear)}:{' '}
              <strong>
                {c.visitDays.used} of {c.visitDays.allowance}
              </strong>{' '}
              ({formatCount(c.visitDays.teachersVisiting)} teachers visiting × {view.allowance} days
              each)
            </p>
          </article>
        ))
      )}
    </section>
  );
}

function Visits({ view }: { view: ClustersView }) {
  return (
    <section className="section" aria-labelledby="visit-days">
      <h2 id="visit-days">Visit days, {schoolYearText(view.schoolYear)}</h2>
      <p>
        Allowance: {view.allowance} days per teacher per school year. In all,{' '}
        {formatCount(view.totals.teachersVisiting)} teachers have used {view.totals.daysUsed} days.
      </p>
      {view.teachers.length === 0 ? (
        <EmptyState>No visits you may see are logged for this year.</EmptyState>
      ) : (
        <SortTable<Teacher>
          caption="Visit days used by teacher"
          rows={view.teachers}
          rowKey={(t) => t.staffId}
          columns={[
            { key: 'name', label: 'Teacher', value: (t) => t.name },
            { key: 'used', label: 'Days used', isNumeric: true, value: (t) => t.used },
            { key: 'remaining', label: 'Days left', isNumeric: true, value: (t) => t.remaining },
          ]}
        />
      )}
      {view.visits.length > 0 ? (
        <ul className="support-list">
          {view.visits.map((v) => (
            <li key={v.id}>
              {formatDay(v.visitDate)}: {v.staffName} at {v.hostSchoolName}, {v.days}{' '}
              {v.days === 1 ? 'day' : 'days'}
              {v.purpose ? ` — ${v.purpose}` : ''}
              {v.overrideReason ? ` (beyond the allowance: ${v.overrideReason})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Manage({
  view,
  reference,
  reload,
}: {
  view: ClustersView;
  reference: SupportReference;
  reload: () => void;
}) {
  const visit = useSend(reload);
  const cluster = useSend(reload);
  const [isOver, setIsOver] = useState(false);
  return (
    <section className="section" aria-labelledby="visit-log">
      <h2 id="visit-log">Log a visit</h2>
      <form
        className="form support-inline-form"
        onSubmit={async (event) => {
          const v = formValues(event);
          const ok = await visit.send(
            'POST',
            '/api/support/visits',
            {
              staffId: v.staffId,
              hostSchoolId: v.hostSchool,
              visitDate: v.visitDate,
              days: Number(v.days),
              purpose: v.purpose ?? '',
              ...(v.overrideReason ? { overrideReason: v.overrideReason } : {}),
            },
            'Visit logged.',
          );
          setIsOver(!ok);
        }}
      >
        <div className="field">
          <label htmlFor="staffId">Teacher’s staff id</label>
          <input id="staffId" name="staffId" required />
        </div>
        <SchoolSelect name="hostSchool" label="School visited" reference={reference} />
        <div className="field">
          <label htmlFor="visitDate">Date</label>
          <input id="visitDate" name="visitDate" type="date" required />
        </div>
        <NumberField name="days" label="Days" required step="0.5" />
        <div className="field">
          <label htmlFor="purpose">Purpose</label>
          <input id="purpose" name="purpose" />
        </div>
        {view.canOverride && isOver ? (
          <div className="field">
            <label htmlFor="overrideReason">Reason to allow days beyond the allowance</label>
            <input id="overrideReason" name="overrideReason" />
          </div>
        ) : null}
        <button type="submit" className="button button-primary" disabled={visit.isBusy}>
          Log visit
        </button>
        <SendStatus state={visit.state} />
      </form>
      {view.canManage ? (
        <form
          className="form support-inline-form"
          onSubmit={async (event) => {
            const v = formValues(event);
            const form = event.currentTarget;
            const schoolIds = [...new FormData(form).getAll('members')].map(String);
            if (
              await cluster.send(
                'POST',
                '/api/support/clusters',
                {
                  name: v.clusterName,
                  jointPlan: v.jointPlan ?? '',
                  pooledFunding: Number(v.pooledFunding || 0),
                  schoolIds,
                },
                'Cluster created.',
              )
            )
              form.reset();
          }}
        >
          <h3>Create a cluster</h3>
          <div className="field">
            <label htmlFor="clusterName">Name</label>
            <input id="clusterName" name="clusterName" required />
          </div>
          <div className="field">
            <label htmlFor="members">Member schools (choose two or more)</label>
            <select id="members" name="members" multiple size={6} required>
              {reference.schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="jointPlan">Joint plan</label>
            <textarea id="jointPlan" name="jointPlan" rows={2} />
          </div>
          <NumberField name="pooledFunding" label="Pooled funding ($)" />
          <button type="submit" className="button button-primary" disabled={cluster.isBusy}>
            Create cluster
          </button>
          <SendStatus state={cluster.state} />
        </form>
      ) : null}
    </section>
  );
}
