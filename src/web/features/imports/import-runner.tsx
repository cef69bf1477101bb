// Starting the import and following it: the server runs it in the background and the page polls
// the job twice a second for its phase, rows and bytes read, then shows the summary or, if it
// was refused, why (nothing was written). The statewide load (statewide-panel.tsx) uses the same
// job and display.
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

/**
 * Starts a background import job and follows it (twice a second) until it is done or refused;
 * `onFinished` runs once when it ends either way.
 */
export function useImportJob(onFinished: () => void) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(path: string, body: unknown) {
    setError(null);
    try {
      setJob(await apiSend<ImportJob>('POST', path, body));
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

  return { job, error, isRunning, start, reset: () => setJob(null) };
}

export function ImportRunner({
  upload,
  mapping,
  sheet,
  hasProblems,
  onFinished,
}: {
  upload: UploadInfo;
  mapping: unknown;
  /** For an .xlsx, the worksheet chosen; null for the first (or a CSV). */
  sheet: string | null;
  hasProblems: boolean;
  onFinished: () => void;
}) {
  const { job, error, start } = useImportJob(onFinished);
  const begin = (onProblems: 'abort' | 'skip-rows') =>
    start('/api/imports/jobs', {
      uploadId: upload.uploadId,
      onProblems,
      ...(mapping === undefined ? {} : { mapping }),
      ...(sheet === null ? {} : { sheet }),
    });

  return (
    <section aria-labelledby="imports-run">
      <h2 id="imports-run">{upload.kind === 'table' ? '4. Import' : '3. Import'}</h2>
      {job === null ? (
        <div className="button-row">
          <button type="button" className="button" onClick={() => void begin('abort')}>
            Import
          </button>
          {hasProblems ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void begin('skip-rows')}
            >
              Import valid rows only
            </button>
          ) : null}
        </div>
      ) : null}
      <JobStatus job={job} error={error} />
    </section>
  );
}

/** A job's progress, then its summary or why it was refused (nothing was written). */
export function JobStatus({ job, error }: { job: ImportJob | null; error: string | null }) {
  const isFinished = job?.phase === 'done' || job?.phase === 'failed';
  const progressId =
    job?.kind === 'statewide' ? 'imports-statewide-progress-bar' : 'imports-progress-bar';
  return (
    <>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {job ? (
        <div className="imports-progress" aria-live="polite">
          <label htmlFor={progressId}>
            {PHASES[job.phase]}: {pluralize(job.rowsRead, 'row')} read, {formatSize(job.bytesRead)}{' '}
            of {formatSize(job.totalBytes)}
          </label>
          <progress
            id={progressId}
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
                  {job.kind === 'statewide' ? `${p.file}, row` : 'Row'} {p.row}
                  {p.column ? `, ${p.column}` : ''}: {p.value ? `“${p.value}” ` : ''}
                  {p.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {job.failure.problemCount > 20 ? (
            <p>And {(job.failure.problemCount - 20).toLocaleString('en-US')} more.</p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function Summary({ job }: { job: ImportJob }) {
  const s = job.summary;
  if (!s) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  if ('state' in s) {
    const years = s.years
      .map(
        (y) =>
          `${y.year}: ${pluralize(y.schools, 'state school')} ${y.status === 'loaded' ? (s.dryRun ? 'to load' : 'loaded') : 'already loaded, unchanged'}`,
      )
      .join('; ');
    return (
      <div className="notice imports-result" role="status">
        <p>
          {s.dryRun
            ? `Checked: nothing was written. Loading these files would give ${s.state} ${years}.`
            : s.batchId
              ? `Loaded as statewide reference data: ${s.state} ${years}; ${n(s.rowsWritten)} rows. It is listed below and can be rolled back. The equity report now compares with the state’s quartiles for ${s.years.map((y) => y.year).join(', ')}.`
              : `Nothing changed: ${s.state} ${years}. No batch was written.`}
        </p>
        <ul>
          {s.files.map((f) => (
            <li key={f.fileName}>
              {f.fileName}: {pluralize(f.rowsRead, 'row')} read, {n(f.rowsUsed)} used{' '}
              {f.year === null ? '(school names only)' : `for ${f.year}`}, {n(f.rowsSkipped)}{' '}
              skipped (not schools)
              {f.otherYears.length > 0
                ? `, left out: rows of other years (${f.otherYears.map((y) => `${n(y.rows)} of ${y.year}`).join(', ')})`
                : ''}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if ('sourceKind' in s) {
    return (
      <p className="notice imports-result" role="status">
        Imported {s.fileName}: {pluralize(s.counts.schools, 'school')},{' '}
        {pluralize(s.counts.staff, 'staff member')}, {pluralize(s.counts.values, 'measure value')};{' '}
        {pluralize(s.rowsWritten, 'row')} added or changed. It is listed below and can be rolled
        back.
      </p>
    );
  }
  return (
    <p className="notice imports-result" role="status">
      Imported {s.fileName}: {pluralize(s.rowsRead, 'row')} read,{' '}
      {pluralize(s.rowsWritten, 'value or school', 'values and schools')} added or changed,{' '}
      {n(s.rowsSkipped)} skipped, {n(s.rowsRejected)} rejected. It is listed below and can be rolled
      back.
    </p>
  );
}
