// /support/practices/:id: one practice — what it is, the evidence it came from (the pocket of
// success and its figures when recorded), its files, adoption over time as a chart with a table
// alternative, and the schools whose improvement goal is the same. A school's principal, its
// supervisor or a district leader records the school adopting the practice (or changes how far
// it has got), and the chart redraws from the saved adoptions.
import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { formatCount } from '../../ui/format.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { PracticeDetail, SupportReference } from './support-types.ts';
import {
  formatDay,
  formValues,
  SchoolSelect,
  SelectField,
  SendStatus,
  statusLabel,
  StatusTag,
  SubmitButton,
  SupportPage,
  TextField,
  todayText,
  useCanActForSchool,
  useReloadingApi,
  useSend,
} from './support-ui.tsx';

const ADOPTION_STATUSES = ['planned', 'adopting', 'in_use', 'dropped'].map((value) => ({
  value,
  label: statusLabel(value),
}));

export function PracticePage() {
  const { practiceId = '' } = useParams();
  const practice = useReloadingApi<PracticeDetail>(
    `/api/support/practices/${encodeURIComponent(practiceId)}`,
  );
  return (
    <SupportPage title={practice.status === 'ok' ? practice.data.title : 'Practice'}>
      {practice.status === 'loading' ? <Loading label="Loading the practice…" /> : null}
      {practice.status === 'error' ? (
        <ErrorNotice
          title="The practice could not be loaded."
          error={practice.error}
          onRetry={practice.reload}
        />
      ) : null}
      {practice.status === 'ok' ? <Practice p={practice.data} reload={practice.reload} /> : null}
    </SupportPage>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function Practice({ p, reload }: { p: PracticeDetail; reload: () => void }) {
  const upload = useSend(reload);
  const most = Math.max(1, ...p.timeline.map((t) => t.schools));
  const render = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: 220,
        marginLeft: 48,
        x: { type: 'band', label: 'Month adoption started' },
        y: {
          label: 'Schools adopting',
          grid: true,
          domain: [0, most],
          // Whole schools: no tick at half a school.
          ticks: Math.min(most, 5),
          tickFormat: 'd',
        },
        marks: [
          Plot.barY(p.timeline, { x: 'month', y: 'schools', fill: '#2f6f8f' }),
          Plot.ruleY([0]),
        ],
      }),
    [p.timeline, most],
  );
  const last = p.timeline.at(-1);
  return (
    <>
      <section className="section" aria-labelledby="practice-what">
        <h2 id="practice-what">What it is</h2>
        <p>{p.description}</p>
        <p>
          From <strong>{p.school.name}</strong>.
        </p>
        <h3>Evidence</h3>
        {p.evidence ? (
          <p>
            Pocket of success found by the diagnostics in {p.evidenceYear}: {p.evidence.reason}{' '}
            {p.evidence.figure && p.evidence.figure.n !== null
              ? `(n = ${formatCount(p.evidence.figure.n)})`
              : ''}
          </p>
        ) : (
          <p>Not linked to a pocket of success.</p>
        )}
      </section>
      <section className="section" aria-labelledby="practice-files">
        <h2 id="practice-files">Files</h2>
        {p.artifacts.length === 0 ? (
          <EmptyState>No file shared yet.</EmptyState>
        ) : (
          <ul className="support-list">
            {p.artifacts.map((a) => (
              <li key={a.id}>
                <a href={`/api/support/practices/${p.id}/artifacts/${a.id}`} download={a.fileName}>
                  {a.fileName}
                </a>{' '}
                ({formatCount(Math.ceil(a.sizeBytes / 1024))} KB)
              </li>
            ))}
          </ul>
        )}
        {p.canAddArtifacts ? (
          <form
            className="form support-inline-form"
            onSubmit={async (event) => {
              event.preventDefault();
              const form = event.currentTarget;
              const input = form.elements.namedItem('artifact') as HTMLInputElement | null;
              const file = input?.files?.[0];
              if (!file) return;
              if (
                await upload.send(
                  'POST',
                  `/api/support/practices/${p.id}/artifacts`,
                  { fileName: file.name, contentBase64: await readBase64(file) },
                  `${file.name} uploaded.`,
                )
              )
                form.reset();
            }}
          >
            <div className="field">
              <label htmlFor="artifact">Share a template or protocol</label>
              <input
                id="artifact"
                name="artifact"
                type="file"
                required
                accept=".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.txt,.csv,.md"
              />
              <p className="field-hint">
                PDF, Word, Excel, PowerPoint, images or text; up to 5 MB.
              </p>
            </div>
            <SubmitButton isBusy={upload.isBusy} busyText="Uploading…">
              Upload
            </SubmitButton>
            <SendStatus state={upload.state} />
          </form>
        ) : null}
      </section>
      <section className="section" aria-labelledby="practice-spread">
        <h2 id="practice-spread">Adoption over time</h2>
        {p.timeline.length === 0 ? (
          <EmptyState>
            {p.adoptions.length === 0
              ? 'No school has adopted this practice yet.'
              : 'Every school that took this practice up has dropped it.'}
          </EmptyState>
        ) : (
          <PlotFigure
            className="adoption-chart"
            render={render}
            label="Bar chart of the number of schools adopting this practice, by month"
            caption={`Schools adopting (cumulative, dropped adoptions left out): ${p.timeline.map((t) => `${t.month}: ${t.schools}`).join('; ')}. ${last ? `${last.schools} ${last.schools === 1 ? 'school' : 'schools'} by ${last.month}.` : ''}`}
          />
        )}
        {p.adoptions.length > 0 ? (
          <ul className="support-list">
            {p.adoptions.map((a) => (
              <li key={a.schoolId}>
                {a.schoolName}: <StatusTag status={a.status} /> since {formatDay(a.startedOn)}
                {a.notes ? ` — ${a.notes}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        <RecordAdoption practiceId={p.id} reload={reload} />
      </section>
      <section className="section" aria-labelledby="practice-goal">
        <h2 id="practice-goal">Schools working on the same goal</h2>
        {p.schoolsWithSameGoal.length === 0 ? (
          <EmptyState>No school has recorded this measure and group as its goal.</EmptyState>
        ) : (
          <ul className="support-list">
            {p.schoolsWithSameGoal.map((s) => (
              <li key={`${s.schoolId}-${s.schoolYear}`}>
                {s.schoolName}: {s.statement}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Records a school adopting the practice; recording the same school again updates it. */
function RecordAdoption({ practiceId, reload }: { practiceId: string; reload: () => void }) {
  const ref = useApi<SupportReference>('/api/support/reference');
  const canAct = useCanActForSchool();
  const adoption = useSend(reload);
  if (ref.status !== 'ok') return null;
  const schools = ref.data.schools.filter((s) => canAct(s.id));
  if (schools.length === 0) return null;
  return (
    <form
      className="form support-inline-form"
      aria-labelledby="record-adoption"
      onSubmit={async (event) => {
        const v = formValues(event);
        const form = event.currentTarget;
        const name = schools.find((s) => s.id === v.adoptionSchool)?.name ?? 'The school';
        if (
          await adoption.send(
            'PUT',
            `/api/support/practices/${encodeURIComponent(practiceId)}/adoptions`,
            {
              schoolId: v.adoptionSchool,
              status: v.adoptionStatus,
              startedOn: v.startedOn,
              notes: v.adoptionNotes ?? '',
            },
            `${name}: ${statusLabel(v.adoptionStatus ?? '').toLowerCase()} recorded.`,
          )
        )
          form.reset();
      }}
    >
      <h3 id="record-adoption">Record a school adopting this practice</h3>
      <SchoolSelect
        name="adoptionSchool"
        label="School"
        reference={{ schools }}
        hint="A school already listed is updated."
      />
      <SelectField
        name="adoptionStatus"
        label="Status"
        options={ADOPTION_STATUSES}
        defaultValue="adopting"
      />
      <TextField
        name="startedOn"
        label="Started on"
        type="date"
        required
        defaultValue={todayText()}
      />
      <TextField name="adoptionNotes" label="Notes (optional)" />
      <SubmitButton isBusy={adoption.isBusy}>Record adoption</SubmitButton>
      <SendStatus state={adoption.state} />
    </form>
  );
}
