// School level from the grades a school serves, for sources that list grades but publish no
// level (Ed-Fi School.GradeLevel, MA DESE "Grade", NYC "Grades"). Pure.
//
// The rule is NCES's (Common Core of Data, school level): primary when the lowest grade is PK–3
// and the highest PK–8; middle when the lowest is 4–7 and the highest 4–9; high when the lowest
// is 7–12 and the highest is 12; anything else is "other", which Tandem calls 'combined'. One
// deviation: a pre-kindergarten class housed in a school with other grades does not decide its
// level (MA lists 'PK,09,10,11,12' for 14 high schools with a teen-parent nursery); a school of
// PK only is 'other'.
import type { SchoolLevel } from '../../db/schema.ts';

export const PRE_K = -1;

/**
 * A grade as the sources write it: 'PK' → -1, 'K' / 'KG' / '0K' → 0, '01' / '1' → 1 … '12' → 12.
 * Ungraded and special-education codes ('SE', 'UG') give null: they do not locate a school.
 */
export function parseGradeToken(token: string): number | null {
  const t = token.trim().toUpperCase();
  if (t === 'PK' || t === 'PREK' || t === 'PRE-K') return PRE_K;
  if (t === 'K' || t === 'KG' || t === '0K' || t === '00') return 0;
  if (!/^\d{1,2}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 12 ? n : null;
}

/** The NCES level of a school serving these grades (see the header). */
export function levelForGrades(grades: readonly number[]): SchoolLevel {
  const graded = grades.filter((g) => g !== PRE_K);
  if (graded.length === 0) return 'other';
  const low = Math.min(...graded);
  const high = Math.max(...graded);
  if (low <= 3 && high <= 8) return 'elementary';
  if (low >= 4 && low <= 7 && high >= 4 && high <= 9) return 'middle';
  if (low >= 7 && high === 12) return 'high';
  return 'combined';
}

/** A grade span in the form the NC mappings give ('PK-5', 'K-8', '9-12'); null for none. */
export function gradeSpanOf(grades: readonly number[]): string | null {
  if (grades.length === 0) return null;
  const label = (g: number) => (g === PRE_K ? 'PK' : g === 0 ? 'K' : String(g));
  const low = Math.min(...grades);
  const high = Math.max(...grades);
  return low === high ? label(low) : `${label(low)}-${label(high)}`;
}

/** The level of a comma-separated grade list ('PK,K,01,02' or '06,07,08,SE'). */
export function levelForGradeList(list: string): SchoolLevel {
  const grades = list
    .split(',')
    .map(parseGradeToken)
    .filter((g): g is number => g !== null);
  return levelForGrades(grades);
}

/**
 * The `level` map of a mapping whose level column is a grade list: the mapping format maps
 * exact cell values, so each list the source publishes is listed with the level it gives.
 */
export function levelMapFor(lists: readonly string[]): Record<string, SchoolLevel> {
  return Object.fromEntries(lists.map((list) => [list, levelForGradeList(list)]));
}
