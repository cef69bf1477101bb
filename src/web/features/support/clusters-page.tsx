// /support/clusters: clusters of schools with their joint plan, pooled funding and shared
// staff, and cross-school visit days used against each teacher's yearly allowance
// (Massachusetts: up to 3 days, seed 000). Named visits are shown only to those who may see the
// school's staff; others see totals. Managers change a cluster's members and shared staff; a
// district leader sets the allowance and may allow days beyond it with a reason.
import { useState } from 'react';
import type { StaffList } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { formatCode, formatCount, formatSchoolYear } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { ClustersView, SupportReference } from './support-types.ts';
import {
  formatDay,
  formatMoney,
  formValues,
  NumberField,
  SchoolSelect,
  schoolYearText,
  SelectField,
  SendStatus,
  SortTable,
  SubmitButton,
  SupportPage,
  TextField,
  todayText,
  useCanActForSchool,
  useReloadingApi,
  useSend,
} from './support-ui.tsx';

type Teacher = ClustersView['teachers'][number];
type Cluster = ClustersView['clusters'][number];

const teachers = (n: number) => `${formatCount(n)} ${n === 1 ? 'teacher' : 'teachers'}`;

// July–June school years, named by their spring year (as the server does).
const today = new Date();
const CURRENT_SCHOOL_YEAR = today.getMonth() >= 6 ? today.getFullYear() + 1 : today.getFullYear();

export function ClustersPage() {
  const [year, setYear] = useState<number | null>(null);
  const view = useReloadingApi<ClustersView>(`/api/support/clusters${year ? `?year=${year}` : ''}`);
  const ref = useApi<SupportReference>('/api/support/reference');
  const canAct = useCanActForSchool();
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
          <Clusters
            view={view.data}
            reference={ref.status === 'ok' ? ref.data : null}
            reload={view.reload}
          />
          <Visits view={view.data} reload={view.reload} />
          {ref.status === 'ok' && canAct() ? (
            <LogVisit view={view.data} reference={ref.data} reload={view.reload} />
          ) : null}
          {ref.status === 'ok' && view.data.canManage ? (
            <CreateCluster reference={ref.data} reload={view.reload} />
          ) : null}
        </>
      ) : null}
    </SupportPage>
  );
}

function Clusters({
  view,
  reference,
  reload,
}: {
  view: ClustersView;
  reference: SupportReference | null;
  reload: () => void;
}) {
  return (
    <section className="section" aria-labelledby="cluster-list">
      <h2 id="cluster-list">Clusters</h2>
      {view.clusters.length === 0 ? (
        <EmptyState>No cluster yet.</EmptyState>
      ) : (
        view.clusters.map((c) => {
          const key = `cl-${c.id.slice(0, 8)}`;
          return (
            <article key={c.id} className="panel support-plan" aria-labelledby={key}>
              <h3 id={key}>{c.name}</h3>
              <p>
                Members:{' '}
                {c.members.length === 0 ? 'none' : c.members.map((m) => m.schoolName).join(', ')} ·
                pooled funding {formatMoney(c.pooledFunding)}
              </p>
              {c.jointPlan ? <p>Joint plan: {c.jointPlan}</p> : null}
              <p>
                Shared staff:{' '}
                {c.sharedStaff.length === 0
                  ? 'none'
                  : c.sharedStaff.map((s) => `${s.name} (${s.role}, ${s.fte} FTE)`).join('; ')}
              </p>
              <p>
                Visit days used by its teachers in {schoolYearText(view.schoolYear)}:{' '}
                <strong>
                  {c.visitDays.used} of {c.visitDays.allowance}
                </strong>{' '}
                ({teachers(c.visitDays.teachersVisiting)} visiting × {view.allowance} days each)
              </p>
              {c.canManage && reference ? (
                <ManageCluster cluster={c} idPrefix={key} reference={reference} reload={reload} />
              ) : null}
            </article>
          );
        })
      )}
    </section>
  );
}

/** A cluster's members (added and removed) and the staff it shares. */
function ManageCluster({
  cluster,
  idPrefix,
  reference,
  reload,
}: {
  cluster: Cluster;
  idPrefix: string;
  reference: SupportReference;
  reload: () => void;
}) {
  const members = useSend(reload);
  const staff = useSend(reload);
  const base = `/api/support/clusters/${encodeURIComponent(cluster.id)}`;
  const inCluster = new Set(cluster.members.map((m) => m.schoolId));
  const others = reference.schools.filter((s) => !inCluster.has(s.id));
  return (
    <details className="filter-panel">
      <summary>Change members and shared staff of {cluster.name}</summary>
      <div className="filter-panel-body">
        <h4 id={`${idPrefix}-members`}>Member schools</h4>
        {cluster.members.length === 0 ? (
          <p>No member school.</p>
        ) : (
          <ul className="support-list" aria-labelledby={`${idPrefix}-members`}>
            {cluster.members.map((m) => (
              <li key={m.schoolId}>
                {m.schoolName}{' '}
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={`Remove ${m.schoolName} from ${cluster.name}`}
                  disabled={members.isBusy}
                  onClick={async () => {
                    if (
                      await members.send(
                        'DELETE',
                        `${base}/members/${encodeURIComponent(m.schoolId)}`,
                        undefined,
                        `${m.schoolName} removed from ${cluster.name}.`,
                      )
                    ) {
                      // The button goes with the school: keep the keyboard in the same place.
                      document.getElementById(`${idPrefix}-add`)?.focus();
                    }
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          className="form support-inline-form"
          aria-label={`Add a school to ${cluster.name}`}
          onSubmit={async (event) => {
            const v = formValues(event);
            const name = others.find((s) => s.id === v.schoolId)?.name ?? 'The school';
            await members.send(
              'POST',
              `${base}/members`,
              { schoolId: v.schoolId },
              `${name} added to ${cluster.name}.`,
            );
          }}
        >
          <SchoolSelect
            name="schoolId"
            id={`${idPrefix}-add`}
            label="School to add"
            reference={{ schools: others }}
          />
          <SubmitButton isBusy={members.isBusy}>Add school</SubmitButton>
          <SendStatus state={members.state} />
        </form>
        <form
          className="form support-inline-form"
          aria-labelledby={`${idPrefix}-staff`}
          onSubmit={async (event) => {
            const v = formValues(event);
            const form = event.currentTarget;
            if (
              await staff.send(
                'POST',
                `${base}/shared-staff`,
                { name: v.staffName, role: v.staffRole, fte: Number(v.staffFte) },
                `${v.staffName ?? 'Staff member'} added to ${cluster.name}.`,
              )
            )
              form.reset();
          }}
        >
          <h4 id={`${idPrefix}-staff`}>Add shared staff</h4>
          <TextField name="staffName" id={`${idPrefix}-staff-name`} label="Name" required />
          <TextField
            name="staffRole"
            id={`${idPrefix}-staff-role`}
            label="Role"
            required
            hint="e.g. Literacy coach"
          />
          <NumberField
            name="staffFte"
            id={`${idPrefix}-staff-fte`}
            label="FTE"
            required
            step="0.05"
            min={0.05}
            max={1.5}
          />
          <SubmitButton isBusy={staff.isBusy}>Add shared staff</SubmitButton>
          <SendStatus state={staff.state} />
        </form>
      </div>
    </details>
  );
}

function Visits({ view, reload }: { view: ClustersView; reload: () => void }) {
  const allowance = useSend(reload);
  return (
    <section className="section" aria-labelledby="visit-days">
      <h2 id="visit-days">Visit days, {schoolYearText(view.schoolYear)}</h2>
      <p>
        Allowance: {view.allowance} days per teacher per school year. In all,{' '}
        {teachers(view.totals.teachersVisiting)}{' '}
        {view.totals.teachersVisiting === 1 ? 'has' : 'have'} used {view.totals.daysUsed} days.
      </p>
      {view.canOverride ? (
        <form
          className="form support-inline-form"
          aria-label="Visit-day allowance"
          onSubmit={async (event) => {
            const v = formValues(event);
            await allowance.send(
              'PUT',
              '/api/support/visit-allowance',
              { days: Number(v.allowanceDays) },
              `Allowance set to ${v.allowanceDays} days per teacher.`,
            );
          }}
        >
          <NumberField
            key={view.allowance}
            name="allowanceDays"
            label="Allowance (days per teacher per year)"
            required
            step="0.5"
            min={0}
            max={30}
            defaultValue={view.allowance}
          />
          <SubmitButton isBusy={allowance.isBusy}>Set allowance</SubmitButton>
          <SendStatus state={allowance.state} />
        </form>
      ) : null}
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
        <ul className="support-list" aria-label="Visits logged">
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

function LogVisit({
  view,
  reference,
  reload,
}: {
  view: ClustersView;
  reference: SupportReference;
  reload: () => void;
}) {
  const visit = useSend(reload);
  const canAct = useCanActForSchool();
  // A visit is logged by those who act for the teacher's school (the server checks again).
  const homeSchools = reference.schools.filter((s) => canAct(s.id));
  const [homeSchool, setHomeSchool] = useState(homeSchools[0]?.id ?? '');
  // Beyond the allowance the server answers 409; a district leader may then give a reason.
  const isOver = visit.state.kind === 'error' && visit.state.status === 409;
  return (
    <section className="section" aria-labelledby="visit-log">
      <h2 id="visit-log">Log a visit</h2>
      <form
        className="form support-inline-form"
        aria-labelledby="visit-log"
        onSubmit={async (event) => {
          const v = formValues(event);
          const form = event.currentTarget;
          if (
            await visit.send(
              'POST',
              '/api/support/visits',
              {
                staffId: v.staffId,
                hostSchoolId: v.hostSchool,
                visitDate: v.visitDate,
                days: Number(v.days),
                purpose: v.purpose ?? '',
                ...(v.visitCluster ? { clusterId: v.visitCluster } : {}),
                ...(v.overrideReason ? { overrideReason: v.overrideReason } : {}),
              },
              'Visit logged.',
            )
          )
            clearVisitDetails(form);
        }}
      >
        <SelectField
          name="visitHome"
          label="Teacher’s school"
          value={homeSchool}
          onChange={setHomeSchool}
          options={homeSchools.map((s) => ({ value: s.id, label: s.name }))}
        />
        {homeSchool ? <TeacherSelect key={homeSchool} schoolId={homeSchool} /> : null}
        <SchoolSelect
          name="hostSchool"
          label="School visited"
          reference={{ schools: reference.schools.filter((s) => s.id !== homeSchool) }}
        />
        <TextField name="visitDate" label="Date" type="date" required defaultValue={todayText()} />
        <NumberField name="days" label="Days" required step="0.5" min={0.5} max={5} />
        {view.clusters.length > 0 ? (
          <SelectField
            name="visitCluster"
            label="Under cluster (optional)"
            options={[
              { value: '', label: 'None' },
              ...view.clusters.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
        ) : null}
        <TextField name="purpose" label="Purpose" />
        {view.canOverride && isOver ? (
          <TextField
            name="overrideReason"
            label="Reason to allow days beyond the allowance"
            required
          />
        ) : null}
        <SubmitButton isBusy={visit.isBusy}>Log visit</SubmitButton>
        <SendStatus state={visit.state} />
      </form>
    </section>
  );
}

/**
 * After a visit is logged, its days, purpose and reason are cleared; the school, teacher, date
 * and cluster stay, for the next visit of the same group (a native reset would also put the
 * teacher's school back to the first, behind React's back).
 */
function clearVisitDetails(form: HTMLFormElement) {
  for (const name of ['days', 'purpose', 'overrideReason']) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.value = '';
  }
}

/**
 * The staff of the teacher's school, from its staff list (names and roles only: no rating is
 * asked for, so none is read or audited), teachers first.
 */
function TeacherSelect({ schoolId }: { schoolId: string }) {
  const staff = useApi<StaffList>(`/api/schools/${encodeURIComponent(schoolId)}/staff`);
  if (staff.status === 'loading') return <Loading label="Loading the school’s staff…" />;
  if (staff.status === 'error') {
    return staff.error.status === 403 ? (
      <p className="notice notice-info">Your role does not give access to this school’s staff.</p>
    ) : (
      <ErrorNotice
        title="The school’s staff could not be loaded."
        error={staff.error}
        onRetry={staff.reload}
      />
    );
  }
  if (staff.data.staff.length === 0) {
    return <EmptyState>No staff are on record for this school.</EmptyState>;
  }
  const ordered = [...staff.data.staff].sort(
    (a, b) =>
      Number(b.role === 'teacher') - Number(a.role === 'teacher') || a.name.localeCompare(b.name),
  );
  return (
    <SelectField
      name="staffId"
      label="Teacher"
      required
      hint={
        staff.data.year === null
          ? undefined
          : `From the school’s staff list for ${formatSchoolYear(staff.data.year)}`
      }
      options={ordered.map((m) => ({
        value: m.id,
        label: `${m.name} — ${m.subject ?? formatCode(m.role)}`,
      }))}
    />
  );
}

function CreateCluster({ reference, reload }: { reference: SupportReference; reload: () => void }) {
  const cluster = useSend(reload);
  return (
    <section className="section" aria-labelledby="new-cluster">
      <h2 id="new-cluster">Create a cluster</h2>
      <form
        className="form support-inline-form"
        aria-labelledby="new-cluster"
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
        <TextField name="clusterName" label="Name" required />
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
        <TextField name="jointPlan" label="Joint plan" rows={2} />
        <NumberField name="pooledFunding" label="Pooled funding ($)" min={0} />
        <SubmitButton isBusy={cluster.isBusy}>Create cluster</SubmitButton>
        <SendStatus state={cluster.state} />
      </form>
    </section>
  );
}
