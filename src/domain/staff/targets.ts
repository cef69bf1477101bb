// Per school-year counts the generated people must reproduce (fitting rules in fit.ts). n is the
// published n where the figure gives one, else the school's teacher count.
import { MEASURES, type Figure, type StaffingAggregates } from './aggregates.ts';
import { apportion, fitParts, PRIORITY, sum, type Part } from './fit.ts';
import type { CredentialStatus, Notes, RatingLabel } from './types.ts';

export interface SchoolYearTargets {
  teachers: number;
  /** Teachers per experience band: 0–2 years (NC "beginning"), 3, 4–10, 11 or more. */
  bands: Bands;
  /**
   * The bands whose totals were published this year, grouped as published (the 0–3 band is
   * bands 0 and 1), plus one group for the rest. Roster changes meet these exactly; the split
   * inside a group follows `bands` as closely as continuity allows.
   */
  firmBands: Array<{ bands: number[]; count: number }>;
  credentials: Record<CredentialStatus, number>;
  /** Share (0–100) of last year's teachers who leave the school; null in its first year. */
  turnoverPct: number | null;
  /** Rated teachers per rating; null where no distribution was published. */
  ratings: Record<RatingLabel, number> | null;
  /** Whether the principal should have fewer than 3 years as principal; null if unpublished. */
  principalInexperienced: boolean | null;
}

export type Bands = [number, number, number, number];

export function buildTargets(
  agg: StaffingAggregates,
  schoolId: string,
  year: number,
  isContinuing: boolean,
  notes: Notes,
): SchoolYearTargets {
  const teachers = resolveTeacherCount(agg, schoolId, year, notes);
  const adjust = (key: string, message: string) =>
    notes.adjustments.push({ schoolId, schoolYear: year, measureKey: key, message });
  const partOf = (key: string, total: number): Part => {
    const figure = agg.resolve(key, schoolId, year, notes);
    return toPart(key, figure ?? { value: 0, n: null, source: 'default' }, total);
  };
  const fit = (total: number, parts: Part[]) => fitParts(total, parts, adjust);

  const bandParts = [
    partOf(MEASURES.years0to3, teachers),
    partOf(MEASURES.years4to10, teachers),
    partOf(MEASURES.years11plus, teachers),
  ];
  const fitted = fit(teachers, bandParts);
  const beginning = splitsPublishedBand(agg, schoolId, year, bandParts)
    ? cohortSplit(fitted[0] ?? 0)
    : partOf(MEASURES.beginning, teachers);
  const bands = fitBeginning(teachers, beginning, bandParts, fitted, adjust);

  const credentials = licenceCounts(
    teachers,
    {
      full: partOf(MEASURES.fullyLicensed, teachers),
      provisional: partOf(MEASURES.provisional, teachers),
      lateral: partOf(MEASURES.lateralEntry, teachers),
    },
    fit,
  );

  const turnover = isContinuing ? agg.resolve(MEASURES.turnover, schoolId, year, notes) : null;
  return {
    teachers,
    bands,
    firmBands: firmGroups(bands, beginning, bandParts),
    credentials,
    turnoverPct: turnover ? Math.min(100, Math.max(0, turnover.value)) : null,
    ratings: resolveRatings(agg, schoolId, year, teachers, adjust),
    principalInexperienced: resolvePrincipal(agg, schoolId, year, adjust),
  };
}

// NC publishes teacher counts in the personnel files (2014–2018) and, in 2019, only as the n of
// the rcd_eq shares; use that n before falling back to another year.
function resolveTeacherCount(
  agg: StaffingAggregates,
  schoolId: string,
  year: number,
  notes: Notes,
): number {
  const own = agg.published(MEASURES.teachers, schoolId, year);
  if (own) return Math.max(0, Math.round(own.value));
  for (const key of [MEASURES.beginning, MEASURES.provisional]) {
    const n = agg.published(key, schoolId, year)?.n;
    if (n === null || n === undefined) continue;
    notes.fallbacks.push({
      schoolId,
      schoolYear: year,
      measureKey: MEASURES.teachers,
      source: 'same_year_n',
      fromYear: year,
      value: n,
    });
    return n;
  }
  const figure = agg.resolve(MEASURES.teachers, schoolId, year, notes);
  return figure ? Math.max(0, Math.round(figure.value)) : 0;
}

function toPart(key: string, figure: Figure, total: number): Part {
  const pct = Math.min(100, Math.max(0, figure.value));
  const base = figure.source === 'published' && figure.n !== null ? figure.n : total;
  const count = Math.min(total, Math.round((pct / 100) * base));
  return { key, pct, count, priority: PRIORITY[figure.source] };
}

// Licence status counts. NC's shares are disjoint in 2014–2017 (flicensed + emer_prov + lateral
// = 1.000 for 158 of 170 Wake schools in 2014) but need not sum to 100 (920588 in 2014: 95.5 +
// 0.9 + 1.8): the remainder holds some other licence ('other'). In 2018 (rcd_licenses) "fully
// licensed" includes lateral entry (920302: 100% fully licensed, 12.2% lateral entry); where the
// published shares overlap like that, status 'full' gets the fully licensed share less the
// lateral-entry share, so full + lateral_entry reproduces the published figure.
function licenceCounts(
  teachers: number,
  { full, provisional, lateral }: Record<'full' | 'provisional' | 'lateral', Part>,
  fit: (total: number, parts: Part[]) => number[],
): Record<CredentialStatus, number> {
  const overlaps =
    full.priority === PRIORITY.published &&
    lateral.priority === PRIORITY.published &&
    full.pct + lateral.pct > 100.5;
  const fullOnly = overlaps
    ? { ...full, pct: full.pct - lateral.pct, count: Math.max(0, full.count - lateral.count) }
    : full;
  const otherPct = Math.max(0, 100 - fullOnly.pct - provisional.pct - lateral.pct);
  const other: Part = {
    key: 'other',
    pct: otherPct,
    count: Math.round((otherPct / 100) * teachers),
    priority: 0,
  };
  const [f = 0, p = 0, l = 0, o = 0] = fit(teachers, [fullOnly, provisional, lateral, other]);
  return { full: f, provisional: p, lateral_entry: l, other: o };
}

// Inside a published 0–3-year band an unpublished beginning count is not worth a fallback: a
// nearest-year share (NC publishes it only in 2019) against another year's band makes a lopsided
// split — e.g. twice a normal cohort at exactly 3 years — that then ripples through every later
// year. The band is split evenly over its four cohorts (0, 1, 2 and 3 years) instead, as a soft
// target: after the first year the split is whatever last year's cohorts leave.
function splitsPublishedBand(
  agg: StaffingAggregates,
  schoolId: string,
  year: number,
  [years0to3]: readonly Part[],
): boolean {
  return (
    years0to3?.priority === PRIORITY.published &&
    agg.published(MEASURES.beginning, schoolId, year) === undefined
  );
}

function cohortSplit(years0to3: number): Part {
  const [first = 0] = apportion(years0to3, [3, 1]);
  return { key: MEASURES.beginning, pct: 0, count: first, priority: 0 };
}

// Beginning teachers (< 3 years, NC) are part of the 0–3-year band. If the two disagree, the
// better-sourced figure wins: a published beginning count raises a fallback 0–3 band (taking
// the difference from 4–10 and 11+ in proportion), else the beginning count is capped.
function fitBeginning(
  teachers: number,
  beginning: Part,
  bandParts: readonly Part[],
  [years0to3 = 0, years4to10 = 0, years11plus = 0]: number[],
  adjust: (key: string, message: string) => void,
): Bands {
  const first = Math.min(beginning.count, teachers);
  if (first <= years0to3) return [first, years0to3 - first, years4to10, years11plus];
  if (beginning.priority > (bandParts[0]?.priority ?? 0)) {
    const [mid = 0, senior = 0] = apportion(teachers - first, [years4to10, years11plus]);
    bandParts.forEach((p, i) => {
      const count = [first, mid, senior][i];
      if (p.priority === PRIORITY.published && count !== p.count) {
        adjust(p.key, `published figure gives ${p.count}, generated ${count} of ${teachers}`);
      }
    });
    return [first, 0, mid, senior];
  }
  if (beginning.priority === PRIORITY.published) {
    adjust(
      beginning.key,
      `published figure gives ${first}, above the 0–3-year band's ${years0to3}`,
    );
  }
  return [years0to3, 0, years4to10, years11plus];
}

function firmGroups(
  bands: Bands,
  beginning: Part,
  [years0to3, years4to10, years11plus]: readonly Part[],
): Array<{ bands: number[]; count: number }> {
  const isPublished = (p: Part | undefined) => p?.priority === PRIORITY.published;
  const groups: number[][] = [];
  if (isPublished(beginning)) groups.push([0], ...(isPublished(years0to3) ? [[1]] : []));
  else if (isPublished(years0to3)) groups.push([0, 1]);
  if (isPublished(years4to10)) groups.push([2]);
  if (isPublished(years11plus)) groups.push([3]);
  const rest = [0, 1, 2, 3].filter((b) => !groups.some((g) => g.includes(b)));
  if (rest.length > 0) groups.push(rest);
  return groups.map((g) => ({ bands: g, count: sum(g.map((b) => bands[b] ?? 0)) }));
}

// Ratings only where a distribution was published: at least two of the three shares (the third is
// then the remainder). Anywhere else they stay absent rather than invented.
function resolveRatings(
  agg: StaffingAggregates,
  schoolId: string,
  year: number,
  teachers: number,
  adjust: (key: string, message: string) => void,
): Record<RatingLabel, number> | null {
  const keys = [MEASURES.needsImprovement, MEASURES.effective, MEASURES.highlyEffective];
  const figures = keys.map((key) => agg.published(key, schoolId, year));
  const known = figures.filter((f) => f !== undefined);
  if (known.length < 2) {
    const only = keys.find((_, i) => figures[i] !== undefined);
    if (only) adjust(only, 'only one of the three rating shares published: ratings left absent');
    return null;
  }
  let rated = known.find((f) => f.n !== null)?.n ?? teachers;
  if (rated > teachers) {
    adjust(keys[0] ?? '', `${rated} rated teachers but ${teachers} teachers: rated ${teachers}`);
    rated = teachers;
  }
  const rest = Math.max(0, 100 - known.reduce((s, f) => s + f.value, 0));
  const parts = keys.map((key, i): Part => {
    const f = figures[i];
    if (!f) return { key, pct: rest, count: Math.round((rest / 100) * rated), priority: 0 };
    return {
      key,
      pct: f.value,
      count: Math.round((f.value / 100) * rated),
      priority: PRIORITY.published,
    };
  });
  const [ni = 0, eff = 0, he = 0] = fitParts(rated, parts, adjust);
  return { 'Needs Improvement': ni, Effective: eff, 'Highly Effective': he };
}

// One principal per school: a published share is matched as round(pct / 100 × 1). Unpublished
// years follow the principal's own career (continuity) — a median of 0s and 100s is no target.
function resolvePrincipal(
  agg: StaffingAggregates,
  schoolId: string,
  year: number,
  adjust: (key: string, message: string) => void,
): boolean | null {
  const figure = agg.published(MEASURES.principalsInexperienced, schoolId, year);
  if (!figure) return null;
  if (figure.value > 0 && figure.value < 100) {
    adjust(
      MEASURES.principalsInexperienced,
      `${figure.value}% of one principal cannot be matched: ` +
        (figure.value >= 50 ? 'modelled as inexperienced' : 'modelled as experienced'),
    );
  }
  return figure.value >= 50;
}
