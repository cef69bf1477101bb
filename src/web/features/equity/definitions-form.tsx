// The definitions picker: a state preset (North Carolina, Massachusetts, California), the
// overrides a district may set (years that count as inexperienced, rating levels that count as
// ineffective), the year and the source of the figures. Selects apply at once; typed overrides
// apply with the button, so a half-typed number does not reload the report.
import { useId, useState, type FormEvent } from 'react';
import type { EquityReportView } from '../../api/types.ts';
import { formatSchoolYear } from '../../ui/format.ts';

export function DefinitionsForm({
  report,
  onChange,
}: {
  report: EquityReportView;
  onChange: (changes: Record<string, string | null>) => void;
}) {
  const presetId = useId();
  const yearId = useId();
  const sourceId = useId();
  const yearsId = useId();
  const comparisonId = useId();
  const levelsId = useId();
  const [years, setYears] = useState('');
  const [comparison, setComparison] = useState('');
  const [levels, setLevels] = useState('');
  const isCustom = report.definitions.overridden.length > 0;

  function apply(event: FormEvent) {
    event.preventDefault();
    onChange({
      inexperiencedYears: years.trim(),
      inexperiencedComparison: years.trim() === '' ? null : comparison || 'less_than',
      ineffectiveLevels: levels.trim(),
    });
  }
  function reset() {
    setYears('');
    setComparison('');
    setLevels('');
    onChange({ inexperiencedYears: null, inexperiencedComparison: null, ineffectiveLevels: null });
  }

  return (
    <form className="panel equity-definitions" onSubmit={apply} aria-label="Equity definitions">
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={presetId}>Definitions</label>
          <select
            id={presetId}
            value={report.preset}
            onChange={(e) => onChange({ preset: e.target.value })}
          >
            {report.presets.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={yearId}>School year</label>
          <select
            id={yearId}
            value={report.year}
            onChange={(e) => onChange({ year: e.target.value })}
          >
            {[...report.years].reverse().map((y) => (
              <option key={y} value={y}>
                {formatSchoolYear(y)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={sourceId}>Figures from</label>
          <select
            id={sourceId}
            value={report.source}
            onChange={(e) => onChange({ source: e.target.value, year: null })}
          >
            <option value="staff">Staff records (person level)</option>
            <option value="published">Published school figures</option>
          </select>
        </div>
      </div>
      {report.source === 'staff' ? (
        <div className="filter-bar">
          <div className="field">
            <label htmlFor={yearsId}>Inexperienced: years</label>
            <input
              id={yearsId}
              type="number"
              min={0}
              max={40}
              inputMode="numeric"
              value={years}
              placeholder="preset"
              onChange={(e) => setYears(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={comparisonId}>Counting</label>
            <select
              id={comparisonId}
              value={comparison}
              onChange={(e) => setComparison(e.target.value)}
            >
              <option value="">fewer than the years</option>
              <option value="at_most">the years or fewer</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={levelsId}>Ineffective: rating levels (comma-separated)</label>
            <input
              id={levelsId}
              type="text"
              value={levels}
              placeholder="e.g. Needs Improvement"
              onChange={(e) => setLevels(e.target.value)}
            />
          </div>
          <button type="submit" className="button">
            Apply
          </button>
          {isCustom ? (
            <button type="button" className="button button-quiet" onClick={reset}>
              Back to the preset
            </button>
          ) : null}
        </div>
      ) : null}
      <p className="hint">
        {report.definitions.name}
        {isCustom ? ` — changed: ${report.definitions.overridden.join(', ')}` : ''}.{' '}
        {report.definitions.lines.slice(1, 4).join(' ')}
      </p>
    </form>
  );
}
