// "Statewide reference data" on the Data imports page (issue #5): the state's whole school files
// (every school of the state, not the district's), loaded together as one batch so the equity
// report can place the district's schools under the state's quartile cut points. The files are
// uploaded one by one like any import, then checked (a dry run: nothing written) or loaded as a
// background job (POST /api/imports/statewide-jobs → services/statewide-import.ts), with the same
// progress and refusal display as a district file; the batch appears in the history below, with
// rollback.
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../../app/session.tsx';
import { formatDate, pluralize } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { JobStatus, useImportJob } from './import-runner.tsx';
import { formatSize, uploadFile, type StatewideInfo, type UploadInfo } from './imports-api.ts';

export function StatewidePanel({ onFinished }: { onFinished: () => void }) {
  const { state } = useSession();
  const csrfToken = state.status === 'signed-in' ? state.session.csrfToken : '';
  const [infoVersion, setInfoVersion] = useState(0);
  const info = useApi<StatewideInfo>(`/api/imports/statewide?v=${infoVersion}`, {
    keepPrevious: true,
  });
  const [uploads, setUploads] = useState<UploadInfo[]>([]);
  const [sending, setSending] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const { job, error, isRunning, start, reset } = useImportJob(() => {
    setInfoVersion((v) => v + 1);
    onFinished();
  });

  async function handleFiles(files: readonly File[]) {
    setUploadError(null);
    // A finished load deleted its uploads; a new choice starts a new set.
    if (job && !(job.summary && 'state' in job.summary && job.summary.dryRun)) {
      reset();
      setUploads([]);
    }
    for (const file of files) {
      setSending(file.name);
      try {
        const sent = await uploadFile(file, csrfToken);
        setUploads((list) => [...list.filter((u) => u.fileName !== sent.fileName), sent]);
      } catch (e) {
        setUploadError(
          e instanceof ApiError
            ? e
            : new ApiError({
                type: 'about:blank',
                title: 'Error',
                status: 0,
                detail: `${file.name} could not be uploaded.`,
              }),
        );
        break;
      }
    }
    setSending(null);
  }

  function load(dryRun: boolean) {
    void start('/api/imports/statewide-jobs', {
      uploadIds: uploads.map((u) => u.uploadId),
      dryRun,
    }).then(() => {
      // A load deletes the uploads on the server whatever its outcome; a check keeps them.
      if (!dryRun) setUploads([]);
    });
  }

  if (info.status === 'loading') return <Loading label="Loading statewide reference data…" />;
  if (info.status === 'error') {
    return <ErrorNotice title="Statewide reference data could not be read" error={info.error} />;
  }
  const data = info.data;
  if (!data.isSupported) {
    return (
      <p className="notice">
        Statewide reference data can be loaded from North Carolina’s (NC DPI) files only; this
        district is in {data.state}. The equity report compares schools within the district.
      </p>
    );
  }

  return (
    <>
      <section aria-labelledby="statewide-loaded">
        <h2 id="statewide-loaded">Statewide reference data in use</h2>
        <p>
          The state’s published figures for every school in {data.state}, stored apart from the
          district’s own schools. The equity report uses them to place the district’s schools by the
          state’s quartile cut points and to show the state’s own gaps beside them.
        </p>
        {data.loaded.length === 0 ? (
          <p className="hint">None loaded yet: the equity report compares within the district.</p>
        ) : (
          <ul className="statewide-loaded">
            {data.loaded.map((l) => (
              <li key={l.year}>
                <strong>{l.year}</strong>: {pluralize(l.schools, 'state school')}, loaded{' '}
                {formatDate(l.createdAt)} from {sourceFilesOf(l.fileName)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="statewide-files">
        <h2 id="statewide-files">1. Choose the state’s files</h2>
        <div className="imports-drop">
          <label htmlFor="statewide-file-input">State files (choose several at once)</label>
          <input
            id="statewide-file-input"
            type="file"
            multiple
            accept=".csv,.txt,.gz,.xlsx"
            disabled={sending !== null || isRunning}
            aria-describedby="statewide-file-hint"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = '';
              if (files.length > 0) void handleFiles(files);
            }}
          />
          <div id="statewide-file-hint" className="hint">
            <p>
              Whole-state files, one year or several, as NC DPI publishes them (.csv or .csv.gz).
              Each file is recognised by its header; load the files of a year together:
            </p>
            <ul>
              {data.files.map((f) => (
                <li key={f.mapping}>{f.about}</li>
              ))}
            </ul>
          </div>
        </div>
        {sending ? <Loading label={`Uploading ${sending}…`} /> : null}
        {uploadError ? <ErrorNotice title="A file was not accepted" error={uploadError} /> : null}
        {uploads.length > 0 ? (
          <ul className="statewide-uploads" aria-label="Uploaded state files">
            {uploads.map((u) => (
              <li key={u.uploadId}>
                <span>
                  {u.fileName} ({formatSize(u.size)})
                </span>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={isRunning}
                  onClick={() => setUploads((list) => list.filter((x) => x !== u))}
                  aria-label={`Leave out ${u.fileName}`}
                >
                  Leave out
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="statewide-run">
        <h2 id="statewide-run">2. Load</h2>
        <p>
          All files are one batch: one problem in any file and nothing is written. Loading the same
          files again changes nothing.
        </p>
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={uploads.length === 0 || isRunning || sending !== null}
            onClick={() => load(true)}
          >
            Check the files
          </button>
          <button
            type="button"
            className="button"
            disabled={uploads.length === 0 || isRunning || sending !== null}
            onClick={() => load(false)}
          >
            Load as statewide reference data
          </button>
        </div>
        {uploads.length === 0 && !job ? (
          <p className="hint">Upload the state’s files first.</p>
        ) : null}
        <JobStatus job={job} error={error} />
      </section>
    </>
  );
}

/** "NC statewide reference 2019: a.csv, b.csv" → "a.csv, b.csv". */
function sourceFilesOf(batchFileName: string): string {
  const colon = batchFileName.indexOf(':');
  return colon < 0 ? batchFileName : batchFileName.slice(colon + 1).trim();
}
