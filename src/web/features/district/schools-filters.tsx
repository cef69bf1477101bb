// The controls above the schools table: a search, the two filters people reach for first,
// and every other column's filter in a panel that stays closed until wanted.
import { useId, useState } from 'react';
import type { SchoolSummary } from '../../api/types.ts';
import { choiceOptions, type TableColumn } from './columns.ts';
import { parseBound, type TableState } from './table-state.ts';

interface FiltersProps {
  schools: readonly SchoolSummary[];
  columns: readonly TableColumn[];
  state: TableState;
  onChange: (next: TableState) => void;
}

// Region (or the town standing in for it) sits beside level: the two ways a central office
// splits its schools first.
const PRIMARY_CHOICES = ['level', 'region', 'town', 'isTitleI'];

function ChoiceFilter({
  column,
  schools,
  value,
  onChange,
}: {
  column: TableColumn;
  schools: readonly SchoolSummary[];
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{column.title}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {choiceOptions(schools, column).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function unitHint(column: TableColumn): string {
  switch (column.measure?.unit) {
    case 'percent':
      return 'percent, 0–100';
    case 'dollars':
      return 'dollars';
    case 'count':
      return 'number';
    default:
      return 'score';
  }
}

function RangeFilter({
  column,
  range,
  onChange,
}: {
  column: TableColumn;
  range: { min: string; max: string };
  onChange: (range: { min: string; max: string }) => void;
}) {
  const id = useId();
  const isBad = (text: string) => text.trim() !== '' && parseBound(text) === null;
  return (
    <fieldset className="range-filter">
      <legend>
        {column.title} <span className="legend-hint">({unitHint(column)})</span>
      </legend>
      {(['min', 'max'] as const).map((bound) => (
        <div className="field" key={bound}>
          <label htmlFor={`${id}-${bound}`}>
            {bound === 'min' ? 'Min' : 'Max'}
            <span className="visually-hidden"> {column.title}</span>
          </label>
          <input
            id={`${id}-${bound}`}
            inputMode="decimal"
            autoComplete="off"
            value={range[bound]}
            aria-invalid={isBad(range[bound]) ? true : undefined}
            onChange={(e) => onChange({ ...range, [bound]: e.target.value })}
          />
        </div>
      ))}
    </fieldset>
  );
}

export function SchoolsFilters({ schools, columns, state, onChange }: FiltersProps) {
  const searchId = useId();
  const setChoice = (key: string, value: string) =>
    onChange({ ...state, choices: { ...state.choices, [key]: value } });
  const choiceColumns = columns.filter((c) => c.filter === 'choice');
  const primary = choiceColumns.filter((c) => PRIMARY_CHOICES.includes(c.key));
  const secondary = choiceColumns.filter((c) => !PRIMARY_CHOICES.includes(c.key));
  const ranges = columns.filter((c) => c.filter === 'range');
  const panelCount =
    secondary.filter((c) => state.choices[c.key]).length +
    ranges.filter((c) => {
      const r = state.ranges[c.key];
      return r && (parseBound(r.min) !== null || parseBound(r.max) !== null);
    }).length;
  // Open on arrival when a bookmarked address already filters in it; then the user decides.
  const [isOpen, setIsOpen] = useState(panelCount > 0);

  return (
    <div className="filters">
      <div className="filter-bar">
        <div className="field field-inline field-search">
          <label htmlFor={searchId}>Search</label>
          <input
            id={searchId}
            type="search"
            placeholder="School name, city or code"
            value={state.query}
            onChange={(e) => onChange({ ...state, query: e.target.value })}
          />
        </div>
        {primary.map((column) => (
          <ChoiceFilter
            key={column.key}
            column={column}
            schools={schools}
            value={state.choices[column.key] ?? ''}
            onChange={(value) => setChoice(column.key, value)}
          />
        ))}
      </div>
      <details
        className="filter-panel"
        open={isOpen}
        onToggle={(e) => setIsOpen(e.currentTarget.open)}
      >
        <summary>
          More filters
          {panelCount > 0 ? <span className="badge">{panelCount} active</span> : null}
        </summary>
        <div className="filter-panel-body">
          <p className="hint">
            Schools without a reported figure for a column leave the list when you filter on that
            column.
          </p>
          <div className="filter-grid">
            {secondary.map((column) => (
              <ChoiceFilter
                key={column.key}
                column={column}
                schools={schools}
                value={state.choices[column.key] ?? ''}
                onChange={(value) => setChoice(column.key, value)}
              />
            ))}
          </div>
          <div className="filter-grid">
            {ranges.map((column) => (
              <RangeFilter
                key={column.key}
                column={column}
                range={state.ranges[column.key] ?? { min: '', max: '' }}
                onChange={(range) =>
                  onChange({ ...state, ranges: { ...state.ranges, [column.key]: range } })
                }
              />
            ))}
          </div>
        </div>
      </details>
    </div>
  );
}
