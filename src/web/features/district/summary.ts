// The figures at the top of the district page, computed from the schools' latest figures.
import type { SchoolLevel, SchoolSummary } from '../../api/types.ts';
import { LEVELS } from '../../ui/palette.ts';

export interface DistrictSummary {
  schoolCount: number;
  /** Schools by level, in level order, leaving out levels with none. */
  levels: Array<{ level: SchoolLevel; count: number }>;
  /** Sum of reported enrollment, and how many schools reported it. */
  students: { total: number; schoolsReporting: number; year: number | null };
  medianEconDisadv: { value: number; schoolsReporting: number } | null;
  /** Schools by performance grade (A–F, as published), best first. */
  grades: Array<{ grade: string; count: number }>;
  ungraded: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

function reportedValue(school: SchoolSummary, key: string): number | null {
  const figure = school.figures[key];
  return figure?.status === 'reported' && figure.value !== null ? figure.value : null;
}

export function summarizeDistrict(schools: readonly SchoolSummary[]): DistrictSummary {
  let total = 0;
  let reporting = 0;
  let year: number | null = null;
  const econ: number[] = [];
  const grades = new Map<string, number>();
  let ungraded = 0;
  for (const school of schools) {
    const enrollment = reportedValue(school, 'enrollment');
    if (enrollment !== null) {
      total += enrollment;
      reporting += 1;
      year = Math.max(year ?? 0, school.figures.enrollment?.year ?? 0);
    }
    const share = reportedValue(school, 'pct_econ_disadv');
    if (share !== null) econ.push(share);
    const grade = school.figures.spg_grade;
    if (grade?.status === 'reported' && grade.text) {
      grades.set(grade.text, (grades.get(grade.text) ?? 0) + 1);
    } else {
      ungraded += 1;
    }
  }
  const middle = median(econ);
  return {
    schoolCount: schools.length,
    levels: LEVELS.map((level) => ({
      level,
      count: schools.filter((s) => s.level === level).length,
    })).filter((l) => l.count > 0),
    students: { total, schoolsReporting: reporting, year },
    medianEconDisadv: middle === null ? null : { value: middle, schoolsReporting: econ.length },
    grades: [...grades]
      .map(([grade, count]) => ({ grade, count }))
      .sort((a, b) => a.grade.localeCompare(b.grade)),
    ungraded,
  };
}
