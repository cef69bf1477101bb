// The district's needs and results (issue #4; DOMAIN.md §3, §4): every school's need index and
// poverty, its outcome against what schools with its poverty achieve (the regression and the
// expectation band), its identification under the chosen rule set with the reasons, and the
// pockets of success. Load → domain → present; every figure carries its method and n.
import type { Db } from '../db/connection.ts';
import { getDistrict } from '../db/queries/schools.ts';
import type { SchoolLevel } from '../db/schema.ts';
import { canChangeRules, type Actor } from '../domain/access/access.ts';
import { groupLabel, measureLabel } from '../domain/diagnostics/format.ts';
import type { DesignationRecord } from '../domain/diagnostics/identification.ts';
import { findPocketsOfSuccess } from '../domain/diagnostics/pockets.ts';
import type { ExpectationClass } from '../domain/diagnostics/regression.ts';
import type { RuleSet } from '../domain/diagnostics/rule-set.ts';
import { MEASURE, figureOf, usableValue } from '../domain/diagnostics/types.ts';
import { notFound } from '../domain/shared/errors.ts';
import type { DiagnosticSchool } from './diagnostics-data.ts';
import { resolveRuleSetRef } from './rule-sets.ts';
import { diagnosticsSnapshot } from './diagnostics-cache.ts';
import {
  NEED_INDEX_METHOD,
  OUTCOME_KEYS,
  assertCanView,
  chooseYear,
  describeIdentification,
  describeRegression,
  summarizeFit,
  yearsWith,
  type FitSummary,
  type OutcomeKey,
} from './diagnostics-shared.ts';

export interface DiagnosticsQuery {
  year?: number;
  outcome?: OutcomeKey;
  /** A preset's key (RULE_SET_KEYS) or a saved rule set's id; default north-carolina. */
  ruleSet?: string;
}

export interface SchoolIdentificationView {
  identified: boolean;
  designations: DesignationRecord[];
  tier: string | null;
  reasons: string[];
}

export interface DiagnosticSchoolRow {
  id: string;
  name: string;
  level: SchoolLevel;
  isTitleI: boolean | null;
  /** The school's region, or its town when the district has no regions (see `region`). */
  region: string | null;
  needIndex: number | null;
  /** % economically disadvantaged; null when not reported or about fewer than minimum n. */
  econDisadv: number | null;
  actual: number | null;
  expected: number | null;
  residual: number | null;
  averageResidual: number | null;
  yearsUsed: number[];
  pValue: number | null;
  classification: ExpectationClass;
  classificationReason: string;
  identification: SchoolIdentificationView;
}

export interface DistrictDiagnostics {
  district: { id: string; name: string };
  year: number | null;
  years: number[];
  outcome: { key: OutcomeKey; label: string; source: string };
  outcomes: Array<{ key: OutcomeKey; label: string; years: number[] }>;
  ruleSet: { key: string; id: string; name: string; minimumN: number };
  minimumN: number;
  /**
   * Where each row's `region` comes from: the district's own regions when any school has one,
   * else the schools' towns (labelled "Region (town)"), else none — and then no region filter.
   */
  region: { source: 'region' | 'town'; label: string } | null;
  fit: FitSummary | null;
  schools: DiagnosticSchoolRow[];
  pockets: Array<{
    schoolId: string;
    schoolName: string;
    group: string;
    groupLabel: string;
    measure: string;
    kind: 'residual' | 'growth';
    score: number;
    reason: string;
  }>;
  counts: {
    schools: number;
    rated: number;
    beatingTheOdds: number;
    asExpected: number;
    belowExpectation: number;
    notRated: number;
    identified: number;
    byDesignation: Record<string, number>;
    byTier: Record<string, number>;
  };
  methods: { regression: string; identification: string; needIndex: string; pockets: string };
  canRecordIdentification: boolean;
}

export function toIdentificationView(
  result: Omit<SchoolIdentificationView, 'reasons'> & { reasons: readonly string[] },
): SchoolIdentificationView {
  return {
    identified: result.identified,
    designations: result.designations,
    tier: result.tier,
    reasons: [...result.reasons],
  };
}

export async function getDistrictDiagnostics(
  db: Db,
  actor: Actor,
  query: DiagnosticsQuery = {},
): Promise<DistrictDiagnostics> {
  assertCanView(actor);
  const district = await getDistrict(db, actor.districtId);
  if (!district) throw notFound('The district');
  const snapshot = await diagnosticsSnapshot(db, actor.districtId);
  const { data, measures } = snapshot;
  const resolved = await resolveRuleSetRef(db, actor.districtId, query.ruleSet);
  const ruleSetKey = resolved.key;
  const ruleSet: RuleSet = resolved.ruleSet;
  const minimumN = ruleSet.minimumN;
  const outcomes = OUTCOME_KEYS.map((key) => ({
    key,
    label: measureLabel(key),
    years: yearsWith(data.rows, key, minimumN),
  })).filter((o) => o.years.length > 0);
  const outcomeKey = query.outcome ?? outcomes[0]?.key ?? 'spg_score';
  const outcomeYears = yearsWith(data.rows, outcomeKey, minimumN);
  const year = chooseYear(data.years, outcomeYears, query.year);
  const source = measures.find((m) => m.key === outcomeKey)?.source ?? '';

  const base = {
    district: { id: district.id, name: district.name },
    years: data.years,
    outcome: { key: outcomeKey, label: measureLabel(outcomeKey), source },
    outcomes,
    ruleSet: { key: ruleSetKey, id: ruleSet.id, name: ruleSet.name, minimumN },
    minimumN,
    region: regionSourceOf(data.schools.values()),
    canRecordIdentification: canChangeRules(actor),
  };
  if (year === null) {
    return {
      ...base,
      year: null,
      fit: null,
      schools: [],
      pockets: [],
      counts: countRows([]),
      methods: {
        regression: 'No figures are loaded yet.',
        identification: describeIdentification(ruleSet, 0),
        needIndex: NEED_INDEX_METHOD,
        pockets: '',
      },
    };
  }

  const current = snapshot.rowsOfYear(year);
  const expectations = snapshot.expectations(outcomeKey, year, minimumN);
  const fit = snapshot.computed(`fit\u0000${outcomeKey}\u0000${year}\u0000${minimumN}`, () => {
    const yearFit = expectations.fits.find((f) => f.year === year);
    return yearFit ? summarizeFit(yearFit, current, 0.05) : null;
  });
  const identification = snapshot.identification(ruleSet, year);
  const needIndex = snapshot.needIndex(year);
  const needs = new Map([...needIndex].map(([id, n]) => [id, n.index]));
  const judged = new Map(expectations.schools.map((s) => [s.schoolId, s]));

  const schools: DiagnosticSchoolRow[] = [];
  for (const row of current) {
    const school = data.schools.get(row.schoolId);
    if (!school) continue;
    const e = judged.get(row.schoolId);
    const poverty = usableValue(figureOf(row, MEASURE.econDisadv), minimumN);
    const id = identification.get(row.schoolId);
    schools.push({
      id: school.id,
      name: school.name,
      level: school.level,
      isTitleI: school.isTitleI,
      region: base.region?.source === 'town' ? school.city : school.region,
      needIndex: needs.get(row.schoolId) ?? null,
      econDisadv: poverty.ok ? poverty.value : null,
      actual: e?.actual ?? null,
      expected: e?.expected ?? null,
      residual: e?.residual ?? null,
      averageResidual: e?.averageResidual ?? null,
      yearsUsed: e?.yearsUsed ?? [],
      pValue: e?.pValue ?? null,
      classification: e?.classification ?? 'not_rated',
      classificationReason: e?.reason ?? 'Not rated.',
      identification: toIdentificationView(
        id ?? { identified: false, designations: [], tier: null, reasons: [] },
      ),
    });
  }
  schools.sort((a, b) => a.name.localeCompare(b.name));

  const found = snapshot.computed(`pockets\u0000${outcomeKey}\u0000${year}\u0000${minimumN}`, () =>
    findPocketsOfSuccess(current, { measure: outcomeKey, minimumN }),
  );
  const pockets = found.map((p) => ({
    schoolId: p.schoolId,
    schoolName: data.schools.get(p.schoolId)?.name ?? p.schoolId,
    group: p.group,
    groupLabel: groupLabel(p.group),
    measure: p.measure,
    kind: p.kind,
    score: p.score,
    reason: p.reason,
  }));

  const yearsUsed = [...new Set(schools.flatMap((s) => s.yearsUsed))].sort((a, b) => a - b);
  return {
    ...base,
    year,
    fit,
    schools,
    pockets,
    counts: countRows(schools),
    methods: {
      regression: describeRegression(outcomeKey, fit, year, yearsUsed, minimumN),
      identification: describeIdentification(ruleSet, year),
      needIndex: NEED_INDEX_METHOD,
      pockets: `Pockets of success: a student group whose ${measureLabel(outcomeKey)} is in the top 10% of residuals after poverty (the regression fitted for that group across the district's schools), or a group that exceeded expected growth while its school met it (EVAAS bands).`,
    },
  };
}

/**
 * The district's own regions when any school has one; else the towns from the school directory
 * (NC's files carry a town but no region), labelled so; else none (decision 006, "Regions").
 */
export function regionSourceOf(
  schools: Iterable<Pick<DiagnosticSchool, 'city' | 'region'>>,
): DistrictDiagnostics['region'] {
  let hasTown = false;
  for (const s of schools) {
    if (s.region !== null && s.region.trim() !== '') return { source: 'region', label: 'Region' };
    if (s.city !== null && s.city.trim() !== '') hasTown = true;
  }
  return hasTown ? { source: 'town', label: 'Region (town)' } : null;
}

function countRows(schools: readonly DiagnosticSchoolRow[]): DistrictDiagnostics['counts'] {
  const byDesignation: Record<string, number> = {};
  const byTier: Record<string, number> = {};
  const byClass: Record<ExpectationClass, number> = {
    beating_the_odds: 0,
    as_expected: 0,
    below_expectation: 0,
    not_rated: 0,
  };
  let identified = 0;
  for (const s of schools) {
    byClass[s.classification]++;
    if (s.identification.identified) identified++;
    for (const d of new Set(s.identification.designations.map((x) => x.designation))) {
      byDesignation[d] = (byDesignation[d] ?? 0) + 1;
    }
    if (s.identification.tier !== null) {
      byTier[s.identification.tier] = (byTier[s.identification.tier] ?? 0) + 1;
    }
  }
  return {
    schools: schools.length,
    rated: schools.length - byClass.not_rated,
    beatingTheOdds: byClass.beating_the_odds,
    asExpected: byClass.as_expected,
    belowExpectation: byClass.below_expectation,
    notRated: byClass.not_rated,
    identified,
    byDesignation,
    byTier,
  };
}
