// A school's page: who it is, its key figures, every measure over the years by category, its
// student groups, its staff (for roles that may see them) and the files the figures came from.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { SchoolDetail, StaffList } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useSignedIn } from '../../app/session.tsx';
import { formatLevel, formatYearRange } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { FiguresTable } from './figures-table.tsx';
import { GroupsTable } from './groups-table.tsx';
import { IdentificationSection } from './identification-section.tsx';
import { KeyFigures } from './key-figures.tsx';
import { categorySections, isChartable, keyFigures, studentGroupTable } from './school-model.ts';
import { SourcesList } from './sources-list.tsx';
import { hasStaffSection, StaffSection, type StaffQuery } from './staff-section.tsx';
import { TrendChart } from './trend-chart.tsx';

export function SchoolPage() {
  const { schoolId = '' } = useParams();
  const result = useApi<SchoolDetail>(`/api/schools/${encodeURIComponent(schoolId)}`);
  useDocumentTitle(result.status === 'ok' ? result.data.school.name : 'School');

  if (result.status === 'loading') {
    return (
      <div className="container page">
        <h1 className="visually-hidden">School</h1>
        <Loading label="Loading the school…" />
      </div>
    );
  }
  if (result.status === 'error') {
    if (result.error.status === 404 || result.error.status === 400) {
      return (
        <NotFoundPage
          title="School not found"
          message={`There is no school with the code “${schoolId}” in this district. It may have closed, or the link may be mistyped.`}
        />
      );
    }
    return (
      <div className="container page">
        <h1>School</h1>
        <ErrorNotice
          title="This school could not be loaded"
          error={result.error}
          onRetry={result.reload}
        />
      </div>
    );
  }
  return <SchoolView detail={result.data} key={result.data.school.id} />;
}

function addressLine(school: SchoolDetail['school']): string | null {
  const place = [school.city, [school.state, school.zip].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const parts = [school.street, place].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}

function staffPath(schoolId: string, query: StaffQuery): string {
  const params = new URLSearchParams();
  if (query.year !== null) params.set('year', String(query.year));
  if (query.withRatings) params.set('ratings', 'true');
  const search = params.toString();
  return `/api/schools/${encodeURIComponent(schoolId)}/staff${search ? `?${search}` : ''}`;
}

function SchoolView({ detail }: { detail: SchoolDetail }) {
  const { school, years, sources } = detail;
  const [staffQuery, setStaffQuery] = useState<StaffQuery>({ year: null, withRatings: false });
  const staff = useApi<StaffList>(staffPath(school.id, staffQuery), { keepPrevious: true });
  const showStaff = hasStaffSection(staff);

  const sections = useMemo(() => categorySections(detail), [detail]);
  const cards = useMemo(() => keyFigures(detail), [detail]);
  const groups = useMemo(() => studentGroupTable(detail), [detail]);
  const address = addressLine(school);
  // The board report follows the grants: a school-scoped role gets its own schools' reports
  // (src/services/school-report.ts, assertCanReportOn).
  const { user } = useSignedIn();
  const canDownloadReport = user.grants.some(
    (g) => g.schoolId === null || g.schoolId === school.id,
  );

  const facts = [
    formatLevel(school.level),
    school.gradeSpan ? `Grades ${school.gradeSpan}` : null,
    school.isTitleI === null ? null : school.isTitleI ? 'Title I' : 'Not Title I',
  ].filter(Boolean);

  return (
    <div className="container page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Schools</Link>
          </li>
          <li aria-current="page">{school.name}</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="eyebrow">{facts.join(' · ')}</p>
        <h1>{school.name}</h1>
        {address ? <p className="lede">{address}</p> : null}
        <dl className="ids">
          {school.stateId ? (
            <div>
              <dt>State code</dt>
              <dd>{school.stateId}</dd>
            </div>
          ) : null}
          {school.ncesId ? (
            <div>
              <dt>NCES ID</dt>
              <dd>{school.ncesId}</dd>
            </div>
          ) : null}
          {years.length > 0 ? (
            <div>
              <dt>Figures</dt>
              <dd>{formatYearRange(years)}</dd>
            </div>
          ) : null}
        </dl>
        {canDownloadReport ? (
          <p className="page-actions">
            <a
              className="button button-secondary"
              href={`/api/schools/${encodeURIComponent(school.id)}/report.pdf`}
              download
            >
              Board report (PDF)
            </a>
          </p>
        ) : null}
      </header>

      <nav aria-label="On this page" className="page-toc">
        <ul>
          <li>
            <a href="#identification">Identification and peers</a>
          </li>
          <li>
            <a href="#advanced-courses">Advanced courses</a>
          </li>
          {sections.map((s) => (
            <li key={s.category}>
              <a href={`#${s.category}`}>{s.title}</a>
            </li>
          ))}
          {groups ? (
            <li>
              <a href="#student-groups">Student groups</a>
            </li>
          ) : null}
          {showStaff ? (
            <li>
              <a href="#staff">Staff</a>
            </li>
          ) : null}
          <li>
            <a href="#sources">Sources</a>
          </li>
        </ul>
      </nav>

      {cards.length > 0 ? (
        <section aria-labelledby="key-figures" className="section">
          <h2 id="key-figures">Key figures</h2>
          <KeyFigures trends={cards} />
        </section>
      ) : (
        <p className="empty">No figures have been imported for this school yet.</p>
      )}

      <IdentificationSection schoolId={school.id} />

      {sections.map((section) => {
        const charted = section.trends.filter((t) => isChartable(t));
        return (
          <section
            aria-labelledby={`${section.category}-heading`}
            className="section"
            id={section.category}
            key={section.category}
          >
            <h2 id={`${section.category}-heading`}>{section.title}</h2>
            {charted.length > 0 ? (
              <div className="chart-grid">
                {charted.map((trend) => (
                  <TrendChart key={trend.measure.key} trend={trend} years={years} />
                ))}
              </div>
            ) : null}
            <FiguresTable section={section} years={years} />
            {section.unreported.length > 0 ? (
              <p className="hint">
                Not reported for this school: {section.unreported.map((m) => m.label).join(', ')}.
              </p>
            ) : null}
          </section>
        );
      })}

      {groups ? (
        <section aria-labelledby="groups-heading" className="section" id="student-groups">
          <h2 id="groups-heading">Student groups</h2>
          <p className="section-note">
            A figure about too few students is suppressed to protect their privacy; point at
            “Suppressed” to see the publisher’s marker.
          </p>
          <GroupsTable table={groups} />
        </section>
      ) : null}

      {showStaff ? (
        <StaffSection
          state={staff}
          query={staffQuery}
          onQueryChange={setStaffQuery}
          onRetry={staff.reload}
        />
      ) : null}

      <section aria-labelledby="sources-heading" className="section" id="sources">
        <h2 id="sources-heading">Sources</h2>
        <p className="section-note">
          Every figure on this page comes from these imported files. The CSV lists each figure with
          the file and the row it was read from.
        </p>
        <SourcesList sources={sources} />
        {sources.length > 0 ? (
          <p className="page-actions">
            <a
              className="button button-secondary"
              href={`/api/schools/${encodeURIComponent(school.id)}/figures.csv`}
              download
            >
              Figures with source rows (CSV)
            </a>
          </p>
        ) : null}
      </section>
    </div>
  );
}
