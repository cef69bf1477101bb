// Running an identification rule set (DOMAIN.md §3) on one school year: for every school,
// whether it is identified, under which designations, its district tier, and the reasons in
// plain sentences that name the figures — for identified and not-identified schools alike, so
// a principal can see why. Pure: the service records the dated run and its inputs.
import { formatValue, groupLabel, measureLabel } from './format.ts';
import {
  prepareAtsi,
  prepareCsiLowGraduation,
  prepareCsiLowestPercent,
  prepareTsi,
  type DesignationRecord,
  type Judge,
  type RuleContext,
} from './identification-essa.ts';
import type { Comparison, Designation, RuleOf, RuleSet, TierCondition } from './rule-set.ts';
import { figureOf, reportedText, usableValue, type SchoolYearFigures } from './types.ts';

export type { DesignationRecord } from './identification-essa.ts';

export interface SchoolIdentification {
  schoolId: string;
  year: number;
  identified: boolean;
  designations: DesignationRecord[];
  /** The district tier, when the rule set has tiers. */
  tier: string | null;
  reasons: string[];
}

export type GrowthStatus = 'Exceeded' | 'Met' | 'NotMet';

/** EVAAS growth status as publishers spell it ('NotMet', 'Not Met', 'did not meet'). */
export function parseGrowthStatus(text: string | null): GrowthStatus | null {
  // The canonical spellings first: this runs for every group of every school.
  if (text === 'Exceeded' || text === 'Met' || text === 'NotMet') return text;
  const key = (text ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (key === 'exceeded' || key === 'exceeds') return 'Exceeded';
  if (key === 'met' || key === 'meets') return 'Met';
  if (key === 'notmet' || key === 'didnotmeet' || key === 'doesnotmeet') return 'NotMet';
  return null;
}

const STATUTE = 'G.S. 115C-105.37';

/**
 * North Carolina: a low-performing school has a School Performance Grade of D or F and an EVAAS
 * growth status of Met or NotMet; a school that Exceeded growth, or has no growth status, is
 * not low-performing (G.S. 115C-105.37(a); DOMAIN.md §3).
 */
function prepareNcLowPerforming(rule: RuleOf<'nc_low_performing'>): Judge {
  return (row) => {
    const grade = reportedText(figureOf(row, rule.gradeMeasure))?.toUpperCase() ?? null;
    const rawGrowth = reportedText(figureOf(row, rule.growthMeasure));
    const growth = parseGrowthStatus(rawGrowth);
    if (grade === null) {
      return {
        designations: [],
        reasons: [`Not low-performing: no performance grade (${STATUTE}).`],
      };
    }
    if (grade !== 'D' && grade !== 'F') {
      return {
        designations: [],
        reasons: [`Not low-performing: grade ${grade} (${STATUTE} needs D or F).`],
      };
    }
    if (growth === 'Met' || growth === 'NotMet') {
      return {
        designations: [{ designation: 'low_performing', rule: rule.kind }],
        reasons: [`Grade ${grade} and growth ${growth} → low-performing (${STATUTE}).`],
      };
    }
    const why =
      growth === 'Exceeded'
        ? 'growth Exceeded'
        : rawGrowth === null
          ? 'no growth status'
          : `growth status "${rawGrowth}" is not Met or NotMet`;
    return {
      designations: [],
      reasons: [`Not low-performing: grade ${grade} but ${why} (${STATUTE}).`],
    };
  };
}

const SYMBOL: Record<Comparison, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

const DESIGNATION_WORDS: Record<Designation, string> = {
  csi: 'identified for CSI',
  tsi: 'identified for TSI',
  atsi: 'identified for ATSI',
  low_performing: 'low-performing',
};

/** Whether a condition holds, and the words that say so (or why not). */
function testCondition(
  condition: TierCondition,
  row: SchoolYearFigures,
  designations: readonly DesignationRecord[],
  minimumN: number,
): { holds: boolean; words: string } {
  if (condition.kind === 'designation') {
    const holds = designations.some((d) => d.designation === condition.designation);
    return { holds, words: DESIGNATION_WORDS[condition.designation] };
  }
  const subject =
    condition.group === undefined || condition.group === 'all'
      ? measureLabel(condition.measure)
      : `${measureLabel(condition.measure)} (${groupLabel(condition.group)})`;
  const figure = figureOf(row, condition.measure, condition.group);
  if (condition.kind === 'text') {
    const text = reportedText(figure);
    const holds =
      text !== null && condition.oneOf.some((t) => t.toLowerCase() === text.toLowerCase());
    return { holds, words: `${subject} ${text ?? 'not reported'}` };
  }
  const u = usableValue(figure, minimumN);
  if (!u.ok) return { holds: false, words: `${subject} not available` };
  return {
    holds: compare(u.value, condition.comparison, condition.value),
    words: `${subject} ${formatValue(condition.measure, u.value)} ${SYMBOL[condition.comparison]} ${formatValue(condition.measure, condition.value)}`,
  };
}

function assignTier(
  rule: RuleOf<'threshold_tier'>,
  row: SchoolYearFigures,
  designations: readonly DesignationRecord[],
  minimumN: number,
): { tier: string; reason: string } {
  for (const tier of rule.tiers) {
    const tests = tier.conditions.map((c) => testCondition(c, row, designations, minimumN));
    const met = tests.filter((t) => t.holds);
    const holds = tier.match === 'all' ? met.length === tests.length : met.length > 0;
    if (holds) {
      const joiner = tier.match === 'all' ? ' and ' : ' or ';
      return {
        tier: tier.tier,
        reason: `Tier ${tier.tier}: ${met.map((t) => t.words).join(joiner)}.`,
      };
    }
  }
  const names = rule.tiers.map((t) => t.tier);
  return {
    tier: rule.otherwise,
    reason: `Tier ${rule.otherwise}: met no condition for ${names.join(' or ')}.`,
  };
}

/**
 * Runs a rule set on `year`. `rows` holds the comparison set (a state, or a district) for every
 * loaded year: TSI looks back over earlier years. Returns one result per school of `year`, in
 * input order.
 */
export function runRuleSet(
  ruleSet: RuleSet,
  rows: readonly SchoolYearFigures[],
  year: number,
): SchoolIdentification[] {
  // Index only the years the rules look back over (TSI's N years), not every loaded year.
  const lookback = Math.max(
    1,
    ...ruleSet.rules.map((r) => (r.kind === 'tsi_consistently_underperforming' ? r.years : 1)),
  );
  const history = new Map<number, Map<string, SchoolYearFigures>>();
  const current: SchoolYearFigures[] = [];
  for (const row of rows) {
    if (row.year > year || row.year <= year - lookback) continue;
    let byId = history.get(row.year);
    if (byId === undefined) history.set(row.year, (byId = new Map()));
    byId.set(row.schoolId, row);
    if (row.year === year) current.push(row);
  }
  const ctx: RuleContext = { year, current, history, minimumN: ruleSet.minimumN };
  const judges: Judge[] = [];
  let tierRule: RuleOf<'threshold_tier'> | null = null;
  for (const rule of ruleSet.rules) {
    switch (rule.kind) {
      case 'csi_lowest_percent':
        judges.push(prepareCsiLowestPercent(ctx, rule));
        break;
      case 'csi_low_graduation':
        judges.push(prepareCsiLowGraduation(ctx, rule));
        break;
      case 'tsi_consistently_underperforming':
        judges.push(prepareTsi(ctx, rule));
        break;
      case 'atsi':
        judges.push(prepareAtsi(ctx, rule));
        break;
      case 'nc_low_performing':
        judges.push(prepareNcLowPerforming(rule));
        break;
      case 'threshold_tier':
        tierRule ??= rule;
        break;
    }
  }
  return current.map((row) => {
    const designations: DesignationRecord[] = [];
    const reasons: string[] = [];
    for (const judge of judges) {
      const outcome = judge(row);
      designations.push(...outcome.designations);
      reasons.push(...outcome.reasons);
    }
    let tier: string | null = null;
    if (tierRule !== null) {
      const assigned = assignTier(
        tierRule,
        row,
        designations,
        tierRule.minimumN ?? ruleSet.minimumN,
      );
      tier = assigned.tier;
      reasons.push(assigned.reason);
    }
    return {
      schoolId: row.schoolId,
      year,
      identified: designations.length > 0,
      designations,
      tier,
      reasons,
    };
  });
}
