// Every school's need and results against expectation, sortable on every column and filtered
// by name, level, classification and identification.
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { DiagnosticSchoolRow } from '../../api/types.ts';
import { formatCount } from '../../ui/format.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { nextSort, type SortState } from '../../ui/sorting.ts';
import { EmptyState } from '../../ui/states.tsx';
import {
  CLASS_COLORS,
  CLASS_LABELS,
  CLASS_ORDER,
  COLUMNS,
  designationText,
  filterRows,
  sortDiagnosticRows,
  type DiagnosticsFilter,
} from './diagnostics-model.ts';

const one = (v: number | null) => (v === null ? '—' : v.toFixed(1).replace(/^-/, '\u2212'));
const signed = (v: number | null) =>
  v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '\u2212' : ''}${Math.abs(v).toFixed(1)}`;

function Cell({ row, column }: { row: DiagnosticSchoolRow; column: string }) {
  switch (column) {
    case 'name':
      return (
        <th scope="row" className="cell-name">
          <Link to={`/schools/${encodeURIComponent(row.id)}`}>{row.name}</Link>
        </th>
      );
    case 'needIndex':
      return <td className="num">{row.needIndex === null ? '—' : row.needIndex.toFixed(0)}</td>;
    case 'econDisadv':
      return <td className="num">{row.econDisadv === null ? '—' : `${one(row.econDisadv)}%`}</td>;
    case 'actual':
      return <td className="num">{one(row.actual)}</td>;
    case 'expected':
      return <td className="num">{one(row.expected)}</td>;
    case 'residual':
      return <td className="num">{signed(row.residual)}</td>;
    case 'classification':
      return (
        <td>
          <span className="class-tag" style={{ borderColor: CLASS_COLORS[row.classification] }}>
            {CLASS_LABELS[row.classification]}
          </span>
        </td>
      );
    case 'identified':
      return <td>{row.identification.identified ? designationText(row) : 'No'}</td>;
    case 'tier':
      return <td>{row.identification.tier ?? '—'}</td>;
    default:
      return <td />;
  }
}

export function DiagnosticsTable({
  rows,
  filter,
  onFilterChange,
}: {
  rows: readonly DiagnosticSchoolRow[];
  filter: DiagnosticsFilter;
  onFilterChange: (next: DiagnosticsFilter) => void;
}) {
  const searchId = useId();
  const classId = useId();
  const identifiedId = useId();
  const [sort, setSort] = useState<SortState>({ key: 'needIndex', direction: 'descending' });
  const hasTiers = rows.some((r) => r.identification.tier !== null);
  const columns = COLUMNS.filter((c) => c.key !== 'tier' || hasTiers);
  const shown = useMemo(
    () => sortDiagnosticRows(filterRows(rows, filter), sort),
    [rows, filter, sort],
  );
  const sortColumn = columns.find((c) => c.key === sort.key);
  const caption = `${formatCount(shown.length)} of ${formatCount(rows.length)} schools, sorted by ${
    sortColumn?.title.toLowerCase() ?? 'name'
  }, ${sort.direction}`;

  return (
    <>
      <div className="filter-bar diagnostics-filters">
        <div className="field field-search">
          <label htmlFor={searchId}>Find a school</label>
          <input
            id={searchId}
            type="search"
            value={filter.query}
            onChange={(e) => onFilterChange({ ...filter, query: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={classId}>Against expectation</label>
          <select
            id={classId}
            value={filter.classification}
            onChange={(e) => {
              const value = CLASS_ORDER.find((c) => c === e.target.value) ?? 'all';
              onFilterChange({ ...filter, classification: value });
            }}
          >
            <option value="all">All</option>
            {CLASS_ORDER.map((c) => (
              <option key={c} value={c}>
                {CLASS_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input
            id={identifiedId}
            type="checkbox"
            checked={filter.identifiedOnly}
            onChange={(e) => onFilterChange({ ...filter, identifiedOnly: e.target.checked })}
          />
          <label htmlFor={identifiedId}>Identified only</label>
        </div>
      </div>
      <p className="result-count" role="status">
        <strong>
          {formatCount(shown.length)} of {formatCount(rows.length)} schools
        </strong>
      </p>
      {shown.length === 0 ? (
        <EmptyState>No school matches these filters.</EmptyState>
      ) : (
        <div
          className="table-scroll table-scroll-tall"
          role="region"
          aria-label={caption}
          tabIndex={0}
        >
          <table className="data-table diagnostics-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <SortableHeader
                    key={c.key}
                    label={c.label}
                    title={`${c.title}. Click to sort.`}
                    isNumeric={c.isNumeric}
                    direction={sort.key === c.key ? sort.direction : null}
                    onSort={() => setSort(nextSort(sort, c.key, c.isNumeric))}
                    className={c.key === 'name' ? 'cell-name' : undefined}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.id}>
                  {columns.map((c) => (
                    <Cell key={c.key} row={row} column={c.key} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
