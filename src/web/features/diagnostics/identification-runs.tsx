// Recorded identifications: a district leader records the current run (the server refuses
// anyone else, and the button is shown only to those it allows), and everyone sees past runs
// exactly as recorded, each with its CSV.
import { useState } from 'react';
import type { IdentificationRunDetail, IdentificationRunSummary } from '../../api/types.ts';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export function IdentificationRuns({
  canRecord,
  ruleSet,
  ruleSetName,
  year,
}: {
  canRecord: boolean;
  ruleSet: string;
  ruleSetName: string;
  year: number;
}) {
  const runs = useApi<{ runs: IdentificationRunSummary[] }>('/api/identifications', {
    keepPrevious: true,
  });
  const [status, setStatus] = useState<
    | { kind: 'idle' }
    | { kind: 'saving' }
    | { kind: 'done'; text: string }
    | { kind: 'error'; text: string }
  >({ kind: 'idle' });

  async function record() {
    setStatus({ kind: 'saving' });
    try {
      const run = await apiSend<IdentificationRunDetail>('POST', '/api/identifications', {
        ruleSet,
        year,
      });
      setStatus({
        kind: 'done',
        text: `Recorded: ${run.identified} of ${run.schools} schools identified under ${run.ruleSetName}, ${formatSchoolYear(run.year)}.`,
      });
      runs.reload();
    } catch (e) {
      setStatus({
        kind: 'error',
        text: e instanceof ApiError ? e.message : 'The identification could not be recorded.',
      });
    }
  }

  return (
    <>
      {canRecord ? (
        <div className="record-box">
          <p>
            Record this identification — {ruleSetName}, {formatSchoolYear(year)} — with every
            school’s reasons, so that it can be shown again exactly as it was.
          </p>
          <button
            type="button"
            className="button button-primary"
            onClick={record}
            disabled={status.kind === 'saving'}
          >
            {status.kind === 'saving' ? 'Recording…' : 'Record this identification'}
          </button>
          <p role="status" className={status.kind === 'error' ? 'form-error' : 'hint'}>
            {status.kind === 'done' || status.kind === 'error' ? status.text : ''}
          </p>
        </div>
      ) : null}
      {runs.status === 'loading' ? (
        <Loading label="Loading recorded identifications…" />
      ) : runs.status === 'error' ? (
        <ErrorNotice
          title="Recorded identifications could not be loaded"
          error={runs.error}
          onRetry={runs.reload}
        />
      ) : runs.data.runs.length === 0 ? (
        <EmptyState>No identification has been recorded yet.</EmptyState>
      ) : (
        <div
          className="table-scroll table-scroll-short"
          role="region"
          aria-label="Recorded identifications"
          tabIndex={0}
        >
          <table className="data-table">
            <caption className="visually-hidden">Recorded identifications, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Recorded</th>
                <th scope="col">Rule set</th>
                <th scope="col">School year</th>
                <th scope="col" className="num">
                  Identified
                </th>
                <th scope="col">By</th>
                <th scope="col">Download</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((r) => (
                <tr key={r.id}>
                  <td>{when.format(new Date(r.runAt))}</td>
                  <td>{r.ruleSetName}</td>
                  <td>{formatSchoolYear(r.year)}</td>
                  <td className="num">
                    {r.identified} of {r.schools}
                  </td>
                  <td>{r.runBy?.name ?? 'System'}</td>
                  <td>
                    <a href={`/api/identifications/${r.id}.csv`} download>
                      CSV
                      <span className="visually-hidden">
                        , run of {when.format(new Date(r.runAt))}
                      </span>
                    </a>
                    {' · '}
                    <a href={`/api/identifications/${r.id}.xlsx`} download>
                      XLSX
                      <span className="visually-hidden">
                        , run of {when.format(new Date(r.runAt))}
                      </span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
