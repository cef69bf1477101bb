// A school's staff for one school year, for the roles allowed to see them. Synthetic (demo)
// staff say so plainly. Individual ratings are confidential: they load only when someone
// allowed to read them asks, and the server records each read in the audit log.
import { useId, useMemo, useState } from 'react';
import type { ApiState } from '../../api/use-api.ts';
import type { StaffList, StaffMember } from '../../api/types.ts';
import {
  formatCode,
  formatCount,
  formatSchoolYear,
  formatYesNo,
  pluralize,
} from '../../ui/format.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, type SortState } from '../../ui/sorting.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { filterStaff, sortStaff, staffColumns, totalFte, type StaffColumn } from './staff-model.ts';

export interface StaffQuery {
  year: number | null;
  withRatings: boolean;
}

const fteFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 2,
});

function cellText(member: StaffMember, column: StaffColumn): string {
  switch (column.key) {
    case 'fte':
      return fteFormat.format(member.fte);
    case 'yearsExperience':
      return member.yearsExperience === null ? '—' : formatCount(member.yearsExperience);
    case 'isInField':
      return formatYesNo(member.isInField);
    case 'role':
      return formatCode(member.role);
    case 'licence':
      return member.licence === null ? '—' : formatCode(member.licence);
    case 'rating':
      return member.rating ?? 'Not rated';
    case 'subject':
    case 'name':
      return member[column.key] ?? '—';
    default:
      return '—';
  }
}

/** Whether the staff section has anything to show: not when the staff API is unavailable. */
export function hasStaffSection(state: ApiState<StaffList>): boolean {
  return !(state.status === 'error' && state.error.status === 404);
}

export function StaffSection({
  state,
  query,
  onQueryChange,
  onRetry,
}: {
  state: ApiState<StaffList>;
  query: StaffQuery;
  onQueryChange: (query: StaffQuery) => void;
  onRetry: () => void;
}) {
  return (
    <section aria-labelledby="staff-heading" className="section" id="staff">
      <div className="section-header">
        <h2 id="staff-heading">
          Staff
          {state.status === 'ok' && state.data.isSynthetic ? (
            <span className="badge badge-synthetic">Synthetic</span>
          ) : null}
        </h2>
      </div>
      {state.status === 'loading' ? <Loading label="Loading staff…" /> : null}
      {state.status === 'error' && state.error.status === 403 ? (
        <p className="notice notice-info">Your role does not give access to this school’s staff.</p>
      ) : null}
      {state.status === 'error' && state.error.status !== 403 ? (
        <ErrorNotice title="Staff could not be loaded" error={state.error} onRetry={onRetry} />
      ) : null}
      {state.status === 'ok' ? (
        <StaffTable
          list={state.data}
          isRefreshing={state.isRefreshing === true}
          query={query}
          onQueryChange={onQueryChange}
        />
      ) : null}
    </section>
  );
}

function StaffTable({
  list,
  isRefreshing,
  query,
  onQueryChange,
}: {
  list: StaffList;
  isRefreshing: boolean;
  query: StaffQuery;
  onQueryChange: (query: StaffQuery) => void;
}) {
  const yearId = useId();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState>({ key: 'name', direction: 'ascending' });
  const columns = staffColumns(list.ratingsIncluded);
  const rows = useMemo(
    () => sortStaff(filterStaff(list.staff, search), sort),
    [list.staff, search, sort],
  );
  const years = [...list.years].sort((a, b) => b - a);

  if (list.year === null) {
    return <EmptyState>No staff are recorded for this school.</EmptyState>;
  }
  const year = list.year;

  return (
    <>
      {list.isSynthetic ? (
        <p className="notice notice-info">
          <strong>Synthetic staff records.</strong> These people are not real: the demo generates
          them so that the school’s totals match its published staffing figures.
        </p>
      ) : null}
      <div className="filter-bar">
        {years.length > 1 ? (
          <div className="field field-inline">
            <label htmlFor={yearId}>School year</label>
            <select
              id={yearId}
              value={year}
              disabled={isRefreshing}
              onChange={(e) => onQueryChange({ ...query, year: Number(e.target.value) })}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {formatSchoolYear(y)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {list.staff.length > 0 ? (
          <div className="field field-inline field-search">
            <label htmlFor={searchId}>Find</label>
            <input
              id={searchId}
              type="search"
              placeholder="Name, role, subject or licence"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
        ) : null}
      </div>
      {list.staff.length === 0 ? (
        <EmptyState>No staff are recorded for this school in {formatSchoolYear(year)}.</EmptyState>
      ) : (
        <>
          <div className="result-bar">
            <p className="result-count" role="status">
              <strong>
                {formatCount(rows.length)} of {pluralize(list.staff.length, 'person', 'people')}
              </strong>{' '}
              · {fteFormat.format(totalFte(list.staff))} FTE in {formatSchoolYear(year)}
              {isRefreshing ? <span className="refreshing"> · Loading…</span> : null}
            </p>
            {list.canSeeRatings ? (
              <div className="result-actions">
                <button
                  type="button"
                  className="button button-secondary"
                  aria-pressed={list.ratingsIncluded}
                  disabled={isRefreshing}
                  onClick={() => onQueryChange({ ...query, withRatings: !list.ratingsIncluded })}
                >
                  {list.ratingsIncluded ? 'Hide ratings' : 'Show ratings'}
                </button>
              </div>
            ) : null}
          </div>
          {list.canSeeRatings && !list.ratingsIncluded ? (
            <p className="hint">
              Evaluation ratings are confidential personnel records. They are shown only when you
              ask, and each person’s rating you view is recorded in the audit log.
            </p>
          ) : null}
          {rows.length === 0 ? (
            <EmptyState>Nobody matches “{search}”.</EmptyState>
          ) : (
            <div
              className="table-scroll table-scroll-tall"
              role="region"
              aria-label="Staff"
              tabIndex={0}
            >
              <table className="data-table">
                <caption className="visually-hidden">
                  Staff in {formatSchoolYear(year)}
                  {list.isSynthetic ? ' (synthetic records)' : ''}
                </caption>
                <thead>
                  <tr>
                    {columns.map((column) => (
                      <SortableHeader
                        key={column.key}
                        label={column.label}
                        isNumeric={column.isNumeric}
                        direction={sort.key === column.key ? sort.direction : null}
                        onSort={() => setSort(nextSort(sort, column.key, column.isNumeric))}
                      />
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((member) => (
                    <tr key={member.id}>
                      {columns.map((column) =>
                        column.key === 'name' ? (
                          <th scope="row" key={column.key}>
                            {member.name}
                          </th>
                        ) : (
                          <td key={column.key} className={column.isNumeric ? 'num' : undefined}>
                            {cellText(member, column)}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
