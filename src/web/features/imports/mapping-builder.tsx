// Choosing how a file's columns are read: a built-in mapping, or one built here column by
// column (mapping-model.ts turns the form into a mapping document).
import {
  STANDARD_MEASURES,
  STUDENT_GROUPS,
  type StudentGroup,
} from '../../../domain/shared/catalogue.ts';
import type { BuiltInMapping } from './imports-api.ts';
import {
  choiceOf,
  type BuilderState,
  type ColumnChoice,
  type ColumnRole,
} from './mapping-model.ts';

type Choice = { kind: 'built-in'; name: string } | { kind: 'custom'; builder: BuilderState };

const CUSTOM = '__custom__';
const ROLES: Array<[ColumnRole, string]> = [
  ['ignore', 'Ignore'],
  ['school', 'School id'],
  ['year', 'School year'],
  ['measure', 'A measure'],
];
const measures = [...STANDARD_MEASURES].sort((a, b) => a.label.localeCompare(b.label));

export function MappingBuilder({
  mappings,
  header,
  choice,
  missing,
  onChoose,
}: {
  mappings: BuiltInMapping[];
  header: string[];
  choice: Choice;
  missing: string[];
  onChoose: (choice: Choice) => void;
}) {
  const selected = choice.kind === 'built-in' ? choice.name : CUSTOM;
  const builtIn = mappings.find((m) => m.name === selected);
  const builder = choice.kind === 'custom' ? choice.builder : null;

  function update(column: string, patch: Partial<ColumnChoice>) {
    if (!builder) return;
    const next = { ...choiceOf(builder, column), ...patch };
    onChoose({
      kind: 'custom',
      builder: { ...builder, columns: { ...builder.columns, [column]: next } },
    });
  }

  return (
    <div className="imports-mapping">
      <div className="field">
        <label htmlFor="imports-mapping-select">Mapping</label>
        <select
          id="imports-mapping-select"
          value={selected}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value !== CUSTOM) onChoose({ kind: 'built-in', name: value });
            else {
              onChoose({
                kind: 'custom',
                builder: { columns: {}, fixedYear: '', markers: '' },
              });
            }
          }}
        >
          <option value={CUSTOM}>Build my own mapping</option>
          {mappings.map((m) => (
            <option key={m.name} value={m.name}>
              {m.title}
            </option>
          ))}
        </select>
      </div>
      {builtIn ? (
        <p className="hint">
          {builtIn.description} It needs the columns {builtIn.requiredColumns.join(', ')}.
        </p>
      ) : null}
      {builder ? (
        <>
          <table className="data-table imports-builder">
            <caption>What each column of the file feeds</caption>
            <thead>
              <tr>
                <th scope="col">Column in the file</th>
                <th scope="col">Use</th>
                <th scope="col">Measure</th>
                <th scope="col">Student group</th>
                <th scope="col">Written as fractions (0.45 for 45%)</th>
              </tr>
            </thead>
            <tbody>
              {header.map((column, i) => {
                const c = choiceOf(builder, column);
                const isMeasure = c.role === 'measure';
                const unit = STANDARD_MEASURES.find((m) => m.key === c.measure)?.unit;
                return (
                  <tr key={column}>
                    <th scope="row">{column}</th>
                    <td>
                      <select
                        aria-label={`Use of column ${column}`}
                        value={c.role}
                        onChange={(e) =>
                          update(column, { role: e.currentTarget.value as ColumnRole })
                        }
                      >
                        {ROLES.map(([value, label]) => (
                          <option key={value} value={value}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {isMeasure ? (
                        <select
                          aria-label={`Measure in column ${column}`}
                          value={c.measure}
                          onChange={(e) => update(column, { measure: e.currentTarget.value })}
                        >
                          {measures.map((m) => (
                            <option key={m.key} value={m.key}>
                              {m.label}
                            </option>
                          ))}
                        </select>
                      ) : null}
                    </td>
                    <td>
                      {isMeasure ? (
                        <select
                          aria-label={`Student group of column ${column}`}
                          value={c.group}
                          onChange={(e) =>
                            update(column, { group: e.currentTarget.value as StudentGroup })
                          }
                        >
                          {Object.entries(STUDENT_GROUPS).map(([key, label]) => (
                            <option key={key} value={key}>
                              {label}
                            </option>
                          ))}
                        </select>
                      ) : null}
                    </td>
                    <td>
                      {isMeasure && unit === 'percent' ? (
                        <input
                          type="checkbox"
                          id={`imports-fraction-${i}`}
                          aria-label={`Column ${column} holds fractions`}
                          checked={c.isFraction}
                          onChange={(e) => update(column, { isFraction: e.currentTarget.checked })}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="imports-builder-extra">
            <div className="field">
              <label htmlFor="imports-fixed-year">School year, if no column gives it</label>
              <input
                id="imports-fixed-year"
                inputMode="numeric"
                placeholder="e.g. 2019 for 2018–19"
                value={builder.fixedYear}
                onChange={(e) =>
                  onChoose({
                    kind: 'custom',
                    builder: { ...builder, fixedYear: e.currentTarget.value },
                  })
                }
              />
            </div>
            <div className="field">
              <label htmlFor="imports-markers">More suppression markers (comma-separated)</label>
              <input
                id="imports-markers"
                aria-describedby="imports-markers-hint"
                value={builder.markers}
                onChange={(e) =>
                  onChoose({
                    kind: 'custom',
                    builder: { ...builder, markers: e.currentTarget.value },
                  })
                }
              />
              <p id="imports-markers-hint" className="hint">
                Already known: *, &lt;10, s, NDA, TFS, &lt;5%, &gt;95% and similar. A suppressed
                value is stored as suppressed, never as zero.
              </p>
            </div>
          </div>
          {missing.length > 0 ? (
            <p className="notice" role="status">
              Still needed: {missing.join('; ')}.
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
