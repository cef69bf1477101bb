// "Staffing equity" (issue 5; ESSA §1111(g)(1)(B)): who teaches in the highest-need schools.
// The definitions (a state preset with overrides), the year and the source are in the address,
// so a view can be shared. Cards give the headline gaps; a chart per measure shows the rates by
// quartile; a line chart the gap over the years; a table the schools that drive each gap; with
// the state's figures loaded, the same gaps under statewide quartiles beside the district's; then
// retention by effectiveness, the definitions and sources, and the downloads.
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { EquityReportView, RetentionView } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { DefinitionsForm } from './definitions-form.tsx';
import { DriversTable } from './drivers-table.tsx';
import { EquityTabs } from './equity-tabs.tsx';
import { apiQuery, driverRows, headlineCards, trendRows, type Dimension } from './equity-model.ts';
import { GapTrendChart } from './gap-trend-chart.tsx';
import { QuartileChart } from './quartile-chart.tsx';
import { RetentionSection } from './retention-section.tsx';
import { SchoolFigures } from './school-figures.tsx';
import { StatewideSection } from './statewide-section.tsx';

const TITLE = 'Staffing equity';

export function EquityPage() {
  const [params, setParams] = useSearchParams();
  const query = apiQuery(params);
  const retentionQuery = apiQuery(params, ['retentionYear', 'preset']).replace(
    'retentionYear=',
    'year=',
  );
  const report = useApi<EquityReportView>(`/api/equity${query}`, { keepPrevious: true });
  const retention = useApi<RetentionView>(`/api/equity/retention${retentionQuery}`, {
    keepPrevious: true,
  });
  useDocumentTitle(TITLE);
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true, preventScrollReset: true });
  };

  if (report.status === 'loading') {
    return (
      <div className="container page">
        <h1 className="visually-hidden">{TITLE}</h1>
        <EquityTabs />
        <Loading label="Computing the staffing equity report…" />
      </div>
    );
  }
  if (report.status === 'error') {
    return (
      <div className="container page">
        <h1>{TITLE}</h1>
        <EquityTabs />
        <ErrorNotice
          title="The staffing equity report could not be loaded"
          error={report.error}
          onRetry={report.reload}
        />
      </div>
    );
  }
  return (
    <EquityView
      report={report.data}
      isRefreshing={report.isRefreshing === true}
      query={query}
      onChange={update}
      retention={
        retention.status === 'loading' ? (
          <Loading label="Following teachers from year to year…" />
        ) : retention.status === 'error' && retention.error.status === 404 ? (
          // Not a failure: the loaded years cannot be followed (e.g. ratings only in the last).
          <section aria-labelledby="retention-heading" className="section panel">
            <h2 id="retention-heading">Retention by effectiveness</h2>
            <EmptyState>{retention.error.message}</EmptyState>
          </section>
        ) : retention.status === 'error' ? (
          <ErrorNotice
            title="Retention by effectiveness could not be loaded"
            error={retention.error}
            onRetry={retention.reload}
          />
        ) : (
          <RetentionSection
            retention={retention.data}
            onYear={(year) => update({ retentionYear: year })}
            csvHref={`/api/equity/retention.csv${retentionQuery}`}
            xlsxHref={`/api/equity/retention.xlsx${retentionQuery}`}
          />
        )
      }
    />
  );
}

function EquityView({
  report,
  isRefreshing,
  query,
  onChange,
  retention,
}: {
  report: EquityReportView;
  isRefreshing: boolean;
  query: string;
  onChange: (changes: Record<string, string | null>) => void;
  retention: ReactNode;
}) {
  const [dimension, setDimension] = useState<Dimension>('poverty');
  const hasMinority = report.dimensions.some((d) => d.dimension === 'minority');
  const shown: Dimension = dimension === 'minority' && !hasMinority ? 'poverty' : dimension;
  const cards = headlineCards(report, shown);
  const current = report.dimensions.find((d) => d.dimension === shown);
  const trend = trendRows(report, shown);
  const drivers = driverRows(report, shown);
  const what = shown === 'poverty' ? 'poverty' : 'minority';
  const sep = query ? '&' : '?';

  return (
    <div className={`container page${isRefreshing ? ' refreshing' : ''}`} aria-busy={isRefreshing}>
      <header className="page-header">
        <p className="eyebrow">{report.district.name}</p>
        <h1>{TITLE}</h1>
        <p className="lede">
          Are students in the highest-need schools taught by inexperienced, ineffective or
          out-of-field teachers more often than others? · {formatSchoolYear(report.year)}
        </p>
      </header>
      <EquityTabs />

      <DefinitionsForm report={report} onChange={onChange} />

      <div className="filter-bar">
        <a className="button button-secondary" href={`/api/equity.csv${query}`} download>
          Download CSV
        </a>
        <a className="button button-secondary" href={`/api/equity.xlsx${query}`} download>
          Download XLSX
        </a>
        <a
          className="button button-secondary"
          href={`/api/equity.csv${query}${sep}table=schools`}
          download
        >
          School figures CSV
        </a>
      </div>

      {report.scope === 'school' ? (
        <>
          <div className="notice">
            {report.notes.map((n) => (
              <p key={n}>{n}</p>
            ))}
          </div>
          <SchoolFigures report={report} />
        </>
      ) : report.dimensions.length === 0 ? (
        <EmptyState>
          Quartiles need at least four schools with a known share of economically disadvantaged
          students. Import the district’s school profiles to see the equity report.
        </EmptyState>
      ) : (
        <>
          {hasMinority ? (
            <fieldset className="equity-dimension">
              <legend>Compare schools by</legend>
              {(['poverty', 'minority'] as const).map((d) => (
                <label key={d}>
                  <input
                    type="radio"
                    name="dimension"
                    value={d}
                    checked={shown === d}
                    onChange={() => setDimension(d)}
                  />
                  {d === 'poverty' ? '% economically disadvantaged' : '% students of colour'}
                </label>
              ))}
            </fieldset>
          ) : null}

          <section aria-labelledby="gaps-heading" className="section">
            <h2 id="gaps-heading">Highest- against lowest-{what} quartile, teacher-weighted</h2>
            <div className="stat-grid equity-cards">
              {cards.map((c) => (
                <div key={c.measure} className="stat-card">
                  <p className="stat-label">{c.label}</p>
                  <p className="stat-value">{c.gap}</p>
                  <p className="stat-note">
                    Highest {what}: {c.high}
                    <br />
                    Lowest {what}: {c.low}
                  </p>
                </div>
              ))}
            </div>
            <ul className="hint-list">
              {(current?.grouping ?? []).map((line) => (
                <li key={line} className="hint">
                  {line}
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="quartiles-heading" className="section panel">
            <h2 id="quartiles-heading">Rates by {what} quartile</h2>
            <div className="equity-chart-grid">
              {(current?.gaps ?? [])
                .filter((g) => g.quartiles.length > 0)
                .map((g) => (
                  <QuartileChart key={g.measure} gap={g} dimension={shown} />
                ))}
            </div>
            <GapDetails report={report} dimension={shown} />
          </section>

          <section aria-labelledby="trend-heading" className="section panel">
            <h2 id="trend-heading">The gap over the years</h2>
            {new Set(trend.map((r) => r.year)).size < 2 ? (
              <EmptyState>Only one year is loaded: there is no trend to show yet.</EmptyState>
            ) : (
              <GapTrendChart rows={trend} />
            )}
          </section>

          <section aria-labelledby="drivers-heading" className="section">
            <h2 id="drivers-heading">Schools driving each gap</h2>
            <p className="section-note">
              Highest-{what} schools whose rate is above the lowest quartile’s, by the points each
              adds to the gap (their excess × their share of the quartile’s teachers). Schools under{' '}
              {report.minimumN} teachers are not listed.
            </p>
            {drivers.length === 0 ? (
              <EmptyState>No school adds to a gap this year.</EmptyState>
            ) : (
              <DriversTable rows={drivers} caption={`Schools driving each ${what} gap`} />
            )}
          </section>

          {report.statewide.available ? (
            <StatewideSection report={report} dimension={shown} />
          ) : null}
        </>
      )}

      {retention}

      <section aria-labelledby="definitions-heading" className="section panel">
        <h2 id="definitions-heading">Definitions and sources</h2>
        <ul className="hint-list">
          {report.definitions.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
          {Object.entries(report.definitions.measures).map(([key, text]) => (
            <li key={key} className="hint">
              {text}
            </li>
          ))}
        </ul>
        <h3>Sources</h3>
        <ul className="hint-list">
          {report.sources.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
        <p className="hint">
          Rates about fewer than {report.minimumN} people are not shown (n&lt;{report.minimumN}).{' '}
          {report.statewide.note}
        </p>
        {report.scope === 'district' && report.notes.length > 0 ? (
          <ul className="hint-list">
            {report.notes.map((n) => (
              <li key={n} className="hint">
                {n}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}

/** The numbers behind the cards: teacher- and student-weighted rates, school averages, n. */
function GapDetails({ report, dimension }: { report: EquityReportView; dimension: Dimension }) {
  const d = report.dimensions.find((x) => x.dimension === dimension);
  const what = dimension === 'poverty' ? 'poverty' : 'minority';
  return (
    <div
      className="table-scroll equity-table"
      role="region"
      aria-label="Rates weighted by teachers and by students"
      tabIndex={0}
    >
      <table className="data-table">
        <caption>
          Highest- and lowest-{what} quartile rates, weighted by teachers and by students, with
          school averages beside (each school counted once; not an ESSA measure).
        </caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col" className="num">
              Highest: teachers
            </th>
            <th scope="col" className="num">
              Lowest: teachers
            </th>
            <th scope="col" className="num">
              Gap
            </th>
            <th scope="col" className="num">
              Highest: students
            </th>
            <th scope="col" className="num">
              Lowest: students
            </th>
            <th scope="col" className="num">
              Highest: school average
            </th>
            <th scope="col" className="num">
              Lowest: school average
            </th>
          </tr>
        </thead>
        <tbody>
          {(d?.gaps ?? []).map((g) => (
            <tr key={g.measure}>
              <th scope="row">{g.label}</th>
              <td className="num">
                {g.high.teacherWeighted.text}
                {g.high.teacherWeighted.n === null ? '' : ` (n ${g.high.teacherWeighted.n})`}
              </td>
              <td className="num">
                {g.low.teacherWeighted.text}
                {g.low.teacherWeighted.n === null ? '' : ` (n ${g.low.teacherWeighted.n})`}
              </td>
              <td className="num">{g.gapPoints === null ? '—' : g.gapPoints.toFixed(1)}</td>
              <td className="num">{g.high.studentWeighted?.text ?? '—'}</td>
              <td className="num">{g.low.studentWeighted?.text ?? '—'}</td>
              <td className="num">{g.high.schoolAverage.text}</td>
              <td className="num">{g.low.schoolAverage.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
