// What an incentive program might do to the equity gap, and what paid awards did to retention
// (issue #5; DOMAIN.md §5). Both work from the staff records: the projection's baseline (teachers
// and ineffective teachers in the highest- and lowest-poverty quartile schools, and last year's
// retention) and the comparison of awardees with similar non-awardees. Only counts and shares
// leave this module; small groups are suppressed by the domain functions.
import type { Db } from '../db/connection.ts';
import { getDistrict } from '../db/queries/schools.ts';
import { listAwards, listStaffWithRatings, listStaffYears } from '../db/queries/incentives.ts';
import type { Actor } from '../domain/access/access.ts';
import { EQUITY_PRESETS, isIneffective } from '../domain/equity/definitions.ts';
import {
  compareAwardeeRetention,
  projectEquityGap,
  type AwardeeComparison,
  type GapProjection,
} from '../domain/equity/incentive-effects.ts';
import { eligibleStaff } from '../domain/equity/incentives.ts';
import type { Quartile } from '../domain/equity/quartiles.ts';
import { classifyTransitions, type RetentionOutcome } from '../domain/equity/retention.ts';
import { badRequest } from '../domain/shared/errors.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';
import { formatSchoolYear } from './diagnostics-shared.ts';
import { toProgram } from './incentives-design.ts';
import { getIncentiveProgram, loadEligibilityBasis } from './incentives.ts';

export interface ProjectionAssumptions {
  retentionOfEligible: number;
  movesIn: number;
  years?: number;
  replacementRate?: number;
  /** Override what last year's records say. */
  retentionWithoutProgram?: number;
  retentionOfOthers?: number;
  year?: number;
}

export interface ProjectionResult extends GapProjection {
  staffYear: number;
  baselineFacts: {
    highTeachers: number;
    highIneffective: number;
    lowTeachers: number;
    lowIneffective: number;
    eligibleInHigh: number;
    retentionWithoutProgram: { value: number; source: string };
    retentionOfOthers: { value: number; source: string };
  };
  definition: string;
  /** Year-by-year rates for the chart: 0 is today. */
  series: { year: number; withoutProgram: number; withProgram: number; low: number }[];
}

/** The ineffective rating levels for the district's state, or every rating-based preset's. */
function ineffectiveDefinition(state: string) {
  const byState: Record<string, keyof typeof EQUITY_PRESETS> = {
    NC: 'north_carolina',
    MA: 'massachusetts',
  };
  const key = byState[state.toUpperCase()] ?? 'north_carolina';
  return EQUITY_PRESETS[key];
}

interface Teacher {
  staffId: string;
  schoolId: string;
  rating: string | null;
  yearsExperience: number | null;
}

/** One row per teacher: the first teaching assignment in school id order. */
function teachersOf(
  rows: readonly {
    staffId: string;
    schoolId: string;
    role: string;
    rating: string | null;
    yearsExperience: number | null;
  }[],
): Teacher[] {
  const seen = new Map<string, Teacher>();
  for (const r of rows) {
    if (r.role !== 'teacher' || seen.has(r.staffId)) continue;
    seen.set(r.staffId, r);
  }
  return [...seen.values()];
}

const stayedShare = (outcomes: readonly RetentionOutcome[]) =>
  outcomes.length === 0 ? null : outcomes.filter((o) => o === 'stayed').length / outcomes.length;

export async function projectIncentiveGap(
  db: Db,
  actor: Actor,
  programId: string,
  assumptions: ProjectionAssumptions,
): Promise<ProjectionResult> {
  const view = await getIncentiveProgram(db, actor, programId);
  const district = await getDistrict(db, actor.districtId);
  const definitions = ineffectiveDefinition(district?.state ?? '');
  if (definitions.ineffective.basis !== 'rating') {
    throw badRequest('The ineffective-teacher definition for this state is not rating-based.');
  }
  const basis = await loadEligibilityBasis(db, actor, view.design, assumptions.year);
  const quartileOf = new Map(basis.context.schools.map((s) => [s.id, s.povertyQuartile]));
  const program = toProgram(view.id, view.design);
  const eligible = new Set(
    eligibleStaff(program, basis.staff, basis.schools).eligible.map((a) => a.staffId),
  );
  const ineffective = (rating: string | null) =>
    isIneffective(definitions, { rating, licenceStatus: null, inField: null }) === true;
  const teachers = teachersOf(
    basis.staff.map((s) => ({ ...s, yearsExperience: s.yearsExperience })),
  );
  const inQuartile = (q: Quartile) => teachers.filter((t) => quartileOf.get(t.schoolId) === q);
  const high = inQuartile(4);
  const low = inQuartile(1);
  if (high.length === 0 || low.length === 0) {
    throw badRequest(
      'The projection needs teachers in both the highest- and the lowest-poverty quartile schools.',
    );
  }
  const highIneffective = high.filter((t) => ineffective(t.rating)).length;
  const eligibleInHigh = high.filter(
    (t) => eligible.has(t.staffId) && !ineffective(t.rating),
  ).length;

  // Last year's retention in the highest-poverty schools, from the records (stayed in the school).
  const previous = basis.staffYear - 1;
  const years = await listStaffYears(db, actor.districtId);
  let withoutProgram: { value: number; source: string } | null = null;
  let others: { value: number; source: string } | null = null;
  if (years.includes(previous)) {
    const rows = await listStaffWithRatings(db, actor.districtId, [previous, basis.staffYear]);
    const transitions = classifyTransitions(
      rows
        .filter((r) => r.role === 'teacher')
        .map((r) => ({
          staffId: r.staffId,
          schoolId: r.schoolId,
          year: r.schoolYear,
          rating: r.rating,
          fte: r.fte,
        })),
    ).filter((t) => t.fromYear === previous && quartileOf.get(t.schoolId) === 4);
    // "Would have been eligible": a rating the program rewards, in a school it covers.
    const rewarded = new Set(
      program.awards.filter((c) => c.amount > 0).map((c) => c.rating.trim().toLowerCase()),
    );
    // Eligible teachers are never in the measure (the domain's model), so an ineffective
    // teacher counts with the others even under an any-rating ('*') award.
    const isRewarded = (rating: string | null) =>
      !ineffective(rating) &&
      (rewarded.has('*') || (rating !== null && rewarded.has(rating.trim().toLowerCase())));
    const eligibleOutcomes = transitions.filter((t) => isRewarded(t.rating)).map((t) => t.outcome);
    const otherOutcomes = transitions.filter((t) => !isRewarded(t.rating)).map((t) => t.outcome);
    const span = `${formatSchoolYear(previous)} to ${formatSchoolYear(basis.staffYear)}`;
    const e = stayedShare(eligibleOutcomes);
    if (e !== null && eligibleOutcomes.length >= DEFAULT_MINIMUM_N) {
      withoutProgram = {
        value: e,
        source: `Teachers with a rewarded rating in the highest-poverty schools who stayed in their school, ${span} (n = ${eligibleOutcomes.length}).`,
      };
    }
    const o = stayedShare(otherOutcomes);
    if (o !== null && otherOutcomes.length >= DEFAULT_MINIMUM_N) {
      others = {
        value: o,
        source: `Other teachers in the highest-poverty schools who stayed in their school, ${span} (n = ${otherOutcomes.length}).`,
      };
    }
    // Too few in one group (fewer than the minimum n): every teacher in the highest-poverty
    // schools stands in for it, and the source says so.
    const all = stayedShare(transitions.map((t) => t.outcome));
    if (all !== null && transitions.length >= DEFAULT_MINIMUM_N) {
      const fallback = (group: string) => ({
        value: all,
        source: `All teachers in the highest-poverty schools who stayed in their school, ${span} (n = ${transitions.length}); too few ${group} to count on their own.`,
      });
      withoutProgram ??= fallback('teachers with a rewarded rating');
      others ??= fallback('other teachers');
    }
  }
  const stated = (value: number) => ({ value, source: 'As you stated.' });
  const retentionWithoutProgram =
    assumptions.retentionWithoutProgram !== undefined
      ? stated(assumptions.retentionWithoutProgram)
      : withoutProgram;
  const retentionOfOthers =
    assumptions.retentionOfOthers !== undefined ? stated(assumptions.retentionOfOthers) : others;
  if (!retentionWithoutProgram || !retentionOfOthers) {
    throw badRequest(
      'The records do not hold last year’s retention for enough teachers: state the retention without the program and of other teachers.',
      [
        ...(!retentionWithoutProgram
          ? [{ field: 'retentionWithoutProgram', message: 'State it (0–1).' }]
          : []),
        ...(!retentionOfOthers ? [{ field: 'retentionOfOthers', message: 'State it (0–1).' }] : []),
      ],
    );
  }
  const lowIneffective = low.filter((t) => ineffective(t.rating)).length;
  const baseline = {
    measureLabel: 'ineffective teachers',
    high: { teachers: high.length, count: highIneffective },
    low: { teachers: low.length, count: lowIneffective },
    eligibleInHigh,
    retentionWithoutProgram: retentionWithoutProgram.value,
    retentionOfOthers: retentionOfOthers.value,
  };
  const gap = {
    retentionOfEligible: assumptions.retentionOfEligible,
    movesIn: assumptions.movesIn,
    ...(assumptions.replacementRate !== undefined
      ? { replacementRate: assumptions.replacementRate }
      : {}),
  };
  const horizon = assumptions.years ?? 3;
  const projection = projectEquityGap(program, baseline, { ...gap, years: horizon });
  // The chart's series: the same arithmetic, one horizon at a time.
  const lowRate = (lowIneffective / low.length) * 100;
  const series = [
    {
      year: 0,
      withoutProgram: projection.baseline.highPercent,
      withProgram: projection.baseline.highPercent,
      low: lowRate,
    },
  ];
  for (let y = 1; y <= horizon; y += 1) {
    const step = projectEquityGap(program, baseline, { ...gap, years: y });
    series.push({
      year: y,
      withoutProgram: step.withoutProgram.ratePercent,
      withProgram: step.withProgram.ratePercent,
      low: lowRate,
    });
  }
  return {
    ...projection,
    staffYear: basis.staffYear,
    baselineFacts: {
      highTeachers: high.length,
      highIneffective,
      lowTeachers: low.length,
      lowIneffective,
      eligibleInHigh,
      retentionWithoutProgram,
      retentionOfOthers,
    },
    definition: `Ineffective: ${definitions.ineffective.source} High and low groups: the highest- and lowest-poverty quartile schools (% economically disadvantaged), teachers in ${formatSchoolYear(basis.staffYear)}.`,
    series,
  };
}

// ---- Awardees against similar non-awardees --------------------------------------------------

export interface RetentionComparisonResult {
  status: 'compared' | 'no_awards' | 'no_following_year';
  years: { from: number; to: number }[];
  comparison: AwardeeComparison | null;
  message: string;
}

export async function compareIncentiveRetention(
  db: Db,
  actor: Actor,
  programId: string,
): Promise<RetentionComparisonResult> {
  const view = await getIncentiveProgram(db, actor, programId);
  const awards = await listAwards(db, actor.districtId, view.id);
  if (awards.length === 0) {
    return {
      status: 'no_awards',
      years: [],
      comparison: null,
      message: 'No awards have been recorded for this program yet.',
    };
  }
  const staffYears = new Set(await listStaffYears(db, actor.districtId));
  const awardYears = [...new Set(awards.map((a) => a.schoolYear))]
    .filter((y) => staffYears.has(y) && staffYears.has(y + 1))
    .sort((a, b) => a - b);
  if (awardYears.length === 0) {
    return {
      status: 'no_following_year',
      years: [],
      comparison: null,
      message:
        'Retention can be compared once the staff records of the year after an award are loaded.',
    };
  }
  const context = await loadEligibilityBasis(db, actor, view.design, awardYears.at(-1));
  const quartileOf = new Map(context.context.schools.map((s) => [s.id, s.povertyQuartile]));
  const awarded = new Set(awards.map((a) => `${a.staffId}\u0000${a.schoolYear}`));
  const loadYears = [...new Set(awardYears.flatMap((y) => [y, y + 1]))];
  const rows = await listStaffWithRatings(db, actor.districtId, loadYears);
  const teacherRows = rows.filter((r) => r.role === 'teacher');
  const experience = new Map(
    teacherRows.map((r) => [`${r.staffId}\u0000${r.schoolYear}`, r.yearsExperience]),
  );
  const transitions = classifyTransitions(
    teacherRows.map((r) => ({
      staffId: r.staffId,
      schoolId: r.schoolId,
      year: r.schoolYear,
      rating: r.rating,
      fte: r.fte,
    })),
  ).filter((t) => awardYears.includes(t.fromYear));
  const subjects = transitions.map((t) => ({
    staffId: t.staffId,
    rating: t.rating,
    yearsExperience: experience.get(`${t.staffId}\u0000${t.fromYear}`) ?? null,
    schoolQuartile: quartileOf.get(t.schoolId) ?? null,
    outcome: t.outcome,
    isAwardee: awarded.has(`${t.staffId}\u0000${t.fromYear}`),
  }));
  const comparison = compareAwardeeRetention(
    subjects.filter((s) => s.isAwardee),
    subjects.filter((s) => !s.isAwardee),
    { basis: 'school' },
  );
  return {
    status: 'compared',
    years: awardYears.map((from) => ({ from, to: from + 1 })),
    comparison,
    message: comparison.explanation,
  };
}
