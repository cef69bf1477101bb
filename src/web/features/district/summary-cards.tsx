// The district at a glance: schools, students, need, and schools by performance grade.
import type { SchoolSummary } from '../../api/types.ts';
import {
  formatCount,
  formatLevel,
  formatPercent,
  formatSchoolYear,
  pluralize,
} from '../../ui/format.ts';
import { summarizeDistrict } from './summary.ts';

export function SummaryCards({ schools }: { schools: readonly SchoolSummary[] }) {
  const summary = summarizeDistrict(schools);
  const year = summary.students.year;
  return (
    <section aria-labelledby="at-a-glance" className="section">
      <h2 id="at-a-glance" className="visually-hidden">
        At a glance
      </h2>
      <ul className="stat-grid">
        <li className="stat-card">
          <span className="stat-label">Schools</span>
          <span className="stat-value">{formatCount(summary.schoolCount)}</span>
          <span className="stat-note">
            {summary.levels
              .map(
                ({ level, count }) => `${formatCount(count)} ${formatLevel(level).toLowerCase()}`,
              )
              .join(' · ')}
          </span>
        </li>
        <li className="stat-card">
          <span className="stat-label">Students</span>
          <span className="stat-value">{formatCount(summary.students.total)}</span>
          <span className="stat-note">
            {year ? `${formatSchoolYear(year)}, ` : ''}
            {pluralize(summary.students.schoolsReporting, 'school')} reporting
          </span>
        </li>
        <li className="stat-card">
          <span className="stat-label">Median % economically disadvantaged</span>
          <span className="stat-value">
            {summary.medianEconDisadv ? formatPercent(summary.medianEconDisadv.value) : '—'}
          </span>
          <span className="stat-note">
            {summary.medianEconDisadv
              ? `across ${pluralize(summary.medianEconDisadv.schoolsReporting, 'school')}`
              : 'Not reported'}
          </span>
        </li>
        <li className="stat-card stat-card-wide">
          <span className="stat-label">Schools by performance grade</span>
          {summary.grades.length > 0 ? (
            <ul className="grade-counts">
              {summary.grades.map(({ grade, count }) => (
                <li key={grade}>
                  <span className={`grade-badge grade-${grade.charAt(0).toLowerCase()}`}>
                    <span className="visually-hidden">Grade </span>
                    {grade}
                  </span>
                  <span className="grade-count">
                    {formatCount(count)}
                    <span className="visually-hidden"> {count === 1 ? 'school' : 'schools'}</span>
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="stat-value">—</span>
          )}
          {summary.ungraded > 0 ? (
            <span className="stat-note">
              {pluralize(summary.ungraded, 'school')} without a grade
            </span>
          ) : null}
        </li>
      </ul>
    </section>
  );
}
