// Starting the import and following it: the server runs it in the background and the page polls
// the job twice a second for its phase, rows and bytes read, then shows the summary or, if it
// was refused, why (nothing was written).
import { useEffect, useState } from 'react';
import { ApiError, apiGet, apiSend } from '../../api/client.ts';
import { pluralize } from '../../ui/format.ts';
import { formatSize, type ImportJob, type UploadInfo } from './imports-api.ts';

const PHASES: Record<ImportJob['phase'], string> = {
  queued: 'Waiting to start',
  reading: 'Reading and writing rows',
  finishing: 'Finishing: checking for repeated values and saving',
  done: 'Done',
  failed: 'Refused',
};

export function ImportRunner({
  upload,
  mapping,
  hasProblems,
  onFinished,
}: {
  upload: UploadInfo;
  mapping: unknown;
  hasProblems: boolean;
  onFinished: () => void;
}) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(onProblems: 'abort' | 'skip-rows') {
    setError(null);
    try {
      const started = await apiSend<ImportJob>('POST', '/api/imports/jobs', {
        uploadId: upload.uploadId,
        onProblems,
        ...(mapping === undefined ? {} : { mapping }),
      });
      setJob(started);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The import could not be started.');
    }
  }

  const jobId = job?.id;
  const isRunning = job !== null && job.phase !== 'done' && job.phase !== 'failed';
  useEffect(() => {
    if (!jobId || !isRunning) return;
    const timer = setInterval(() => {
      apiGet<ImportJob>(`/api/imports/jobs/${jobId}`).then(setJob, (e: unknown) =>
        setError(e instanceof ApiError ? e.message : 'The import’s progress could not be read.'),
      );
    }, 500);
    return () => clearInterval(timer);
  }, [jobId, isRunning]);

  const isFinished = job?.phase === 'done' || job?.phase === 'failed';
  useEffect(() => {
    if (isFinished) onFinished();
    // Once, when the job ends either way (a refused job wrote nothing; the reload is harmless).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isFinished]);

  return (
    <section aria-labelledby="imports-run">
      <h2 id="imports-run">{upload.kind === 'table' ? '4. Import' : '3. Import'}</h2>
      {job === null ? (
        <div className="button-row">
          <button type="button" className="button" onClick={() => void start('abort')}>
            Import
          </button>
          {hasProblems ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void start('skip-rows')}
            >
              Import valid rows only
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {job ? (
        <div className="imports-progress" aria-live="polite">
          <label htmlFor="imports-progress-bar">
            {PHASES[job.phase]}: {pluralize(job.rowsRead, 'row')} read, {formatSize(job.bytesRead)}{' '}
            of {formatSize(job.totalBytes)}
          </label>
          <progress
            id="imports-progress-bar"
            max={Math.max(job.totalBytes, 1)}
            value={isFinished ? Math.max(job.totalBytes, 1) : job.bytesRead}
          />
        </div>
      ) : null}
      {job?.phase === 'done' && job.summary ? <Summary job={job} /> : null}
      {job?.phase === 'failed' && job.failure ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Nothing was imported</p>
          <p>{job.failure.message}</p>
          {job.failure.problems.length > 0 ? (
            <ul>
              {job.failure.problems.slice(0, 20).map((p, i) => (
                <li key={i}>
                  Row {p.row}
                  {p.column ? `, ${p.column}` : ''}: {p.value ? `“${p.value}” ` : ''}
                  {p.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Summary({ job }: { job: ImportJob }) {
  const s = job.summary;
  if (!s) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  if ('sourceKind' in s) {
    return (
      <p className="notice imports-result" role="status">
        Imported {s.fileName}: {pluralize(s.counts.schools, 'school')},{' '}
        {pluralize(s.counts.staff, 'staff member')}, {pluralize(s.counts.values, 'measure value')};{' '}
        {n(s.rowsWritten)} rows added or changed. It is listed below and can be rolled back.
      </p>
    );
  }
  return (
    <p className="notice imports-result" role="status">
      Imported {s.fileName}: {pluralize(s.rowsRead, 'row')} read, {n(s.rowsWritten)} values and
      schools added or changed, {n(s.rowsSkipped)} skipped, {n(s.rowsRejected)} rejected. It is
      listed below and can be rolled back.
    </p>
  );
}
