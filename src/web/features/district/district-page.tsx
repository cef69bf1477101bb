// The district page: every school with its latest figures, as a table that sorts and filters,
// a chart of the same schools, and a CSV of exactly what is shown.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DistrictOverview, SchoolSummary } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { toCsv, slugify } from '../../ui/csv.ts';
import { downloadText } from '../../ui/download.ts';
import { formatCount, formatSchoolYear, formatYearRange } from '../../ui/format.ts';
import { nextSort } from '../../ui/sorting.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { buildColumns, type TableColumn } from './columns.ts';
import { columnYears, schoolsToRows } from './export.ts';
import { SchoolsChart } from './schools-chart.tsx';
import { SchoolsFilters } from './schools-filters.tsx';
import { SchoolsTable } from './schools-table.tsx';
import { SummaryCards } from './summary-cards.tsx';
import {
  countActiveFilters,
  filterSchools,
  parseTableState,
  sortSchools,
  writeTableState,
  type TableState,
} from './table-state.ts';

export function DistrictPage() {
  const result = useApi<DistrictOverview>('/api/district');
  useDocumentTitle(result.status === 'ok' ? result.data.district.name : 'District');

  if (result.status === 'loading') {
    return (
      <div className="container page">
        <h1 className="visually-hidden">District</h1>
        <Loading label="Loading the district’s schools…" />
      </div>
    );
  }
  if (result.status === 'error') {
    return (
      <div className="container page">
        <h1>District</h1>
        <ErrorNotice
          title="The district’s schools could not be loaded"
          error={result.error}
          onRetry={result.reload}
        />
      </div>
    );
  }
  return <DistrictView overview={result.data} />;
}

function DistrictView({ overview }: { overview: DistrictOverview }) {
  const { district, schools, measures, years } = overview;
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseTableState(params), [params]);
  const { columns, unpublished } = useMemo(() => buildColumns(overview), [overview]);
  const yearsByColumn = useMemo(() => {
    const entries = columns.map((c) => [c.key, columnYears(schools, c.key).at(-1)] as const);
    return Object.fromEntries(entries);
  }, [columns, schools]);
  const latestYear = years.length > 0 ? Math.max(...years) : null;

  const setState = useCallback(
    (next: TableState) =>
      setParams(writeTableState(next), { replace: true, preventScrollReset: true }),
    [setParams],
  );
  const filtered = useMemo(() => filterSchools(schools, columns, state), [schools, columns, state]);
  const sortColumn = columns.find((c) => c.key === state.sort.key) ?? columns[0];
  const rows = useMemo(
    () => sortSchools(filtered, sortColumn, state.sort.direction),
    [filtered, sortColumn, state.sort.direction],
  );
  const activeFilters = countActiveFilters(state);

  const onSort = (column: TableColumn) =>
    setState({ ...state, sort: nextSort(state.sort, column.key, column.isNumeric) });
  const clearFilters = () => setState({ query: '', choices: {}, ranges: {}, sort: state.sort });
  const exportCsv = (visible: readonly SchoolSummary[]) => {
    const suffix = activeFilters > 0 ? '-filtered' : '';
    const year = latestYear ? `-${latestYear}` : '';
    downloadText(
      `${slugify(district.name)}-schools${year}${suffix}.csv`,
      toCsv(schoolsToRows(visible, columns)),
      'text/csv;charset=utf-8',
    );
  };

  // The workbook is written by the server (typed cells, an About sheet); with filters on, it
  // gets the ids of the schools shown, in the order shown.
  const xlsxHref = (visible: readonly SchoolSummary[], isFiltered: boolean) =>
    isFiltered
      ? `/api/schools.xlsx?schools=${encodeURIComponent(visible.map((s) => s.id).join(','))}`
      : '/api/schools.xlsx';

  const countText = `${formatCount(rows.length)} of ${formatCount(schools.length)} schools`;
  const sortText = `sorted by ${sortColumn?.title.toLowerCase() ?? 'name'}, ${
    state.sort.direction === 'ascending' ? 'ascending' : 'descending'
  }`;

  return (
    <div className="container page">
      <header className="page-header">
        <p className="eyebrow">District</p>
        <h1>{district.name}</h1>
        <p className="lede">
          {formatCount(schools.length)} schools
          {years.length > 0 ? ` · figures for ${formatYearRange(years)}` : ''}
          {latestYear ? ` · latest: ${formatSchoolYear(latestYear)}` : ''}
        </p>
      </header>
      {district.isDemo ? (
        <p className="notice notice-info">
          <strong>Demo district</strong> — real NC DPI public report-card data for Wake County,
          2014–2019; staff records are synthetic.
        </p>
      ) : null}

      {schools.length === 0 ? (
        <EmptyState>
          This district has no schools yet. Import a school directory or report-card file to see
          them here.
        </EmptyState>
      ) : (
        <>
          <SummaryCards schools={schools} />

          <section aria-labelledby="schools-heading" className="section">
            <div className="section-header">
              <h2 id="schools-heading">Schools</h2>
              <p className="section-note">
                Latest figures for each school
                {latestYear ? ` (${formatSchoolYear(latestYear)} unless marked)` : ''}.
              </p>
            </div>
            <SchoolsFilters schools={schools} columns={columns} state={state} onChange={setState} />
            <div className="result-bar">
              <p className="result-count" role="status">
                <strong>{countText}</strong>
                <span className="visually-hidden">, {sortText}</span>
              </p>
              <div className="result-actions">
                {activeFilters > 0 ? (
                  <button type="button" className="button button-quiet" onClick={clearFilters}>
                    Clear filters
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => exportCsv(rows)}
                  disabled={rows.length === 0}
                >
                  Download CSV
                </button>
                {rows.length > 0 ? (
                  <a
                    className="button button-secondary"
                    href={xlsxHref(rows, activeFilters > 0)}
                    download
                  >
                    Download XLSX
                  </a>
                ) : null}
              </div>
            </div>

            <div className="explorer">
              {rows.length === 0 ? (
                <div className="panel">
                  <EmptyState>No school matches these filters.</EmptyState>
                </div>
              ) : (
                <section aria-labelledby="chart-heading" className="panel">
                  <h3 id="chart-heading">Outcomes and poverty</h3>
                  <SchoolsChart schools={rows} allSchools={schools} measures={measures} />
                </section>
              )}
              {rows.length === 0 ? null : (
                <SchoolsTable
                  caption={`Schools in ${district.name}: ${countText}, ${sortText}`}
                  rows={rows}
                  columns={columns}
                  columnYears={yearsByColumn}
                  sort={state.sort}
                  onSort={onSort}
                />
              )}
            </div>
            {unpublished.length > 0 ? (
              <p className="hint">
                Not published for this district, so not shown:{' '}
                {unpublished.map((m) => m.label).join(', ')}.
              </p>
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}
