// The Title I comparability test (ESEA §1118(c), 20 U.S.C. §6321(c); DOMAIN.md §5): each Title I
// school's students per instructional staff FTE may be no more than 110% of the non-Title I
// schools' average, by grade span. The 110% ("within 10%") is ED's guidance (Title I Fiscal Issues
// non-regulatory guidance), which is why the threshold is a setting; so is the average (pooled
// students ÷ pooled FTE, or the mean of the schools' ratios — districts use both), and the
// optional exclusion of very small schools. A span with a single school is not tested, and a span
// with no non-Title I school has no comparison group (ED's guidance then compares Title I schools
// with one another, which this test does not do).

export interface ComparabilitySchool {
  schoolId: string;
  name?: string;
  gradeSpan: string;
  isTitleI: boolean;
  students: number;
  instructionalFte: number;
}

export interface ComparabilityResult {
  schoolId: string;
  name: string;
  gradeSpan: string;
  isTitleI: boolean;
  studentsPerFte: number | null;
  /** The non-Title I average for the span, and 110% of it. */
  comparisonAverage: number | null;
  limit: number | null;
  status: 'comparable' | 'not_comparable' | 'not_tested' | 'comparison_school';
  reason: string;
}

export function testComparability(
  schools: readonly ComparabilitySchool[],
  options: {
    threshold?: number;
    average?: 'pooled' | 'mean_of_schools';
    excludeBelowStudents?: number;
  } = {},
): { schools: ComparabilityResult[]; allComparable: boolean } {
  const threshold = options.threshold ?? 1.1;
  const ratioOf = (s: ComparabilitySchool) =>
    s.instructionalFte > 0 ? s.students / s.instructionalFte : null;
  const spans = new Map<string, ComparabilitySchool[]>();
  for (const s of schools) spans.set(s.gradeSpan, [...(spans.get(s.gradeSpan) ?? []), s]);
  const results: ComparabilityResult[] = [];
  for (const [span, members] of spans) {
    const tested = members.filter((s) => s.students >= (options.excludeBelowStudents ?? 0));
    const comparison = tested.filter((s) => !s.isTitleI && s.instructionalFte > 0);
    const average =
      comparison.length === 0
        ? null
        : options.average === 'mean_of_schools'
          ? comparison.reduce((sum, s) => sum + (ratioOf(s) ?? 0), 0) / comparison.length
          : comparison.reduce((sum, s) => sum + s.students, 0) /
            comparison.reduce((sum, s) => sum + s.instructionalFte, 0);
    const limit = average === null ? null : average * threshold;
    for (const s of members) {
      const ratio = ratioOf(s);
      const name = s.name ?? s.schoolId;
      const row = {
        schoolId: s.schoolId,
        name,
        gradeSpan: span,
        isTitleI: s.isTitleI,
        studentsPerFte: ratio,
        comparisonAverage: average,
        limit,
      };
      const f = (v: number) => v.toFixed(1);
      if (!s.isTitleI) {
        results.push({
          ...row,
          status: 'comparison_school',
          reason: `${name} is not a Title I school: it sets the ${span} average.`,
        });
      } else if (!tested.includes(s)) {
        results.push({
          ...row,
          status: 'not_tested',
          reason: `${name} has fewer than ${options.excludeBelowStudents} students and is excluded.`,
        });
      } else if (members.length === 1) {
        results.push({
          ...row,
          status: 'not_tested',
          reason: `${name} is the only ${span} school: the test does not apply.`,
        });
      } else if (limit === null || average === null) {
        results.push({
          ...row,
          status: 'not_tested',
          reason: `No non-Title I ${span} school to compare with; compare Title I schools among themselves instead.`,
        });
      } else if (ratio === null) {
        results.push({
          ...row,
          status: 'not_tested',
          reason: `${name} reports no instructional staff.`,
        });
      } else {
        const ok = ratio <= limit + 1e-9;
        results.push({
          ...row,
          status: ok ? 'comparable' : 'not_comparable',
          reason:
            `${name}: ${f(ratio)} students per instructional FTE against a non-Title I ${span} average of ${f(average)}; ` +
            `the limit (${Math.round(threshold * 100)}%) is ${f(limit)}` +
            (ok
              ? ': comparable.'
              : `: not comparable — about ${f(s.students / limit - s.instructionalFte)} more FTE would meet it.`),
        });
      }
    }
  }
  return { schools: results, allComparable: results.every((r) => r.status !== 'not_comparable') };
}
