// Choosing how a file's columns are read: a mapping the district saved, a built-in one, or one
// built here column by column (mapping-model.ts turns the form into a mapping document), which
// can then be saved for the district (saved-mapping.tsx).
import { useRef } from 'react';
import {
  STANDARD_MEASURES,
  STUDENT_GROUPS,
  type StudentGroup,
} from '../../../domain/shared/catalogue.ts';
import type { BuiltInMapping } from './imports-api.ts';
import { MappingFileInput } from './mapping-file.tsx';
import { SavedMappingDetails, SaveMappingForm } from './saved-mapping.tsx';
import {
  builderFromMapping,
  choiceOf,
  type BuiltMapping,
  type BuilderState,
  type Choice,
  type ColumnChoice,
  type ColumnRole,
  type MeasureOption,
} from './mapping-model.ts';

const CUSTOM = '__custom__';
const FILE = '__file__';
const ROLES: Array<[ColumnRole, string]> = [
  ['ignore', 'Ignore'],
  ['school', 'School id'],
  ['year', 'School year'],
  ['measure', 'A measure'],
];

export function MappingBuilder({
  mappings,
  catalogue,
  header,
  choice,
  built,
  notice,
  suggestedTitle,
  onChoose,
  onSave,
  onDelete,
}: {
  mappings: BuiltInMapping[];
  /** The measures a column may feed: the standard ones and the district's own. */
  catalogue: MeasureOption[];
  header: string[];
  choice: Choice;
  /** What the form makes: its mapping, or what it still needs (null: a named mapping). */
  built: BuiltMapping | null;
  /** What was last done to a saved mapping (saved, deleted), announced. */
  notice: string | null;
  suggestedTitle: string;
  onChoose: (choice: Choice) => void;
  onSave: (title: string) => Promise<void>;
  onDelete: (name: string) => Promise<void>;
}) {
  const selected = choice.kind === 'named' ? choice.name : choice.kind === 'file' ? FILE : CUSTOM;
  // Before the list has loaded (or if it failed), the standard measures.
  const options = catalogue.length > 0 ? catalogue : STANDARD_MEASURES;
  const sortedOptions = [...options].sort((a, b) => a.label.localeCompare(b.label));
  const picked = mappings.find((m) => m.name === selected);
  const saved = mappings.filter((m) => m.source === 'saved');
  const builtIns = mappings.filter((m) => m.source === 'built-in');
  // Saving or deleting removes the control that had the keyboard focus: it goes to the list.
  const select = useRef<HTMLSelectElement>(null);
  const save = async (title: string) => {
    await onSave(title);
    select.current?.focus();
  };
  const remove = async (name: string) => {
    await onDelete(name);
    select.current?.focus();
  };
  const option = (m: BuiltInMapping) => (
    <option key={m.name} value={m.name}>
      {m.title}
    </option>
  );
  const builder = choice.kind === 'custom' ? choice.builder : null;
  const replaces = choice.kind === 'named' ? undefined : choice.replaces;
  // A saved mapping of the shapes this form makes can be changed here (a copy, saved in its
  // place); one written by hand may do more than the form shows.
  const editable =
    picked?.source === 'saved' && picked.document
      ? builderFromMapping(picked.document, header, options)
      : null;

  /** The form changed: the same choice (and the saved mapping it changes, if any). */
  function setBuilder(next: BuilderState) {
    onChoose({ kind: 'custom', builder: next, ...(replaces ? { replaces } : {}) });
  }

  function update(column: string, patch: Partial<ColumnChoice>) {
    if (!builder) return;
    const next = { ...choiceOf(builder, column), ...patch };
    setBuilder({ ...builder, columns: { ...builder.columns, [column]: next } });
  }

  return (
    <div className="imports-mapping">
      <div className="field">
        <label htmlFor="imports-mapping-select">Mapping</label>
        <select
          id="imports-mapping-select"
          ref={select}
          value={selected}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value === FILE) return;
            if (value !== CUSTOM) onChoose({ kind: 'named', name: value });
            else {
              onChoose({
                kind: 'custom',
                builder: { columns: {}, fixedYear: '', markers: '' },
              });
            }
          }}
        >
          <option value={CUSTOM}>
            {builder && replaces ? `Changes to “${replaces.title}”` : 'Build my own mapping'}
          </option>
          {choice.kind === 'file' ? (
            <option value={FILE}>From the file {choice.fileName}</option>
          ) : null}
          {saved.length > 0 ? (
            <optgroup label="Saved by the district">{saved.map(option)}</optgroup>
          ) : null}
          <optgroup label="Built in">{builtIns.map(option)}</optgroup>
        </select>
      </div>
      <MappingFileInput
        onOpen={(opened) => {
          // A saved mapping downloaded, changed by hand and opened again keeps its name: saved,
          // it takes the old one's place.
          const same = saved.find((m) => m.name === opened.document.name);
          onChoose(same ? { ...opened, replaces: { name: same.name, title: same.title } } : opened);
        }}
      />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {choice.kind === 'file' ? (
        <>
          <p className="hint">
            Reading with the mapping in <strong>{choice.fileName}</strong>
            {typeof choice.document.title === 'string' ? ` (“${choice.document.title}”)` : ''}. The
            preview below shows what it makes of this file, or what is wrong with it.
          </p>
          <SaveMappingForm
            key={`${choice.fileName} ${replaces?.name ?? ''}`}
            suggestedTitle={
              replaces?.title ??
              (typeof choice.document.title === 'string' ? choice.document.title : suggestedTitle)
            }
            replaces={replaces?.title ?? null}
            document={choice.document}
            onSave={save}
          />
        </>
      ) : null}
      {picked ? (
        <p className="hint">
          {picked.description}
          {picked.requiredColumns.length > 0
            ? ` It needs the columns ${picked.requiredColumns.join(', ')}.`
            : ''}
        </p>
      ) : null}
      {picked?.source === 'saved' ? (
        <SavedMappingDetails
          key={picked.name}
          mapping={picked}
          onDelete={() => remove(picked.name)}
          onEdit={
            editable
              ? () =>
                  onChoose({
                    kind: 'custom',
                    builder: editable,
                    replaces: { name: picked.name, title: picked.title },
                  })
              : null
          }
        />
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
                <th scope="col">Students counted (n), from the column</th>
              </tr>
            </thead>
            <tbody>
              {header.map((column, i) => {
                const c = choiceOf(builder, column);
                const isMeasure = c.role === 'measure';
                const unit = options.find((m) => m.key === c.measure)?.unit;
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
                          {sortedOptions.map((m) => (
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
                    <td>
                      {isMeasure ? (
                        <select
                          aria-label={`Students counted in column ${column}, from the column`}
                          value={c.nColumn}
                          onChange={(e) => update(column, { nColumn: e.currentTarget.value })}
                        >
                          <option value="">None</option>
                          {header
                            .filter((other) => other !== column)
                            .map((other) => (
                              <option key={other} value={other}>
                                {other}
                              </option>
                            ))}
                        </select>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="hint">
            Students counted (n): where the file says how many students a figure is about, choose
            that column. Tandem then never shows a rate about fewer than 10 students, as the
            small-group rules require.
          </p>
          <div className="imports-builder-extra">
            <div className="field">
              <label htmlFor="imports-fixed-year">School year, if no column gives it</label>
              <input
                id="imports-fixed-year"
                inputMode="numeric"
                placeholder="e.g. 2019 for 2018–19"
                value={builder.fixedYear}
                onChange={(e) => setBuilder({ ...builder, fixedYear: e.currentTarget.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="imports-markers">More suppression markers (comma-separated)</label>
              <input
                id="imports-markers"
                aria-describedby="imports-markers-hint"
                value={builder.markers}
                onChange={(e) => setBuilder({ ...builder, markers: e.currentTarget.value })}
              />
              <p id="imports-markers-hint" className="hint">
                Already known: *, &lt;10, s, NDA, TFS, &lt;5%, &gt;95% and similar. A suppressed
                value is stored as suppressed, never as zero.
              </p>
            </div>
          </div>
          {!built?.mapping ? (
            <p className="notice" role="status">
              Still needed: {built?.missing.join('; ')}.
            </p>
          ) : (
            <SaveMappingForm
              key={replaces?.name ?? ''}
              suggestedTitle={replaces?.title ?? suggestedTitle}
              replaces={replaces?.title ?? null}
              document={built.mapping}
              onSave={save}
            />
          )}
        </>
      ) : null}
    </div>
  );
}
