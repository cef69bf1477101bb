// Pieces every school-support page shares: a sortable table, the page frame with the section's
// tabs, money and date formats, a loader that keeps the page on screen while it refreshes, the
// labelled form rows, and a form hook that sends one mutation and reports its result.
import { useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useSignedIn } from '../../app/session.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, sortRows, type SortState } from '../../ui/sorting.ts';
import { SupportTabs } from './support-tabs.tsx';
import type { SupportReference } from './support-types.ts';

const money = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 2,
  minimumFractionDigits: 0,
});
const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatMoney = (value: number) => money.format(value).replace(/^-/, '\u2212');
export const formatDay = (iso: string) => day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
/** Today's date in the browser's own time zone, as a date input wants it. */
export function todayText(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
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

type SendState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'ok'; text: string }
  | { kind: 'error'; text: string; status: number | null };

/**
 * One mutation from a form: busy while sending (a second submit meanwhile is ignored), then the
 * server's answer in words — its validation message on a 400 — and `onDone` to refresh the page.
 */
export function useSend(onDone: () => void) {
  const [state, setState] = useState<SendState>({ kind: 'idle' });
  const inFlight = useRef(false);
  async function send(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body: unknown,
    okText: string,
  ): Promise<boolean> {
    if (inFlight.current) return false;
    inFlight.current = true;
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
        status: e instanceof ApiError ? e.status : null,
      });
      return false;
    } finally {
      inFlight.current = false;
    }
  }
  return { state, send, isBusy: state.kind === 'busy' };
}

export function SendStatus({ state }: { state: SendState }) {
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

/** A form's submit button: disabled and saying so while its mutation is on its way. */
export function SubmitButton({
  isBusy,
  children,
  busyText = 'Saving…',
}: {
  isBusy: boolean;
  children: ReactNode;
  busyText?: string;
}) {
  return (
    <button type="submit" className="button button-primary" disabled={isBusy}>
      {isBusy ? busyText : children}
    </button>
  );
}

/**
 * useApi for a page whose forms reload it: while a reload is on its way the last data stays on
 * screen (marked refreshing), so the form, its message and the keyboard focus stay where they
 * were instead of the page going back to "Loading…".
 */
export function useReloadingApi<T>(path: string) {
  const api = useApi<T>(path, { keepPrevious: true });
  const [kept, setKept] = useState<{ path: string; data: T } | null>(null);
  if (api.status === 'ok' && (kept === null || kept.data !== api.data)) {
    setKept({ path, data: api.data });
  }
  if (api.status === 'loading' && kept !== null && kept.path === path) {
    return { status: 'ok' as const, data: kept.data, isRefreshing: true, reload: api.reload };
  }
  return api;
}

/**
 * Whether the signed-in user may record a school's own entries (adoptions, visits by its
 * teachers): a district leader or district-wide supervisor, the school's supervisor or its
 * principal — src/services/supports-access.ts canActForSchool, checked again by the server.
 */
export function useCanActForSchool(): (schoolId?: string) => boolean {
  const { user } = useSignedIn();
  return (schoolId) =>
    user.grants.some(
      (g) =>
        (g.role === 'district_leader' ||
          g.role === 'principal_supervisor' ||
          g.role === 'principal') &&
        (g.schoolId === null || schoolId === undefined || g.schoolId === schoolId),
    );
}

interface FieldProps {
  name: string;
  label: string;
  /** The element id; the name when a page has the field once. */
  id?: string;
  required?: boolean;
  hint?: string;
}

/** A label, the control and an optional hint tied to it with aria-describedby. */
function FieldRow({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(hintId)}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  name,
  label,
  id = name,
  required = false,
  hint,
  type = 'text',
  rows,
  defaultValue,
}: FieldProps & {
  type?: 'text' | 'date';
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number;
  defaultValue?: string;
}) {
  return (
    <FieldRow id={id} label={label} hint={hint}>
      {(describedBy) =>
        rows ? (
          <textarea
            id={id}
            name={name}
            rows={rows}
            required={required}
            defaultValue={defaultValue}
            aria-describedby={describedBy}
          />
        ) : (
          <input
            id={id}
            name={name}
            type={type}
            required={required}
            defaultValue={defaultValue}
            aria-describedby={describedBy}
          />
        )
      }
    </FieldRow>
  );
}

export function NumberField({
  name,
  label,
  id = name,
  required = false,
  hint,
  step = 'any',
  min,
  max,
  defaultValue,
}: FieldProps & { step?: string; min?: number; max?: number; defaultValue?: number }) {
  return (
    <FieldRow id={id} label={label} hint={hint}>
      {(describedBy) => (
        <input
          id={id}
          name={name}
          type="number"
          step={step}
          min={min}
          max={max}
          inputMode="decimal"
          required={required}
          defaultValue={defaultValue}
          aria-describedby={describedBy}
        />
      )}
    </FieldRow>
  );
}

export function SelectField({
  name,
  label,
  id = name,
  required = false,
  hint,
  options,
  defaultValue,
  value,
  onChange,
}: FieldProps & {
  options: ReadonlyArray<{ value: string; label: string }>;
  defaultValue?: string;
  /** With onChange, a controlled select (what else the form shows follows it). */
  value?: string;
  onChange?: (value: string) => void;
}) {
  const controlled =
    value === undefined
      ? { defaultValue }
      : {
          value,
          onChange: (e: ChangeEvent<HTMLSelectElement>) => onChange?.(e.target.value),
        };
  return (
    <FieldRow id={id} label={label} hint={hint}>
      {(describedBy) => (
        <select
          id={id}
          name={name}
          required={required}
          {...controlled}
          aria-describedby={describedBy}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldRow>
  );
}

export function SchoolSelect({
  reference,
  ...props
}: FieldProps & {
  reference: Pick<SupportReference, 'schools'>;
  defaultValue?: string;
}) {
  return (
    <SelectField
      required
      {...props}
      options={reference.schools.map((s) => ({ value: s.id, label: s.name }))}
    />
  );
}

/** The outcome measures a target or goal may name. */
export function MeasureSelect({
  reference,
  ...props
}: FieldProps & { reference: Pick<SupportReference, 'measures'>; defaultValue?: string }) {
  return (
    <SelectField
      {...props}
      options={reference.measures.map((m) => ({ value: m.key, label: m.label }))}
    />
  );
}

export function GroupSelect({
  reference,
  defaultValue = 'all',
  ...props
}: FieldProps & { reference: Pick<SupportReference, 'studentGroups'>; defaultValue?: string }) {
  return (
    <SelectField
      {...props}
      defaultValue={defaultValue}
      options={reference.studentGroups.map((g) => ({ value: g.key, label: g.label }))}
    />
  );
}

/** Reads a form's fields by name. */
export function formValues(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const data = new FormData(event.currentTarget);
  const out: Record<string, string> = {};
  for (const [k, v] of data.entries()) if (typeof v === 'string') out[k] = v.trim();
  return out;
}
