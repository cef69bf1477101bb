// Pieces every school-support page shares: a sortable table, the page frame with the section's
// tabs, money and date formats, and a form hook that sends one mutation and reports its result.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, sortRows, type SortState } from '../../ui/sorting.ts';
import { SupportTabs } from './support-tabs.tsx';

const money = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 2,
  minimumFractionDigits: 0,
});
const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatMoney = (value: number) => money.format(value).replace(/^-/, '\u2212');
export const formatDay = (iso: string) => day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
export const schoolYearText = (year: number) =>
  `${year - 1}–${String(year % 100).padStart(2, '0')}`;

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  active: 'Active',
  completed: 'Completed',
  ended: 'Ended early',
  pending: 'Pending',
  met: 'Met',
  not_met: 'Not met',
  approved: 'Approved',
  in_progress: 'In progress',
  done: 'Done',
  planned: 'Planned',
  dropped: 'Dropped',
  adopting: 'Adopting',
  in_use: 'In use',
  on_track: 'On track',
  some_progress: 'Some progress',
  not_on_track: 'Not on track',
  owed: 'Owed',
  reversal: 'Reversed',
  paid: 'Paid',
};
export const statusLabel = (s: string) => STATUS_LABELS[s] ?? s;

export function StatusTag({ status }: { status: string }) {
  return <span className={`support-status support-status-${status}`}>{statusLabel(status)}</span>;
}

export function SupportPage({
  title,
  lede,
  children,
}: {
  title: string;
  lede?: ReactNode;
  children: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <div className="container page support-page">
      <header className="page-header">
        <p className="eyebrow">School support</p>
        <h1>{title}</h1>
        {lede ? <p className="lede">{lede}</p> : null}
      </header>
      <SupportTabs />
      {children}
    </div>
  );
}

export interface Column<T> {
  key: string;
  label: string;
  isNumeric?: boolean;
  value: (row: T) => string | number | null;
  render?: (row: T) => ReactNode;
}

export function SortTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  initial,
}: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  initial?: SortState;
}) {
  const first = columns[0];
  const [sort, setSort] = useState<SortState>(
    initial ?? { key: first?.key ?? '', direction: 'ascending' },
  );
  const column = columns.find((c) => c.key === sort.key) ?? first;
  const sorted = column ? sortRows(rows, column.value, sort.direction, rowKey) : [...rows];
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <SortableHeader
                key={c.key}
                label={c.label}
                isNumeric={c.isNumeric ?? false}
                direction={sort.key === c.key ? sort.direction : null}
                onSort={() => setSort(nextSort(sort, c.key, c.isNumeric ?? false))}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.isNumeric ? 'num' : undefined}>
                  {c.render ? c.render(row) : (c.value(row) ?? '—')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One mutation from a form: busy while sending, then the server's answer in words. */
export function useSend(onDone: () => void) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'busy' }
    | { kind: 'ok'; text: string }
    | { kind: 'error'; text: string }
  >({ kind: 'idle' });
  async function send(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body: unknown,
    okText: string,
  ): Promise<boolean> {
    setState({ kind: 'busy' });
    try {
      await apiSend(method, path, body);
      setState({ kind: 'ok', text: okText });
      onDone();
      return true;
    } catch (e) {
      setState({
        kind: 'error',
        text: e instanceof ApiError ? e.message : 'The change could not be saved. Try again.',
      });
      return false;
    }
  }
  return { state, send, isBusy: state.kind === 'busy' };
}

export function SendStatus({ state }: { state: ReturnType<typeof useSend>['state'] }) {
  if (state.kind === 'ok')
    return (
      <p className="support-ok" role="status">
        {state.text}
      </p>
    );
  if (state.kind === 'error') {
    return (
      <p className="field-error" role="alert">
        {state.text}
      </p>
    );
  }
  return null;
}

/** Reads a form's fields by name. */
export function formValues(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const data = new FormData(event.currentTarget);
  const out: Record<string, string> = {};
  for (const [k, v] of data.entries()) if (typeof v === 'string') out[k] = v.trim();
  return out;
}
