// The preview: the dry run's counts, the first rows as read, and the same rows as they will be
// stored (school, year, measure, group, value, status). For Ed-Fi and OneRoster, the counts of
// what each table would receive.
import { DEFAULT_MINIMUM_N } from '../../../domain/shared/suppression.ts';
import { formatCount, formatSchoolYear, formatStudentGroup, pluralize } from '../../ui/format.ts';
import type { Preview, TablePreview } from './imports-api.ts';

/** A rate about fewer students than the minimum n: stored, but the school pages show it
 * suppressed (services/schools.ts, applyMinimumN; counts and money are not rates). */
const isHiddenForSmallN = (
  v: { status: string; n: number | null; measure: string },
  percents: ReadonlySet<string>,
) => v.status === 'reported' && v.n !== null && v.n < DEFAULT_MINIMUM_N && percents.has(v.measure);

const STATUS: Record<string, string> = {
  reported: 'Reported',
  suppressed: 'Suppressed',
  missing: 'Missing',
};

export function PreviewTables({
  preview,
  onUseMapping,
}: {
  preview: Preview;
  /** Chooses a built-in mapping the file's columns fit (when none was picked). */
  onUseMapping: (name: string) => void;
}) {
  if (preview.kind !== 'table') {
    const run = preview.dryRun;
    if (!run) return null;
    const c = run.counts;
    return (
      <p className="imports-counts" role="status">
        A dry run of {preview.fileName} ({preview.kind === 'edfi' ? 'Ed-Fi' : 'OneRoster'}
        {run.schoolYear
          ? `, school year ${run.schoolYear - 1}–${String(run.schoolYear).slice(2)}`
          : ''}
        ): {pluralize(c.schools, 'school')}, {pluralize(c.staff, 'staff member')},{' '}
        {pluralize(c.assignments, 'assignment')}, {pluralize(c.credentials, 'licence')} and{' '}
        {pluralize(c.values, 'measure value')}; {pluralize(run.rowsWritten, 'row')} would be added
        or changed.
      </p>
    );
  }
  return <TablePreviewView preview={preview} onUseMapping={onUseMapping} />;
}

function TablePreviewView({
  preview,
  onUseMapping,
}: {
  preview: TablePreview;
  onUseMapping: (name: string) => void;
}) {
  const run = preview.dryRun;
  return (
    <>
      {preview.mapping === null && !preview.isRefused && preview.fits.length === 0 ? (
        <p className="notice" role="status">
          No built-in or saved mapping fits this file’s columns. Build one above; you can then save
          it for the next file like this one.
        </p>
      ) : null}
      {preview.mapping === null && !preview.isRefused && preview.fits.length > 0 ? (
        <div className="notice imports-fits" role="status">
          <p>
            No mapping was picked: the file’s name is not the one{' '}
            {preview.fits.length === 1 ? 'it was' : 'they were'} written for
            {preview.fits.length > 1 ? ', or several fit' : ''}. Its columns fit{' '}
            {preview.fits.length === 1 ? 'this one' : 'these'}:
          </p>
          <div className="button-row">
            {preview.fits.map((m) => (
              <button
                key={m.name}
                type="button"
                className="button button-secondary"
                onClick={() => onUseMapping(m.name)}
              >
                Use {m.title}
              </button>
            ))}
          </div>
          <p className="hint">Or build a mapping above.</p>
        </div>
      ) : null}
      {run ? (
        <p className="imports-counts" role="status">
          Read with <strong>{preview.mapping?.title}</strong>: {pluralize(run.rowsRead, 'row')}{' '}
          read; {pluralize(run.rowsWritten, 'value or school', 'values and schools')} would be added
          or changed, {pluralize(run.rowsSkipped, 'row')} skipped by the mapping,{' '}
          {pluralize(run.rowsRejected, 'row with a problem', 'rows with problems')}.
        </p>
      ) : null}
      {preview.sourceRows.length > 0 ? (
        <div
          className="table-scroll imports-source-scroll"
          tabIndex={0}
          role="region"
          aria-label="The file’s first rows"
        >
          <table className="data-table imports-source">
            <caption>
              {preview.sheets.length > 1
                ? `The first ${preview.sourceRows.length} rows of the sheet “${preview.sheet}”, as read`
                : `The file’s first ${preview.sourceRows.length} rows, as read`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                {preview.header.map((h, i) => (
                  <th scope="col" key={`${h}-${i}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.sourceRows.map((r) => (
                <tr key={r.row}>
                  <th scope="row" className="num">
                    {r.row}
                  </th>
                  {preview.header.map((_, i) => (
                    <td key={i}>{r.cells[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.mapping ? <Landing preview={preview} /> : null}
    </>
  );
}

function Landing({ preview }: { preview: TablePreview }) {
  if (preview.landing.length === 0 && preview.schools.length === 0) {
    return <p className="empty">These rows give no values through this mapping.</p>;
  }
  // Each measure by its label, its key beside (what a mapping names and the API returns): the
  // server's catalogue, with the measures a mapping defines.
  const labels = new Map(preview.measures.map((m) => [m.key, m.label]));
  const percents = new Set(preview.measures.filter((m) => m.unit === 'percent').map((m) => m.key));
  return (
    <>
      {preview.schools.length > 0 ? (
        <p>
          Schools these rows add or update:{' '}
          {preview.schools.map((s) => `${s.name} (${s.id})`).join(', ')}.
        </p>
      ) : null}
      {preview.landing.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="As they will land">
          <table className="data-table imports-landing">
            <caption>The same rows as they will be stored</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">School</th>
                <th scope="col">School year</th>
                <th scope="col">Measure</th>
                <th scope="col">Student group</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col" className="num">
                  <abbr title="Students counted">n</abbr>
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {preview.landing.map((v, i) => (
                <tr key={`${v.row}-${i}`}>
                  <td className="num">{v.row}</td>
                  <td>{v.school}</td>
                  <td>{formatSchoolYear(v.year)}</td>
                  <td>
                    {labels.get(v.measure) ?? v.measure}
                    {(labels.get(v.measure) ?? v.measure) !== v.measure ? (
                      <span className="hint"> ({v.measure})</span>
                    ) : null}
                  </td>
                  <td>{formatStudentGroup(v.group)}</td>
                  <td className="num">{v.value === null ? '—' : String(v.value)}</td>
                  <td className="num">{v.n === null ? '—' : formatCount(v.n)}</td>
                  <td>
                    {STATUS[v.status] ?? v.status}
                    {v.marker ? ` (“${v.marker}”)` : ''}
                    {isHiddenForSmallN(v, percents) ? (
                      <span className="hint">
                        {' '}
                        — stored, but shown as suppressed: n&nbsp;&lt;&nbsp;{DEFAULT_MINIMUM_N}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
