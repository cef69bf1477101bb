// Retention by effectiveness (DOMAIN.md §5; issue 5): for each rating level, the share of staff
// who stayed in their school, moved to another school in the district, or left, from one school
// year to the next — split by the poverty quartile of the school they started in. DCPS reported it
// as "we kept 89% of our high performers and 61% of our low performers": describeRetention()
// makes that sentence.
//
// Rules:
// - A person-year's school is their main assignment: the largest FTE, then the lowest school id.
// - stayed: an assignment at the same school next year; moved: assignments next year, none at
//   that school; left: no assignment next year. "Kept" (DCPS's sense) = stayed + moved.
// - A year is only followed when the records hold the next year at all; the last year is not
//   "everyone left".
// - The rating is the person's rating in the start year; people with no rating are counted apart.
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import type { Quartile } from './quartiles.ts';
import { formatShare, shareOf, type Share } from './shares.ts';

export interface AssignmentRecord {
  staffId: string;
  schoolId: string;
  year: number;
  rating: string | null;
  fte?: number | null;
}

export type RetentionOutcome = 'stayed' | 'moved' | 'left';

export interface Transition {
  staffId: string;
  fromYear: number;
  schoolId: string;
  rating: string | null;
  outcome: RetentionOutcome;
}

export interface RetentionCell {
  rating: string;
  /** The starting school's poverty quartile, or 'all'. */
  quartile: Quartile | 'all';
  n: number;
  stayed: Share;
  moved: Share;
  left: Share;
  kept: Share;
}

export interface RetentionResult {
  years: { from: number; to: number }[];
  minimumN: number;
  cells: RetentionCell[];
  /** Transitions of people with no rating in the start year. */
  unrated: number;
  transitions: Transition[];
}

interface PersonYear {
  main: AssignmentRecord;
  rating: string | null;
  /** Schools beyond the main one, when a person holds several assignments in the year. */
  others: string[] | null;
}

/** Each person's year-to-year outcome, in year order, then in the order people first appear. */
export function classifyTransitions(assignments: readonly AssignmentRecord[]): Transition[] {
  const years = new Map<number, Map<string, PersonYear>>();
  for (const a of assignments) {
    let people = years.get(a.year);
    if (!people) years.set(a.year, (people = new Map()));
    const current = people.get(a.staffId);
    if (!current) {
      people.set(a.staffId, { main: a, rating: a.rating, others: null });
      continue;
    }
    const fte = a.fte ?? 1;
    const mainFte = current.main.fte ?? 1;
    const replaces = fte > mainFte || (fte === mainFte && a.schoolId < current.main.schoolId);
    (current.others ??= []).push(replaces ? current.main.schoolId : a.schoolId);
    if (replaces) current.main = a;
    // The year's rating, from whichever record carries it.
    current.rating ??= a.rating;
  }
  const transitions: Transition[] = [];
  for (const year of [...years.keys()].sort((x, y) => x - y)) {
    const next = years.get(year + 1);
    if (!next) continue;
    for (const [staffId, person] of years.get(year) ?? []) {
      const later = next.get(staffId);
      const schoolId = person.main.schoolId;
      const outcome: RetentionOutcome = !later
        ? 'left'
        : later.main.schoolId === schoolId || later.others?.includes(schoolId) === true
          ? 'stayed'
          : 'moved';
      transitions.push({ staffId, fromYear: year, schoolId, rating: person.rating, outcome });
    }
  }
  return transitions;
}

export function computeRetention(input: {
  assignments: readonly AssignmentRecord[];
  /** The poverty quartile of each school (of the start year's ranking). */
  schoolQuartiles?: ReadonlyMap<string, Quartile>;
  /** Rating levels in the order to report them; others found are appended. */
  levels?: readonly string[];
  minimumN?: number;
  /** Only transitions that start in these schools (a principal's own school); others ignored. */
  fromSchools?: ReadonlySet<string>;
}): RetentionResult {
  const minimumN = input.minimumN ?? DEFAULT_MINIMUM_N;
  // Classified over every assignment first, so a move out of a kept school is still a move.
  const transitions = classifyTransitions(input.assignments).filter(
    (t) => input.fromSchools?.has(t.schoolId) ?? true,
  );
  type Counts = Record<RetentionOutcome, number>;
  // rating → quartile ('all' too) → outcomes
  const counts = new Map<string, Map<Quartile | 'all', Counts>>();
  const levels = [...(input.levels ?? [])];
  let unrated = 0;
  const tally = (
    byQuartile: Map<Quartile | 'all', Counts>,
    key: Quartile | 'all',
    outcome: RetentionOutcome,
  ) => {
    let row = byQuartile.get(key);
    if (!row) byQuartile.set(key, (row = { stayed: 0, moved: 0, left: 0 }));
    row[outcome] += 1;
  };
  for (const t of transitions) {
    if (t.rating === null) {
      unrated += 1;
      continue;
    }
    let byQuartile = counts.get(t.rating);
    if (!byQuartile) {
      counts.set(t.rating, (byQuartile = new Map()));
      if (!levels.includes(t.rating)) levels.push(t.rating);
    }
    tally(byQuartile, 'all', t.outcome);
    const quartile = input.schoolQuartiles?.get(t.schoolId);
    if (quartile !== undefined) tally(byQuartile, quartile, t.outcome);
  }
  const cells: RetentionCell[] = [];
  for (const rating of levels) {
    for (const quartile of ['all', 1, 2, 3, 4] as const) {
      const row = counts.get(rating)?.get(quartile);
      if (!row && quartile !== 'all') continue;
      const { stayed, moved, left } = row ?? { stayed: 0, moved: 0, left: 0 };
      const n = stayed + moved + left;
      cells.push({
        rating,
        quartile,
        n,
        stayed: shareOf(stayed, n, minimumN),
        moved: shareOf(moved, n, minimumN),
        left: shareOf(left, n, minimumN),
        kept: shareOf(stayed + moved, n, minimumN),
      });
    }
  }
  const fromYears = [...new Set(transitions.map((t) => t.fromYear))].sort((a, b) => a - b);
  return {
    years: fromYears.map((from) => ({ from, to: from + 1 })),
    minimumN,
    cells,
    unrated,
    transitions,
  };
}

/**
 * "From 2018 to 2019 we kept 89% of our high performers (Highly Effective; 412 teachers) and 61%
 * of our low performers (Needs Improvement; 88 teachers)." Kept = still in the district unless
 * `basis: 'school'` (still in the same school).
 */
export function describeRetention(
  result: RetentionResult,
  groups: {
    high: readonly string[];
    low: readonly string[];
    basis?: 'district' | 'school';
    quartile?: Quartile | 'all';
    people?: string;
  },
): string {
  const quartile = groups.quartile ?? 'all';
  const people = groups.people ?? 'teachers';
  const pooled = (levels: readonly string[]) => {
    const wanted = new Set(levels.map((l) => l.trim().toLowerCase()));
    let kept = 0;
    let n = 0;
    for (const cell of result.cells) {
      if (cell.quartile !== quartile || !wanted.has(cell.rating.trim().toLowerCase())) continue;
      kept += groups.basis === 'school' ? cell.stayed.count : cell.kept.count;
      n += cell.n;
    }
    return shareOf(kept, n, result.minimumN);
  };
  const high = pooled(groups.high);
  const low = pooled(groups.low);
  const detail = (levels: readonly string[], share: Share) =>
    `${levels.join(' or ')}; ${share.n} ${people}`;
  const kept = (share: Share, levels: readonly string[], who: string) =>
    `${formatShare(share)} of our ${who} (${detail(levels, share)})`;
  const hidden = (share: Share, levels: readonly string[], who: string) =>
    `the share for ${who} is not shown (${detail(levels, share)}, fewer than ${result.minimumN})`;
  const first = result.years[0];
  const last = result.years[result.years.length - 1];
  const span =
    !first || !last
      ? ''
      : first === last
        ? `from ${first.from} to ${first.to}, `
        : `each year from ${first.from} to ${last.to}, `;
  const scope =
    quartile === 'all' ? '' : `in quartile-${quartile} poverty schools (4 = highest poverty), `;
  const where = groups.basis === 'school' ? ' in the same school' : '';
  const highShown = high.status === 'reported';
  const lowShown = low.status === 'reported';
  let body: string;
  if (highShown && lowShown) {
    body = `we kept${where} ${kept(high, groups.high, 'high performers')} and ${kept(low, groups.low, 'low performers')}`;
  } else if (highShown) {
    body = `we kept${where} ${kept(high, groups.high, 'high performers')}; ${hidden(low, groups.low, 'low performers')}`;
  } else if (lowShown) {
    body = `we kept${where} ${kept(low, groups.low, 'low performers')}; ${hidden(high, groups.high, 'high performers')}`;
  } else {
    body = `${hidden(high, groups.high, 'high performers')}, and ${hidden(low, groups.low, 'low performers')}`;
  }
  const sentence = `${scope}${span}${body}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
