// "Access to advanced courses" (issue #4, access to rigorous courses): each student group's
// participation in AP, IB and dual-enrollment courses and its representation ratio, from the
// school's diagnostics (src/domain/diagnostics/course-access.ts). Small groups are hidden.
import type { SchoolDiagnostics } from '../../api/types.ts';
import { formatCount, formatPercent, formatSchoolYear } from '../../ui/format.ts';
import { EmptyState } from '../../ui/states.tsx';

type Access = NonNullable<SchoolDiagnostics['courseAccess']>;
type AccessFigure = Access['groups'][number]['courses'][number]['rate'];

const ratioText = (v: number) => v.toFixed(2);

function AccessCell({
  figure,
  format,
  showN,
}: {
  figure: AccessFigure;
  format: (v: number) => string;
  showN: boolean;
}) {
  if (figure.status === 'missing' || (figure.status === 'shown' && figure.value === null)) {
    return (
      <td className="num">
        <span className="missing" title="Not published">
          <span aria-hidden="true">—</span>
          <span className="visually-hidden">Not published</span>
        </span>
      </td>
    );
  }
  if (figure.status === 'suppressed') {
    const why = figure.marker ? `Suppressed (${figure.marker})` : 'Suppressed';
    return (
      <td className="num">
        <span className="suppressed" title={`${why}: too few students to show`}>
          Suppressed
          {figure.marker ? <span className="visually-hidden"> ({figure.marker})</span> : null}
        </span>
      </td>
    );
  }
  return (
    <td className="num">
      {format(figure.value ?? 0)}
      {showN && figure.n !== null ? (
        <span className="figure-n">n = {formatCount(figure.n)}</span>
      ) : null}
    </td>
  );
}

export function CourseAccessView({ d }: { d: SchoolDiagnostics }) {
  const access = d.courseAccess;
  if (access === null) {
    return (
      <>
        <EmptyState>
          No AP, IB or dual-enrollment figures are loaded for this school. (NC publishes them for
          schools with such courses, from the 2017–18 school year.)
        </EmptyState>
        <p className="hint">{d.methods.courseAccess}</p>
      </>
    );
  }
  return (
    <>
      <div
        className="table-scroll"
        role="region"
        aria-label="Access to advanced courses by student group"
        tabIndex={0}
      >
        <table className="data-table figures-table">
          <caption>
            Students in advanced courses by student group, {formatSchoolYear(access.year)}
          </caption>
          <thead>
            <tr>
              <td colSpan={3} />
              {access.kinds.map((k) => (
                <th scope="colgroup" colSpan={3} key={k.key}>
                  {k.label}
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col">Student group</th>
              <th scope="col" className="num">
                Students
              </th>
              <th scope="col" className="num">
                % of school
              </th>
              {access.kinds.map((k) => [
                <th scope="col" className="num" key={`${k.key}-rate`}>
                  Participation
                </th>,
                <th scope="col" className="num" key={`${k.key}-share`}>
                  Share of {k.label} students
                </th>,
                <th scope="col" className="num" key={`${k.key}-ratio`}>
                  Representation ratio
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {access.groups.map((g) => (
              <tr key={g.group} className={g.group === 'all' ? 'row-emphasis' : undefined}>
                <th scope="row">{g.label}</th>
                <td className="num">{g.headcount === null ? '—' : formatCount(g.headcount)}</td>
                <td className="num">
                  {g.shareOfSchool === null ? '—' : formatPercent(g.shareOfSchool)}
                </td>
                {g.courses.map((c) => [
                  <AccessCell
                    key={`${c.kind}-rate`}
                    figure={c.rate}
                    format={formatPercent}
                    showN
                  />,
                  <AccessCell
                    key={`${c.kind}-share`}
                    figure={c.share}
                    format={formatPercent}
                    showN={g.group === 'all'}
                  />,
                  <AccessCell
                    key={`${c.kind}-ratio`}
                    figure={c.ratio}
                    format={ratioText}
                    showN={false}
                  />,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{d.methods.courseAccess}</p>
    </>
  );
}
