// One school's identification and "schools like this one" (issue #4; DOMAIN.md §3, §4): why it
// is or is not identified in every loaded year, its result against what schools with its
// poverty achieve, its nearest demographic peers and where it stands among them, the gaps
// between its student groups, its need index with the parts, and its students' access to
// advanced courses by group (AP, IB, dual enrollment; src/domain/diagnostics/course-access.ts).
import type { Db } from '../db/connection.ts';
import type { SchoolLevel } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import {
  COURSE_LABELS,
  computeCourseAccess,
  describeCourseAccess,
  hasCourseFigures,
  type AccessFigure,
  type CourseKind,
} from '../domain/diagnostics/course-access.ts';
import { groupLabel, measureLabel } from '../domain/diagnostics/format.ts';
import { computeGroupGaps, describeGroupGap } from '../domain/diagnostics/gaps.ts';
import { rankAmongPeers } from '../domain/diagnostics/peers.ts';
import type { ExpectationClass } from '../domain/diagnostics/regression.ts';
import { MEASURE, figureOf, usableValue } from '../domain/diagnostics/types.ts';
import { notFound } from '../domain/shared/errors.ts';
import { resolveRuleSetRef } from './rule-sets.ts';
import { diagnosticsSnapshot } from './diagnostics-cache.ts';
import {
  NEED_INDEX_METHOD,
  PEERS_METHOD,
  assertCanView,
  chooseYear,
  describeIdentification,
  describeRegression,
  summarizeFit,
  yearsWith,
  type OutcomeKey,
} from './diagnostics-shared.ts';
import { toIdentificationView, type SchoolIdentificationView } from './diagnostics.ts';

export interface SchoolDiagnosticsQuery {
  year?: number;
  outcome?: OutcomeKey;
  /** A preset's key or a saved rule set's id. */
  ruleSet?: string;
}

export interface SchoolDiagnostics {
  school: { id: string; name: string; level: SchoolLevel; isTitleI: boolean | null };
  year: number | null;
  years: number[];
  outcome: { key: OutcomeKey; label: string; source: string };
  ruleSet: { key: string; id: string; name: string; minimumN: number };
  /** Newest first. */
  identification: Array<SchoolIdentificationView & { year: number }>;
  expectation: {
    actual: number | null;
    expected: number | null;
    residual: number | null;
    averageResidual: number | null;
    yearsUsed: number[];
    pValue: number | null;
    classification: ExpectationClass;
    reason: string;
  } | null;
  peers: {
    /** The school's own figures, for the first row beside its peers'. */
    self: { econDisadv: number | null; enrollment: number | null };
    schools: Array<{
      id: string;
      name: string;
      distance: number;
      outcome: number | null;
      econDisadv: number | null;
      enrollment: number | null;
    }>;
    standing: {
      value: number | null;
      rank: number | null;
      of: number;
      percentile: number | null;
      peerMedian: number | null;
      differenceFromMedian: number | null;
      sentence: string;
    } | null;
    imputed: string[];
    note: string | null;
  };
  gaps: Array<{
    group: string;
    label: string;
    status: 'shown' | 'suppressed' | 'missing';
    value: number | null;
    gapToAll: number | null;
    gapToHighest: number | null;
    sentence: string;
  }>;
  /** The latest year with course figures for this school; null when none are loaded. */
  courseAccess: SchoolCourseAccessView | null;
  needIndex: {
    index: number | null;
    components: Array<{
      measure: string;
      label: string;
      value: number;
      percentile: number;
      weight: number;
    }>;
    missing: string[];
  } | null;
  methods: {
    regression: string;
    identification: string;
    peers: string;
    needIndex: string;
    gaps: string;
    courseAccess: string;
  };
}

export interface SchoolCourseAccessView {
  year: number;
  kinds: Array<{ key: CourseKind; label: string }>;
  groups: Array<{
    group: string;
    label: string;
    /** The group's headcount: the n of its rates and ratios. */
    headcount: number | null;
    shareOfSchool: number | null;
    courses: Array<{
      kind: CourseKind;
      students: number | null;
      rate: AccessFigure;
      share: AccessFigure;
      ratio: AccessFigure;
    }>;
  }>;
}

export async function getSchoolDiagnostics(
  db: Db,
  actor: Actor,
  schoolId: string,
  query: SchoolDiagnosticsQuery = {},
): Promise<SchoolDiagnostics> {
  assertCanView(actor);
  // The district's figures and what is computed from them come from the cache, keyed by the
  // district's data version; only this school's slice is assembled per request.
  const snapshot = await diagnosticsSnapshot(db, actor.districtId);
  const { data, measures } = snapshot;
  const school = data.schools.get(schoolId);
  if (!school) throw notFound(`School ${schoolId}`);
  const { key: ruleSetKey, ruleSet } = await resolveRuleSetRef(db, actor.districtId, query.ruleSet);
  const minimumN = ruleSet.minimumN;
  const outcomeKey = query.outcome ?? 'spg_score';
  const year = chooseYear(data.years, yearsWith(data.rows, outcomeKey, minimumN), query.year);
  const source = measures.find((m) => m.key === outcomeKey)?.source ?? '';

  // Every loaded year the school has figures for, newest first, so its history shows.
  const schoolYears = [...data.years]
    .filter((y) => snapshot.rowsOfYear(y).some((r) => r.schoolId === schoolId))
    .sort((a, b) => b - a);
  const identification = schoolYears.flatMap((y) => {
    const result = snapshot.identification(ruleSet, y).get(schoolId);
    return result ? [{ year: y, ...toIdentificationView(result) }] : [];
  });

  const base = {
    school: { id: school.id, name: school.name, level: school.level, isTitleI: school.isTitleI },
    years: data.years,
    outcome: { key: outcomeKey, label: measureLabel(outcomeKey), source },
    ruleSet: { key: ruleSetKey, id: ruleSet.id, name: ruleSet.name, minimumN },
    identification,
  };
  // Access to advanced courses: the school's latest year with course figures, whatever the
  // outcome's year (NC publishes them for 2018 and 2019 only).
  const courseRow = data.rows
    .filter((r) => r.schoolId === schoolId && hasCourseFigures(r))
    .reduce<(typeof data.rows)[number] | undefined>(
      (a, r) => (!a || r.year > a.year ? r : a),
      undefined,
    );
  const access = courseRow ? computeCourseAccess(courseRow, { minimumN }) : null;
  const courseAccess: SchoolCourseAccessView | null = access
    ? {
        year: access.year,
        kinds: access.kinds.map((key) => ({ key, label: COURSE_LABELS[key] })),
        groups: access.groups.map((g) => ({
          group: g.group,
          label: groupLabel(g.group),
          headcount: g.headcount,
          shareOfSchool: g.shareOfSchool,
          courses: access.kinds.map((kind) => ({ kind, ...g.courses[kind] })),
        })),
      }
    : null;
  const courseAccessMethod = describeCourseAccess(minimumN);

  const current = year === null ? [] : snapshot.rowsOfYear(year);
  const row = current.find((r) => r.schoolId === schoolId);
  const gapsMethod = `Each student group's ${measureLabel(outcomeKey)} against all students and against the highest group in the school; groups of fewer than ${minimumN} students are hidden (DOMAIN.md §6).`;
  if (year === null || row === undefined) {
    return {
      ...base,
      year,
      expectation: null,
      peers: {
        self: { econDisadv: null, enrollment: null },
        schools: [],
        standing: null,
        imputed: [],
        note:
          year === null
            ? 'No figures are loaded yet.'
            : `No figures for this school in the ${year} school year.`,
      },
      gaps: [],
      courseAccess,
      needIndex: null,
      methods: {
        regression: describeRegression(outcomeKey, null, year ?? 0, [], minimumN),
        identification: describeIdentification(ruleSet, year ?? 0),
        peers: PEERS_METHOD,
        needIndex: NEED_INDEX_METHOD,
        gaps: gapsMethod,
        courseAccess: courseAccessMethod,
      },
    };
  }

  const expectations = snapshot.expectations(outcomeKey, year, minimumN);
  const fit = snapshot.computed(`fit\u0000${outcomeKey}\u0000${year}\u0000${minimumN}`, () => {
    const yearFit = expectations.fits.find((f) => f.year === year);
    return yearFit ? summarizeFit(yearFit, current, 0.05) : null;
  });
  const mine = expectations.schools.find((s) => s.schoolId === schoolId);

  const peerSet = snapshot.peers(year).get(schoolId);
  const standing = peerSet
    ? rankAmongPeers(current, [peerSet], { measure: outcomeKey, minimumN })[0]
    : undefined;
  const byId = snapshot.computed(
    `rows-by-school\u0000${year}`,
    () => new Map(current.map((r) => [r.schoolId, r])),
  );
  const usable = (id: string, measure: string) => {
    const r = byId.get(id);
    const u = r ? usableValue(figureOf(r, measure), minimumN) : null;
    return u?.ok ? u.value : null;
  };
  const enrollmentOf = (id: string) => {
    const r = byId.get(id);
    const f = r ? figureOf(r, MEASURE.enrollment) : undefined;
    return f?.status === 'reported' ? f.value : null;
  };

  const schoolGaps = computeGroupGaps([row], { measure: outcomeKey, minimumN })[0];
  const need = snapshot.needIndex(year).get(schoolId);

  return {
    ...base,
    year,
    expectation: mine
      ? {
          actual: mine.actual,
          expected: mine.expected,
          residual: mine.residual,
          averageResidual: mine.averageResidual,
          yearsUsed: mine.yearsUsed,
          pValue: mine.pValue,
          classification: mine.classification,
          reason: mine.reason,
        }
      : null,
    peers: {
      schools: (peerSet?.peerIds ?? []).map((id, i) => ({
        id,
        name: data.schools.get(id)?.name ?? id,
        distance: peerSet?.distances[i] ?? 0,
        outcome: usable(id, outcomeKey),
        econDisadv: usable(id, MEASURE.econDisadv),
        enrollment: enrollmentOf(id),
      })),
      standing: standing
        ? {
            value: standing.value,
            rank: standing.rank,
            of: standing.of,
            percentile: standing.percentile,
            peerMedian: standing.peerMedian,
            differenceFromMedian: standing.differenceFromMedian,
            sentence: standing.sentence,
          }
        : null,
      self: {
        econDisadv: usable(schoolId, MEASURE.econDisadv),
        enrollment: enrollmentOf(schoolId),
      },
      // Labels, not measure keys: the page says which of the school's own figures were missing.
      imputed: (peerSet?.imputed ?? []).map((f) =>
        f === 'log_enrollment' ? 'Enrollment' : measureLabel(f),
      ),
      note: peerSet?.note ?? null,
    },
    gaps: (schoolGaps?.groups ?? []).map((g) => ({
      group: g.group,
      label: groupLabel(g.group),
      status: g.status,
      value: g.value,
      gapToAll: g.gapToAll,
      gapToHighest: g.gapToHighest,
      sentence: schoolGaps ? describeGroupGap(schoolGaps, g, minimumN) : '',
    })),
    courseAccess,
    needIndex: need
      ? {
          index: need.index,
          components: need.components.map((c) => ({
            measure: c.measure,
            label: measureLabel(c.measure),
            value: c.value,
            percentile: c.percentile,
            weight: c.weight,
          })),
          missing: need.missing,
        }
      : null,
    methods: {
      regression: describeRegression(outcomeKey, fit, year, mine?.yearsUsed ?? [], minimumN),
      identification: describeIdentification(ruleSet, year),
      peers: PEERS_METHOD,
      needIndex: NEED_INDEX_METHOD,
      gaps: gapsMethod,
      courseAccess: courseAccessMethod,
    },
  };
}
