// Gaps between student groups (issue 4; DOMAIN.md §1 "gaps between student groups"): for a
// measure, each group's result against all students in the same school and against the
// highest-performing group there. A gap is signed so that negative always means "behind":
// group − reference when higher is better, reference − group when lower is better (chronic
// absence), so a superintendent never has to remember which way a measure runs.
// Groups about fewer than the minimum n are shown as suppressed, never as zero, and take no
// part in choosing the highest group (DOMAIN.md §6).
// Numbers in bulk, words on demand: describeGroupGap words one gap for the school page, so a
// state-wide run does not build hundreds of thousands of sentences nobody reads.
import { STUDENT_GROUPS, isStudentGroup, type StudentGroup } from '../shared/catalogue.ts';
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import { formatNumber, formatValue, groupLabel, isHigherBetter } from './format.ts';
import { figureOf, usableValue, type SchoolYearFigures } from './types.ts';

export type GroupFigureStatus = 'shown' | 'suppressed' | 'missing';

export interface GroupGap {
  group: StudentGroup;
  status: GroupFigureStatus;
  value: number | null;
  n: number | null;
  /** Signed so that negative means the group is behind all students. */
  gapToAll: number | null;
  /** Signed so that negative means behind the highest group (0 for the highest itself). */
  gapToHighest: number | null;
}

export interface SchoolGaps {
  schoolId: string;
  year: number;
  measure: string;
  all: { value: number; n: number | null } | null;
  highestGroup: StudentGroup | null;
  groups: GroupGap[];
}

export interface GapOptions {
  measure: string;
  /** Default: every group the school reports on this measure, except 'all'. */
  groups?: readonly StudentGroup[];
  minimumN?: number;
  /** Default from the measure catalogue. */
  higherIsBetter?: boolean;
}

const GROUP_ORDER = Object.keys(STUDENT_GROUPS)
  .filter(isStudentGroup)
  .filter((g) => g !== 'all');

export function computeGroupGaps(
  rows: readonly SchoolYearFigures[],
  options: GapOptions,
): SchoolGaps[] {
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const direction = (options.higherIsBetter ?? isHigherBetter(options.measure)) ? 1 : -1;
  const chosen = options.groups?.filter((g) => g !== 'all');
  return rows.map((row) => {
    const allUsable = usableValue(figureOf(row, options.measure), minimumN);
    const all = allUsable.ok ? { value: allUsable.value, n: allUsable.n } : null;
    const gaps: GroupGap[] = [];
    let highest: GroupGap | null = null;
    for (const group of chosen ?? GROUP_ORDER) {
      const figure = figureOf(row, options.measure, group);
      if (figure === undefined && chosen === undefined) continue;
      const u = usableValue(figure, minimumN);
      const gap: GroupGap = u.ok
        ? { group, status: 'shown', value: u.value, n: u.n, gapToAll: null, gapToHighest: null }
        : {
            group,
            status: u.why === 'missing' ? 'missing' : 'suppressed',
            value: null,
            n: u.n,
            gapToAll: null,
            gapToHighest: null,
          };
      if (gap.value !== null) {
        if (all !== null) gap.gapToAll = direction * (gap.value - all.value);
        if (highest === null || direction * (gap.value - (highest.value ?? 0)) > 0) highest = gap;
      }
      gaps.push(gap);
    }
    if (highest !== null) {
      const top = highest.value ?? 0;
      for (const gap of gaps) {
        if (gap.value !== null) gap.gapToHighest = direction * (gap.value - top);
      }
    }
    return {
      schoolId: row.schoolId,
      year: row.year,
      measure: options.measure,
      all,
      highestGroup: highest?.group ?? null,
      groups: gaps,
    };
  });
}

/** One group's gap in a sentence, for the school page. */
export function describeGroupGap(
  school: SchoolGaps,
  gap: GroupGap,
  minimumN: number = DEFAULT_MINIMUM_N,
): string {
  const label = groupLabel(gap.group);
  if (gap.status === 'missing') return `${label}: not reported.`;
  if (gap.status === 'suppressed' || gap.value === null) {
    return `${label}: hidden — fewer than ${minimumN} students.`;
  }
  const parts = [`${label}: ${formatValue(school.measure, gap.value)}`];
  if (gap.gapToAll !== null) parts.push(relation(gap.gapToAll, 'all students'));
  if (school.highestGroup === gap.group) parts.push('the highest group');
  else if (gap.gapToHighest !== null && school.highestGroup !== null) {
    parts.push(
      relation(gap.gapToHighest, `the highest group (${groupLabel(school.highestGroup)})`),
    );
  }
  return `${parts.join(', ')}.`;
}

function relation(gap: number, reference: string): string {
  if (gap === 0) return `level with ${reference}`;
  return `${formatNumber(Math.abs(gap))} points ${gap < 0 ? 'behind' : 'ahead of'} ${reference}`;
}
