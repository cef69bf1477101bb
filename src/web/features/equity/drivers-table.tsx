// The schools that drive each gap: for every measure, the highest-quartile schools that add the
// most points to it, with their rate and n. Sortable; each school links to its page.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { SortableHeader } from '../../ui/sortable-header.tsx';
import { compareText, nextSort, sortRows, type SortState } from '../../ui/sorting.ts';
import { formatAmount, type Driver } from './equity-model.ts';

const COLUMNS = [
  { key: 'name', label: 'School', isNumeric: false },
  { key: 'measure', label: 'Measure', isNumeric: false },
  { key: 'rate', label: 'Rate', isNumeric: true },
  { key: 'n', label: 'n', isNumeric: true },
  { key: 'points', label: 'Points added to the gap', isNumeric: true },
] as const;

function valueOf(row: Driver, key: string): string | number | null {
  switch (key) {
    case 'name':
      return row.name;
    case 'measure':
      return row.measureLabel;
    case 'rate':
      return row.rate.percent;
    case 'n':
      return row.rate.n;
    default:
      return row.contributionPoints;
  }
}

export function DriversTable({ rows, caption }: { rows: readonly Driver[]; caption: string }) {
  const [sort, setSort] = useState<SortState>({ key: 'points', direction: 'descending' });
  const sorted = useMemo(() => {
    const out = sortRows(
      rows,
      (r) => valueOf(r, sort.key),
      sort.direction,
      (r) => `${r.measure} ${r.name}`,
    );
    return sort.key === 'name' || sort.key === 'measure'
      ? out.sort(
          (a, b) =>
            (sort.direction === 'ascending' ? 1 : -1) *
            compareText(String(valueOf(a, sort.key)), String(valueOf(b, sort.key))),
        )
      : out;
  }, [rows, sort]);
  return (
    <div className="table-scroll equity-table" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <SortableHeader
                key={c.key}
                label={c.label}
                isNumeric={c.isNumeric}
                direction={sort.key === c.key ? sort.direction : null}
                onSort={() => setSort(nextSort(sort, c.key, c.isNumeric))}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={`${r.measure}-${r.schoolId}`}>
              <th scope="row">
                <Link to={`/schools/${encodeURIComponent(r.schoolId)}`}>{r.name}</Link>
              </th>
              <td>{r.measureLabel}</td>
              <td className="num">{r.rate.text}</td>
              <td className="num">{r.rate.n === null ? '—' : formatAmount(r.rate.n)}</td>
              <td className="num">+{r.contributionPoints.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
