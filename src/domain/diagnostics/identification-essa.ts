// The federal rules of an identification rule set (ESSA, 20 U.S.C. §6311(c)(4)(D), (d);
// DOMAIN.md §3). Each `prepare…` function looks at the whole comparison set once (cut-offs,
// statewide group distributions) and returns a judge for one school, so that a run over a
// state is O(n log n) rather than O(n²).
import { STUDENT_GROUPS, isStudentGroup, type StudentGroup } from '../shared/catalogue.ts';
import {
  describeFigure,
  formatValue,
  formatYears,
  groupLabel,
  isHigherBetter,
  measureLabel,
} from './format.ts';
import type { Designation, RuleOf } from './rule-set.ts';
import { countRunFromEnd } from './trend.ts';
import {
  figureOf,
  groupsPresent,
  usableValue,
  type SchoolYearFigures,
  type Usable,
} from './types.ts';

export interface DesignationRecord {
  designation: Designation;
  rule: string;
  group?: StudentGroup;
}

export interface RuleOutcome {
  designations: DesignationRecord[];
  reasons: string[];
}

export type Judge = (row: SchoolYearFigures) => RuleOutcome;

export interface RuleContext {
  year: number;
  /** The judged year's rows. */
  current: readonly SchoolYearFigures[];
  /** year → school id → row, for every year loaded. */
  history: ReadonlyMap<number, ReadonlyMap<string, SchoolYearFigures>>;
  minimumN: number;
}

const ALL_GROUPS = Object.keys(STUDENT_GROUPS)
  .filter(isStudentGroup)
  .filter((g) => g !== 'all');

/** −1/+1 so that "worse" is always "smaller" after multiplying. */
const orientation = (measure: string) => (isHigherBetter(measure) ? 1 : -1);

const atOrWorse = (measure: string) => (isHigherBetter(measure) ? 'at or below' : 'at or above');
const better = (measure: string) => (isHigherBetter(measure) ? 'above' : 'below');

/**
 * The cut-off of the lowest X% of a set of values: the value of the ⌈X% × count⌉-th worst
 * ("not less than 5%", ESSA §1111(c)(4)(D)(i)(I), so the count rounds up; ties with the cut-off
 * are all included).
 */
export function lowestPercentCutoff(
  values: readonly number[],
  percent: number,
  measure: string,
): { cutoff: number; count: number } | null {
  if (values.length === 0) return null;
  const sign = orientation(measure);
  const sorted = new Float64Array(values.length);
  values.forEach((v, i) => (sorted[i] = sign * v));
  sorted.sort();
  // The tiny subtraction keeps binary rounding (5/100 × 60 = 3.0000000000000004) from adding one.
  const count = Math.max(1, Math.ceil((percent / 100) * sorted.length - 1e-9));
  return { cutoff: sign * (sorted[count - 1] ?? 0), count };
}

const isAtOrWorse = (measure: string, value: number, cutoff: number) =>
  orientation(measure) * (value - cutoff) <= 0;

function notUsable(u: Extract<Usable, { ok: false }>, subject: string, minimumN: number): string {
  if (u.why === 'small_n') return `${subject} is about fewer than ${minimumN} students`;
  if (u.why === 'suppressed') return `${subject} is suppressed`;
  return `no ${subject} reported`;
}

function titleIPool(ctx: RuleContext, measure: string, minimumN: number, titleIOnly: boolean) {
  const values: number[] = [];
  for (const row of ctx.current) {
    if (titleIOnly && row.isTitleI !== true) continue;
    const u = usableValue(figureOf(row, measure), minimumN);
    if (u.ok) values.push(u.value);
  }
  return values;
}

export function prepareCsiLowestPercent(
  ctx: RuleContext,
  rule: RuleOf<'csi_lowest_percent'>,
): Judge {
  const minimumN = rule.minimumN ?? ctx.minimumN;
  const pool = titleIPool(ctx, rule.measure, minimumN, rule.titleIOnly);
  const cut = lowestPercentCutoff(pool, rule.percent, rule.measure);
  const label = measureLabel(rule.measure);
  const who = rule.titleIOnly ? 'Title I schools' : 'schools';
  const lowest = `the lowest ${rule.percent}% of ${who}`;
  return (row) => {
    if (rule.titleIOnly && row.isTitleI !== true) {
      const why = row.isTitleI === null ? 'Title I status is not recorded' : 'not a Title I school';
      return { designations: [], reasons: [`Not considered for ${lowest} (CSI): ${why}.`] };
    }
    const u = usableValue(figureOf(row, rule.measure), minimumN);
    if (!u.ok) {
      return {
        designations: [],
        reasons: [`Not considered for ${lowest} (CSI): ${notUsable(u, label, minimumN)}.`],
      };
    }
    if (cut === null) return { designations: [], reasons: [] };
    const figure = describeFigure(rule.measure, u.value);
    const cutoff = formatValue(rule.measure, cut.cutoff);
    if (isAtOrWorse(rule.measure, u.value, cut.cutoff)) {
      return {
        designations: [{ designation: 'csi', rule: rule.kind }],
        reasons: [
          `${figure} is in ${lowest} (${atOrWorse(rule.measure)} ${cutoff}; ${cut.count} of ${pool.length} ${who}) → CSI (ESSA lowest ${rule.percent}%).`,
        ],
      };
    }
    return {
      designations: [],
      reasons: [`Not in ${lowest}: ${figure} is ${better(rule.measure)} the cut-off of ${cutoff}.`],
    };
  };
}

export function prepareCsiLowGraduation(
  ctx: RuleContext,
  rule: RuleOf<'csi_low_graduation'>,
): Judge {
  const minimumN = rule.minimumN ?? ctx.minimumN;
  const label = measureLabel(rule.measure);
  const threshold = formatValue(rule.measure, rule.threshold);
  const words = rule.comparison === '<=' ? 'at or below' : 'below';
  return (row) => {
    const figure = figureOf(row, rule.measure);
    if (figure === undefined && row.level !== 'high' && row.level !== 'combined') {
      return { designations: [], reasons: [] };
    }
    const u = usableValue(figure, minimumN);
    if (!u.ok) {
      return {
        designations: [],
        reasons: [`Graduation rule (CSI) not applied: ${notUsable(u, label, minimumN)}.`],
      };
    }
    const low = rule.comparison === '<=' ? u.value <= rule.threshold : u.value < rule.threshold;
    const stated = describeFigure(rule.measure, u.value);
    return low
      ? {
          designations: [{ designation: 'csi', rule: rule.kind }],
          reasons: [`${stated} is ${words} ${threshold} → CSI (low graduation, ESSA).`],
        }
      : {
          designations: [],
          reasons: [`${stated} is above the CSI graduation threshold (${words} ${threshold}).`],
        };
  };
}

export function prepareTsi(
  ctx: RuleContext,
  rule: RuleOf<'tsi_consistently_underperforming'>,
): Judge {
  const minimumN = rule.minimumN ?? ctx.minimumN;
  const years = Array.from({ length: rule.years }, (_, i) => ctx.year - rule.years + 1 + i);
  const label = measureLabel(rule.measure);
  const criterion = rule.criterion;
  const groups = groupsPresent(
    years.flatMap((y) => [...(ctx.history.get(y)?.values() ?? [])]),
    (rule.groups ?? ALL_GROUPS).filter((g) => g !== 'all'),
  );
  // [year index][group index] → cut-off of the bottom X% (bottom-percent criterion only)
  const cutoffs = years.map(() => new Float64Array(groups.length).fill(Number.NaN));
  if (criterion.kind === 'bottom_percent') {
    years.forEach((year, y) => {
      const rows = [...(ctx.history.get(year)?.values() ?? [])];
      groups.forEach((group, g) => {
        const values: number[] = [];
        for (const row of rows) {
          const u = usableValue(figureOf(row, rule.measure, group), minimumN);
          if (u.ok) values.push(u.value);
        }
        const cut = lowestPercentCutoff(values, criterion.percent, rule.measure);
        if (cut !== null) (cutoffs[y] ?? new Float64Array(0))[g] = cut.cutoff;
      });
    });
  }
  const standard =
    criterion.kind === 'bottom_percent'
      ? `in the bottom ${criterion.percent}% of that group's results statewide`
      : `${criterion.comparison === '<=' ? 'at or below' : 'below'} ${formatValue(rule.measure, criterion.threshold)}`;
  const isLow = (g: number, y: number, value: number): boolean => {
    if (criterion.kind === 'below') {
      return criterion.comparison === '<='
        ? value <= criterion.threshold
        : value < criterion.threshold;
    }
    const cut = cutoffs[y]?.[g] ?? Number.NaN;
    return !Number.isNaN(cut) && isAtOrWorse(rule.measure, value, cut);
  };

  return (row) => {
    const designations: DesignationRecord[] = [];
    const reasons: string[] = [];
    let closest: { group: StudentGroup; run: number } | null = null;
    let judgedGroups = 0;
    const rowsByYear = years.map((year) =>
      year === ctx.year ? row : ctx.history.get(year)?.get(row.schoolId),
    );
    const valueIn = (y: number, group: StudentGroup): number | null => {
      const r = rowsByYear[y];
      const u = r === undefined ? null : usableValue(figureOf(r, rule.measure, group), minimumN);
      return u !== null && u.ok ? u.value : null;
    };
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] ?? 'all';
      if (valueIn(years.length - 1, group) !== null) judgedGroups++;
      // Consecutive low years, counted back from the judged year.
      const run = countRunFromEnd(years.length, (y) => {
        const value = valueIn(y, group);
        return value !== null && isLow(g, y, value);
      });
      if (run >= rule.years) {
        designations.push({ designation: 'tsi', rule: rule.kind, group });
        const values = years.map((_, y) => formatValue(rule.measure, valueIn(y, group) ?? NaN));
        reasons.push(
          `${groupLabel(group)}: ${label} ${standard} for ${rule.years} consecutive years (${formatYears(years)}: ${values.join(', ')}) → TSI.`,
        );
      } else if (run > 0 && (closest === null || run > closest.run)) {
        closest = { group, run };
      }
    }
    if (designations.length === 0 && judgedGroups === 0) {
      reasons.push(
        `TSI not judged: no student group has a ${label} about at least ${minimumN} students in ${ctx.year}.`,
      );
    } else if (designations.length === 0) {
      const near =
        closest === null
          ? `no group was ${standard} in ${ctx.year}`
          : `closest: ${groupLabel(closest.group)}, ${closest.run} of ${rule.years} years`;
      reasons.push(
        `No student group consistently underperforming on ${label} (${standard} for ${rule.years} years); ${near}.`,
      );
    }
    return { designations, reasons };
  };
}

export function prepareAtsi(ctx: RuleContext, rule: RuleOf<'atsi'>): Judge {
  const minimumN = rule.minimumN ?? ctx.minimumN;
  const groups = groupsPresent(
    ctx.current,
    (rule.groups ?? ALL_GROUPS).filter((g) => g !== 'all'),
  );
  const cut = lowestPercentCutoff(
    titleIPool(ctx, rule.measure, minimumN, true),
    rule.percent,
    rule.measure,
  );
  const label = measureLabel(rule.measure);
  return (row) => {
    if (cut === null) return { designations: [], reasons: [] };
    const cutoff = formatValue(rule.measure, cut.cutoff);
    const benchmark = `${cutoff}, the all-students result of the lowest ${rule.percent}% of Title I schools`;
    const designations: DesignationRecord[] = [];
    const reasons: string[] = [];
    let judgedGroups = 0;
    for (const group of groups) {
      const u = usableValue(figureOf(row, rule.measure, group), minimumN);
      if (u.ok) judgedGroups++;
      if (u.ok && isAtOrWorse(rule.measure, u.value, cut.cutoff)) {
        designations.push({ designation: 'atsi', rule: rule.kind, group });
        reasons.push(
          `${groupLabel(group)}: ${describeFigure(rule.measure, u.value)} is ${atOrWorse(rule.measure)} ${benchmark} → ATSI.`,
        );
      }
    }
    if (judgedGroups === 0) {
      reasons.push(
        `ATSI not judged: no student group has a ${label} about at least ${minimumN} students in ${ctx.year}.`,
      );
    } else if (designations.length === 0) {
      reasons.push(`No student group's ${label} is as low as ${benchmark} (ATSI).`);
    }
    return { designations, reasons };
  };
}
