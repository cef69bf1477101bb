// Ranking schools by a share (% low-income, % minority) into quartiles, for the ESSA equity
// comparison of the highest- with the lowest-quartile schools (DOMAIN.md §5).
//
// Method (default 'schools'): quartiles *of schools*, as the law's report-card item reads them —
// "high-poverty compared to low-poverty schools", i.e. the top and bottom quartiles of schools by
// poverty (ESSA §1111(h)(1)(C)(ix); ED State and Local Report Card Guidance; the same "highest
// quartile of schools in a ranking" as 20 U.S.C. §1021(11)). Schools are sorted by share; with N
// ranked schools and k = ⌈N/4⌉, the low cut is the k-th lowest share and the high cut the k-th
// highest. A school is in the lowest quartile when its share ≤ the low cut and in the highest
// when its share ≥ the high cut.
//
// Ties are kept together: every school sharing the cut value goes to the same side, so a quartile
// can hold more than a quarter of the schools (the counts are reported). The rule depends only on
// a school's share and the cut points, so the cut points of one universe (the state) can be
// applied to any school (the district's) and give the same answer — that is how a district's
// schools are placed in statewide quartiles.
//
// Method 'students': the cuts are instead the shares of the schools holding the 25th and 75th
// percentile *student*, so each extreme quartile serves about a quarter of the students. Offered
// because large schools otherwise dominate one end; not the ESSA default.
//
// A publisher's own classification (NC DPI's rcd_eq HIGH / LOW / NEITHER) is taken as given with
// groupsFromClassification(): it is DPI's, and it does not follow quartiles of rcd_acc_eds.pct_eds.
import { badRequest } from '../shared/errors.ts';

export type Quartile = 1 | 2 | 3 | 4;
export type QuartileMethod = 'schools' | 'students';
/** Which end of the ranking a school is at: 'high' = highest share (quartile 4). */
export type ComparisonGroup = 'high' | 'low' | 'middle';

export interface RankableSchool {
  schoolId: string;
  /** The share on any consistent scale (0–100 or 0–1); null when unknown or suppressed. */
  share: number | null;
  /** Students enrolled; needed only for the 'students' method. */
  students?: number | null;
}

export interface QuartileCuts {
  method: QuartileMethod;
  /** Highest share in the lowest quartile. */
  lowMax: number;
  /** Highest share in the lower half. */
  medianMax: number;
  /** Lowest share in the highest quartile. */
  highMin: number;
  /** Schools ranked to make the cuts. */
  rankedSchools: number;
}

export interface SchoolGroups {
  /** Every classified school: its comparison group, and its quartile where quartiles were used. */
  groups: Map<string, { group: ComparisonGroup; quartile: Quartile | null }>;
  cuts: QuartileCuts | null;
  /** Schools that could not be placed (no share, or no students under the 'students' method). */
  unranked: string[];
  explanation: string[];
}

const isUsable = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value);

/** Cut points from a universe of schools (the district's, or the whole state's). */
export function computeQuartileCuts(
  schools: readonly RankableSchool[],
  method: QuartileMethod = 'schools',
): QuartileCuts {
  const ranked = schools
    .filter((s) => isUsable(s.share) && (method === 'schools' || isUsable(s.students)))
    .map((s) => ({ share: s.share ?? 0, students: s.students ?? 0 }))
    .sort((a, b) => a.share - b.share);
  const n = ranked.length;
  if (n < 4) {
    throw badRequest(`Quartiles need at least 4 schools with a known share; ${n} have one.`);
  }
  const shareAt = (index: number) => ranked[Math.min(Math.max(index, 0), n - 1)]?.share ?? 0;
  if (method === 'schools') {
    const k = Math.ceil(n / 4);
    return {
      method,
      lowMax: shareAt(k - 1),
      medianMax: shareAt(Math.ceil(n / 2) - 1),
      highMin: shareAt(n - k),
      rankedSchools: n,
    };
  }
  const total = ranked.reduce((sum, s) => sum + Math.max(s.students, 0), 0);
  if (total <= 0) throw badRequest('The students method needs enrollment for the schools.');
  // The school that holds the student at the given position of the cumulative enrolment.
  const schoolHolding = (position: number, strictlyAbove: boolean): number => {
    let cumulative = 0;
    for (const [index, s] of ranked.entries()) {
      cumulative += Math.max(s.students, 0);
      if (strictlyAbove ? cumulative > position : cumulative >= position) return index;
    }
    return n - 1;
  };
  return {
    method,
    lowMax: shareAt(schoolHolding(total / 4, false)),
    medianMax: shareAt(schoolHolding(total / 2, false)),
    highMin: shareAt(schoolHolding((3 * total) / 4, true)),
    rankedSchools: n,
  };
}

/**
 * A share's quartile under given cut points. When the cuts collide (lowMax ≥ highMin: so many
 * schools tie that the share cannot tell the top quarter from the bottom), a school at the tied
 * value is in neither extreme: it is placed in quartile 2 and assignQuartiles() warns.
 */
export function quartileOf(share: number, cuts: QuartileCuts): Quartile {
  const isLow = share <= cuts.lowMax;
  const isHigh = share >= cuts.highMin;
  if (isLow && isHigh) return 2;
  if (isLow) return 1;
  if (isHigh) return 4;
  return share <= cuts.medianMax ? 2 : 3;
}

export function groupOfQuartile(quartile: Quartile): ComparisonGroup {
  return quartile === 4 ? 'high' : quartile === 1 ? 'low' : 'middle';
}

/**
 * Places schools in quartiles. With `cuts` given (e.g. the state's), they are applied as they
 * are; otherwise they are computed from `schools` themselves.
 */
export function assignQuartiles(
  schools: readonly RankableSchool[],
  options: { method?: QuartileMethod; cuts?: QuartileCuts; shareLabel?: string } = {},
): SchoolGroups {
  const method = options.cuts?.method ?? options.method ?? 'schools';
  const cuts = options.cuts ?? computeQuartileCuts(schools, method);
  const label = options.shareLabel ?? 'share';
  const groups: SchoolGroups['groups'] = new Map();
  const unranked: string[] = [];
  const counts = [0, 0, 0, 0];
  for (const school of schools) {
    if (!isUsable(school.share)) {
      unranked.push(school.schoolId);
      continue;
    }
    const quartile = quartileOf(school.share, cuts);
    counts[quartile - 1] = (counts[quartile - 1] ?? 0) + 1;
    groups.set(school.schoolId, { group: groupOfQuartile(quartile), quartile });
  }
  const basis =
    cuts.method === 'schools'
      ? 'quartiles of schools (each extreme holds the quarter of schools at that end)'
      : 'quartiles of students (each extreme serves about a quarter of the students)';
  const explanation = [
    `Schools were ranked by ${label} and split into ${basis}, from ${cuts.rankedSchools} ranked schools.`,
    `Highest quartile: ${label} of ${cuts.highMin} or more (${counts[3]} schools). ` +
      `Lowest quartile: ${cuts.lowMax} or less (${counts[0]} schools).`,
    'Schools tied at a cut point are kept together, so a quartile can hold more than a quarter.',
  ];
  if (cuts.lowMax >= cuts.highMin) {
    explanation.push(
      `Warning: so many schools share the value ${cuts.highMin} that the highest and lowest ` +
        'quartiles cannot be told apart; schools at that value are counted in neither.',
    );
  }
  if (unranked.length > 0) {
    explanation.push(`${unranked.length} schools have no known ${label} and are not ranked.`);
  }
  return { groups, cuts, unranked, explanation };
}

/**
 * A publisher's own classification (NC DPI rcd_eq: HIGH / LOW / NEITHER), used as given.
 * Labels not listed as high or low count as 'middle'; a missing label leaves the school unranked.
 */
export function groupsFromClassification(
  rows: readonly { schoolId: string; label: string | null }[],
  labels: { high: readonly string[]; low: readonly string[]; source: string },
): SchoolGroups {
  const groups: SchoolGroups['groups'] = new Map();
  const unranked: string[] = [];
  for (const row of rows) {
    const label = row.label?.trim() ?? '';
    if (label === '') unranked.push(row.schoolId);
    else if (labels.high.includes(label))
      groups.set(row.schoolId, { group: 'high', quartile: null });
    else if (labels.low.includes(label)) groups.set(row.schoolId, { group: 'low', quartile: null });
    else groups.set(row.schoolId, { group: 'middle', quartile: null });
  }
  const explanation = [
    `Schools are grouped as the publisher classified them (${labels.source}): ` +
      `${labels.high.join('/')} against ${labels.low.join('/')}.`,
  ];
  if (unranked.length > 0) {
    explanation.push(`${unranked.length} schools carry no classification and are left out.`);
  }
  return { groups, cuts: null, unranked, explanation };
}
