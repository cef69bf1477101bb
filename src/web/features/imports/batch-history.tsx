// Every import batch of the district, newest first, sortable and filterable (by file, mapping or
// who; by status): who, when, the file, its counts; rollback (after confirming, in a dialog) and
// the rejected rows as CSV. A district's history grows by dozens of files a year, so the first
// PAGE rows are shown and the rest on request.
import { useState } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { pluralize } from '../../ui/format.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, sortRows, type SortState } from '../../ui/sorting.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { Batch, Rollback } from './imports-api.ts';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const n = (x: number) => x.toLocaleString('en-US');
const PAGE = 25;

type StatusFilter = 'all' | 'committed' | 'rolled_back';
const STATUS_FILTERS: Array<{ value: StatusFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'committed', label: 'Imported' },
  { value: 'rolled_back', label: 'Rolled back' },
];

const COLUMNS: Array<{
  key: string;
  label: string;
  isNumeric: boolean;
  value: (b: Batch) => string | number | null;
}> = [
  { key: 'createdAt', label: 'When', isNumeric: true, value: (b) => Date.parse(b.createdAt) },
  { key: 'fileName', label: 'File', isNumeric: false, value: (b) => b.fileName },
  { key: 'by', label: 'By', isNumeric: false, value: (b) => who(b) },
  { key: 'rowsRead', label: 'Rows read', isNumeric: true, value: (b) => b.rowsRead },
  { key: 'rowsWritten', label: 'Written', isNumeric: true, value: (b) => b.rowsWritten },
  { key: 'rowsRejected', label: 'Rejected', isNumeric: true, value: (b) => b.rowsRejected },
  { key: 'status', label: 'Status', isNumeric: false, value: (b) => b.status },
];

function who(b: Batch): string {
  return b.createdBy ? (b.createdBy.displayName ?? b.createdBy.username ?? 'a user') : 'Tandem';
}

export function BatchHistory({ version }: { version: number }) {
  const batches = useApi<{ batches: Batch[] }>(`/api/imports/batches?v=${version}`, {
    keepPrevious: true,
  });
  const [sort, setSort] = useState<SortState>({ key: 'createdAt', direction: 'descending' });
  const [confirming, setConfirming] = useState<Batch | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [isWorking, setIsWorking] = useState(false);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [shown, setShown] = useState(PAGE);
  async function rollBack(batch: Batch) {
    setIsWorking(true);
    try {
      const done = await apiSend<Rollback>('POST', `/api/imports/batches/${batch.id}/rollback`, {});
      setMessage({
        kind: 'ok',
        text: `Rolled back ${done.fileName}: ${n(done.restored)} rows put back as they were, ${n(done.deleted)} removed.`,
      });
      batches.reload();
    } catch (e) {
      setMessage({
        kind: 'error',
        text: e instanceof ApiError ? e.message : 'The batch could not be rolled back.',
      });
    } finally {
      setIsWorking(false);
      setConfirming(null);
    }
  }

  return (
    <section aria-labelledby="imports-history">
      <h2 id="imports-history">Import history</h2>
      {message ? (
        <p
          className={`notice${message.kind === 'error' ? ' notice-error' : ''}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      {batches.status === 'loading' ? <Loading label="Loading import history…" /> : null}
      {batches.status === 'error' ? (
        <ErrorNotice
          title="The import history could not be loaded"
          error={batches.error}
          onRetry={batches.reload}
        />
      ) : null}
      {batches.status === 'ok' && batches.data.batches.length === 0 ? (
        <EmptyState>No file has been imported yet.</EmptyState>
      ) : null}
      {batches.status === 'ok' && batches.data.batches.length > 0 ? (
        <HistoryTable
          batches={batches.data.batches}
          text={text}
          status={status}
          shown={shown}
          sort={sort}
          onText={(t) => {
            setText(t);
            setShown(PAGE);
          }}
          onStatus={(st) => {
            setStatus(st);
            setShown(PAGE);
          }}
          onShowAll={() => setShown(Number.POSITIVE_INFINITY)}
          onSort={setSort}
          onRollBack={setConfirming}
        />
      ) : null}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`Roll back ${confirming?.fileName ?? ''}?`}
        confirmLabel="Roll back"
        workingLabel="Rolling back…"
        isWorking={isWorking}
        onConfirm={() => {
          if (confirming) void rollBack(confirming);
        }}
        onCancel={() => setConfirming(null)}
      >
        <p>
          Every value and record this import changed is put back as it was, and everything it added
          is removed ({n(confirming?.rowsWritten ?? 0)} rows). The import stays listed as rolled
          back.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function HistoryTable({
  batches,
  text,
  status,
  shown,
  sort,
  onText,
  onStatus,
  onShowAll,
  onSort,
  onRollBack,
}: {
  batches: Batch[];
  text: string;
  status: StatusFilter;
  shown: number;
  sort: SortState;
  onText: (text: string) => void;
  onStatus: (status: StatusFilter) => void;
  onShowAll: () => void;
  onSort: (sort: SortState) => void;
  onRollBack: (batch: Batch) => void;
}) {
  const needle = text.trim().toLowerCase();
  const filtered = batches.filter(
    (b) =>
      (status === 'all' || b.status === status) &&
      (needle === '' ||
        `${b.fileName} ${b.mappingName ?? ''} ${who(b)}`.toLowerCase().includes(needle)),
  );
  const sorted = sortRows(
    filtered,
    COLUMNS.find((c) => c.key === sort.key)?.value ?? ((b) => b.createdAt),
    sort.direction,
    (b) => b.id,
  );
  const visible = sorted.slice(0, shown);
  return (
    <>
      <div className="imports-problem-filters">
        <div className="field">
          <label htmlFor="imports-history-text">Search imports</label>
          <input
            id="imports-history-text"
            type="search"
            value={text}
            placeholder="File, mapping or person"
            onChange={(e) => onText(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="imports-history-status">Status</label>
          <select
            id="imports-history-status"
            value={status}
            onChange={(e) => onStatus(e.currentTarget.value as StatusFilter)}
          >
            {STATUS_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p role="status" className="hint imports-history-count">
        Showing {n(visible.length)} of {pluralize(filtered.length, 'import')}
        {filtered.length < batches.length ? ` (${n(batches.length)} in all)` : ''}.
      </p>
      {filtered.length === 0 ? (
        <EmptyState>No import matches this search.</EmptyState>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Import history">
          <table className="data-table imports-history-table">
            <caption className="visually-hidden">Import batches, sortable by each column</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <SortableHeader
                    key={c.key}
                    label={c.label}
                    isNumeric={c.isNumeric && c.key !== 'createdAt'}
                    direction={sort.key === c.key ? sort.direction : null}
                    onSort={() => onSort(nextSort(sort, c.key, c.isNumeric))}
                  />
                ))}
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((b) => (
                <tr key={b.id}>
                  <td>{when.format(new Date(b.createdAt))}</td>
                  <td>
                    {b.fileName}
                    {b.mappingName ? <span className="hint"> ({b.mappingName})</span> : null}
                  </td>
                  <td>{who(b)}</td>
                  <td className="num">{n(b.rowsRead)}</td>
                  <td className="num">{n(b.rowsWritten)}</td>
                  <td className="num">{n(b.rowsRejected)}</td>
                  <td>
                    {b.status === 'committed'
                      ? 'Imported'
                      : `Rolled back${b.rolledBackAt ? ` ${when.format(new Date(b.rolledBackAt))}` : ''}`}
                  </td>
                  <td>
                    {/* A flex box inside the cell: a cell that is itself one leaves the table's
                        row lines. */}
                    <div className="imports-actions">
                      {b.rowsRejected > 0 ? (
                        <a href={`/api/imports/batches/${b.id}/rejected.csv`} download>
                          Rejected rows<span className="visually-hidden"> of {b.fileName}</span>{' '}
                          (CSV)
                        </a>
                      ) : null}
                      {b.status === 'committed' ? (
                        <button
                          type="button"
                          className="button button-quiet"
                          onClick={() => onRollBack(b)}
                        >
                          Roll back<span className="visually-hidden"> {b.fileName}</span>
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {visible.length < sorted.length ? (
        <button type="button" className="button button-secondary" onClick={onShowAll}>
          Show all {pluralize(sorted.length, 'import')}
        </button>
      ) : null}
    </>
  );
}
