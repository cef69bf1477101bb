// The latest year's figures by student group, with all students first for comparison.
import { formatSchoolYear, formatStudentGroup } from '../../ui/format.ts';
import { FigureCell } from './figures-table.tsx';
import type { GroupTable } from './school-model.ts';

export function GroupsTable({ table }: { table: GroupTable }) {
  return (
    <div className="table-scroll" role="region" aria-label="Student groups" tabIndex={0}>
      <table className="data-table figures-table">
        <caption>Figures by student group, {formatSchoolYear(table.year)}</caption>
        <thead>
          <tr>
            <th scope="col">Student group</th>
            {table.measures.map((m) => (
              <th scope="col" className="num" key={m.key} title={m.description}>
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.group} className={row.group === 'all' ? 'row-emphasis' : undefined}>
              <th scope="row">{formatStudentGroup(row.group)}</th>
              {table.measures.map((m) => (
                <FigureCell key={m.key} figure={row.figures[m.key]} unit={m.unit} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
