// The schools table: one row per school, one column per fact or headline measure, sortable by
// any column. A figure from an older year than the rest of its column says which year.
import { Link } from 'react-router';
import type { SchoolSummary } from '../../api/types.ts';
import { FigureValue } from '../../ui/figure-value.tsx';
import { formatLevel, formatSchoolYear, formatYesNo } from '../../ui/format.ts';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import type { SortState } from '../../ui/sorting.ts';
import type { TableColumn } from './columns.ts';

interface SchoolsTableProps {
  caption: string;
  rows: readonly SchoolSummary[];
  columns: readonly TableColumn[];
  /** Column key → the school year most of its figures come from. */
  columnYears: Record<string, number | undefined>;
  sort: SortState;
  onSort: (column: TableColumn) => void;
}

function Cell({
  school,
  column,
  year,
}: {
  school: SchoolSummary;
  column: TableColumn;
  year: number | undefined;
}) {
  switch (column.key) {
    case 'name':
      return (
        <th scope="row" className="cell-name">
          <Link to={`/schools/${encodeURIComponent(school.id)}`}>{school.name}</Link>
        </th>
      );
    case 'level':
      return (
        <td>
          {formatLevel(school.level)}
          {school.gradeSpan ? (
            <span className="cell-detail">
              <span className="visually-hidden">, grades </span>
              {school.gradeSpan}
            </span>
          ) : null}
        </td>
      );
    case 'isTitleI':
      return <td>{formatYesNo(school.isTitleI)}</td>;
  }
  const figure = school.figures[column.key];
  const unit = column.measure?.unit ?? 'score';
  const isOlder = figure && figure.status !== 'missing' && year !== undefined && figure.year < year;
  return (
    <td className={column.isNumeric ? 'num' : undefined}>
      <FigureValue figure={figure} unit={unit} />
      {isOlder ? <span className="figure-year">{formatSchoolYear(figure.year)}</span> : null}
    </td>
  );
}

export function SchoolsTable({
  caption,
  rows,
  columns,
  columnYears,
  sort,
  onSort,
}: SchoolsTableProps) {
  const shown = columns.filter((c) => c.isInTable);
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table schools-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {shown.map((column) => (
              <SortableHeader
                key={column.key}
                label={column.label}
                title={
                  column.measure
                    ? `${column.title}. ${column.measure.description} Click to sort.`
                    : `Sort by ${column.title.toLowerCase()}`
                }
                isNumeric={column.isNumeric}
                direction={sort.key === column.key ? sort.direction : null}
                onSort={() => onSort(column)}
                className={column.key === 'name' ? 'cell-name' : undefined}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((school) => (
            <tr key={school.id}>
              {shown.map((column) => (
                <Cell
                  key={column.key}
                  school={school}
                  column={column}
                  year={columnYears[column.key]}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
