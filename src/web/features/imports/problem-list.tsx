// Every problem the dry run found, with file, row, column, value and reason; filterable by
// column and by text, with counts by column so a systematic problem (a whole column of
// percentages written as fractions) shows as one line, not a thousand.
import { useMemo, useState } from 'react';
import { pluralize } from '../../ui/format.ts';
import type { ImportProblem } from './imports-api.ts';

const ALL = '__all__';
const SHOWN = 200;

export function ProblemList({
  problems,
  problemCount,
  isRefused,
}: {
  problems: ImportProblem[];
  problemCount: number;
  isRefused: boolean;
}) {
  const [column, setColumn] = useState(ALL);
  const [text, setText] = useState('');
  const byColumn = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of problems) counts.set(p.column ?? '', (counts.get(p.column ?? '') ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  }, [problems]);
  const needle = text.trim().toLowerCase();
  const filtered = problems.filter(
    (p) =>
      (column === ALL || (p.column ?? '') === column) &&
      (needle === '' || `${p.value ?? ''} ${p.reason} ${p.row}`.toLowerCase().includes(needle)),
  );

  if (problemCount === 0) {
    return (
      <p className="imports-ok" role="status">
        No problems: every row can be imported.
      </p>
    );
  }
  return (
    <div className="imports-problems">
      <h3>
        {pluralize(problemCount, 'problem')}
        {problemCount > problems.length
          ? ` (the first ${problems.length.toLocaleString('en-US')} are listed)`
          : ''}
      </h3>
      <p>
        {isRefused
          ? 'The file cannot be imported as it is: fix these and upload it again.'
          : 'Import stops at any problem. “Import valid rows only” loads the rest and gives back the rows with problems as a CSV file.'}
      </p>
      {byColumn.length > 1 ? (
        <ul className="imports-problem-counts">
          {byColumn.map(([c, n]) => (
            <li key={c}>
              {c === '' ? 'Whole row or file' : c}: {n.toLocaleString('en-US')}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="imports-problem-filters">
        <div className="field">
          <label htmlFor="imports-problem-column">Column</label>
          <select
            id="imports-problem-column"
            value={column}
            onChange={(e) => setColumn(e.currentTarget.value)}
          >
            <option value={ALL}>All columns</option>
            {byColumn.map(([c]) => (
              <option key={c} value={c}>
                {c === '' ? 'Whole row or file' : c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="imports-problem-text">Search problems</label>
          <input
            id="imports-problem-text"
            type="search"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </div>
      </div>
      <p role="status" className="hint">
        Showing {Math.min(filtered.length, SHOWN).toLocaleString('en-US')} of{' '}
        {pluralize(filtered.length, 'problem')}.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Problems">
        <table className="data-table imports-problem-table">
          <caption className="visually-hidden">Problems found in the file</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Row
              </th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {filtered.slice(0, SHOWN).map((p, i) => (
              <tr key={`${p.file}-${p.row}-${p.column ?? ''}-${i}`}>
                <td>{p.file}</td>
                <td className="num">{p.row === 0 ? '—' : p.row.toLocaleString('en-US')}</td>
                <td>{p.column ?? '—'}</td>
                <td>{p.value ?? '—'}</td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
