// What the incentive designer, the allocation planner and the funding calculator know about each
// school in one school year: its need index, poverty and poverty quartile, its tier and
// designations under a rule set (all from the diagnostics service, so the three pages and "Needs &
// results" agree), and its enrolment, English learners and students with disabilities.
import type { Db } from '../db/connection.ts';
import { listSchoolProfiles, listYearValues } from '../db/queries/allocation.ts';
import type { SchoolLevel } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { assignQuartiles, type Quartile } from '../domain/equity/quartiles.ts';
import { MEASURE } from '../domain/diagnostics/types.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';
import {
  NEED_INDEX_METHOD,
  formatSchoolYear,
  resolveRuleSet,
  type RuleSetKey,
} from './diagnostics-shared.ts';

export interface SchoolContext {
  id: string;
  name: string;
  level: SchoolLevel;
  gradeSpan: string | null;
  isTitleI: boolean | null;
  needIndex: number | null;
  /** % economically disadvantaged (null when not reported or suppressed). */
  econDisadv: number | null;
  povertyQuartile: Quartile | null;
  /** The rule set's tier label ('intensive'), and its rank (1 is served first). */
  tier: string | null;
  tierRank: number | null;
  /** Designations held under the rule set: 'csi', 'tsi', 'atsi', 'low_performing'. */
  designations: string[];
  enrollment: number | null;
  pctEl: number | null;
  pctSwd: number | null;
}

export interface DistrictContext {
  year: number | null;
  years: number[];
  ruleSet: { key: RuleSetKey; name: string };
  /** Tier labels in the order the rule set serves them. */
  tiers: string[];
  designations: string[];
  schools: SchoolContext[];
  methods: { needIndex: string; quartiles: string[]; tiers: string };
}

/** Tier labels in rank order: the rule set's tiers as listed, then its "otherwise" tier. */
export function tierOrder(ruleSetKey: RuleSetKey): string[] {
  const rule = resolveRuleSet(ruleSetKey).rules.find((r) => r.kind === 'threshold_tier');
  if (!rule || rule.kind !== 'threshold_tier') return [];
  return [...rule.tiers.map((t) => t.tier), ...(rule.otherwise ? [rule.otherwise] : [])];
}

export async function loadSchoolContext(
  db: Db,
  actor: Actor,
  options: { year?: number; ruleSet?: RuleSetKey } = {},
): Promise<DistrictContext> {
  const ruleSetKey = options.ruleSet ?? 'federal-essa';
  // The diagnostics pick the latest year with outcomes; a requested year it lacks is not an
  // error here (staff records can run a year ahead of published figures): the latest is used.
  let diagnostics = await getDistrictDiagnostics(db, actor, { ruleSet: ruleSetKey });
  if (
    options.year !== undefined &&
    options.year !== diagnostics.year &&
    diagnostics.years.includes(options.year)
  ) {
    diagnostics = await getDistrictDiagnostics(db, actor, {
      ruleSet: ruleSetKey,
      year: options.year,
    });
  }
  const year = diagnostics.year;
  const [profiles, values] = await Promise.all([
    listSchoolProfiles(db, actor.districtId),
    year === null
      ? Promise.resolve([])
      : listYearValues(db, actor.districtId, year, [MEASURE.enrollment, MEASURE.el, 'pct_swd']),
  ]);
  const byMeasure = new Map<string, number>();
  for (const v of values) {
    if (v.value !== null) byMeasure.set(`${v.schoolId}\u0000${v.measureKey}`, v.value);
  }
  const valueOf = (schoolId: string, key: string) =>
    byMeasure.get(`${schoolId}\u0000${key}`) ?? null;
  const diag = new Map(diagnostics.schools.map((s) => [s.id, s]));
  const tiers = tierOrder(ruleSetKey);
  const ranked = diagnostics.schools.map((s) => ({ schoolId: s.id, share: s.econDisadv }));
  const withShare = ranked.filter((r) => r.share !== null).length;
  const quartiles =
    withShare >= 4
      ? assignQuartiles(ranked, { shareLabel: '% economically disadvantaged' })
      : { groups: new Map<string, { quartile: Quartile | null }>(), explanation: [] };
  const schools = profiles.map((p): SchoolContext => {
    const d = diag.get(p.id);
    const tier = d?.identification.tier ?? null;
    const rank = tier === null ? -1 : tiers.indexOf(tier);
    return {
      id: p.id,
      name: p.name,
      level: p.level,
      gradeSpan: p.gradeSpan,
      isTitleI: p.isTitleI,
      needIndex: d?.needIndex ?? null,
      econDisadv: d?.econDisadv ?? null,
      povertyQuartile: quartiles.groups.get(p.id)?.quartile ?? null,
      tier,
      tierRank: rank >= 0 ? rank + 1 : null,
      designations: [...new Set(d?.identification.designations.map((x) => x.designation) ?? [])],
      enrollment: valueOf(p.id, MEASURE.enrollment),
      pctEl: valueOf(p.id, MEASURE.el),
      pctSwd: valueOf(p.id, 'pct_swd'),
    };
  });
  const ruleSet = resolveRuleSet(ruleSetKey);
  return {
    year,
    years: diagnostics.years,
    ruleSet: { key: ruleSetKey, name: ruleSet.name },
    tiers,
    designations: [...new Set(schools.flatMap((s) => s.designations))].sort(),
    schools,
    methods: {
      needIndex: NEED_INDEX_METHOD,
      quartiles:
        withShare >= 4
          ? quartiles.explanation
          : ['Fewer than 4 schools report poverty: no quartiles.'],
      tiers:
        tiers.length > 0
          ? `Tiers and designations: ${ruleSet.name}, ${year === null ? 'no year loaded' : formatSchoolYear(year)}; tier order ${tiers.join(', ')}.`
          : `${ruleSet.name} sets no tiers; designations as identified for ${year === null ? 'no year loaded' : formatSchoolYear(year)}.`,
    },
  };
}
