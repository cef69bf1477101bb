// The teacher workforce from one year to the next. Each school keeps as many of last year's
// teachers as its experience-band targets allow and its turnover rate asks; the rest leave the
// school, some of them moving to another school's vacancy in the same band, the others leaving
// the district. Vacancies left over are filled by new hires: new teachers (0 years) for the
// beginning band, experienced teachers from outside the district for the others.
import type { LevelGroup, PeopleFactory } from './people.ts';
import type { Prng } from './prng.ts';
import { apportion } from './fit.ts';
import type { SchoolYearTargets } from './targets.ts';
import type { Notes, Person } from './types.ts';

// Of the teachers who leave a school, the share who take a post at another school in the
// district. An assumption: the NC files count turnover without separating movers from leavers.
const MOVER_SHARE = 0.3;

export type Rosters = Map<string, Person[]>;

export interface YearContext {
  year: number;
  prng: Prng;
  people: PeopleFactory;
  groupOf: (schoolId: string) => LevelGroup;
  notes: Notes;
}

/** Experience band: 0 = 0–2 years (NC beginning teacher), 1 = 3 years, 2 = 4–10, 3 = 11+. */
export function bandOf(years: number): 0 | 1 | 2 | 3 {
  return years < 3 ? 0 : years === 3 ? 1 : years <= 10 ? 2 : 3;
}

// A teacher hired into a band. In the first modelled year the beginning band holds teachers in
// their first, second and third year; afterwards it is filled by new teachers (0 years), since
// those with 1–2 years are last year's hires. 11+ years tails off with a mean of about 18 years.
function hireExperience(band: number, isFirstYear: boolean, prng: Prng): number {
  if (band === 0) return isFirstYear ? prng.between(0, 2) : 0;
  if (band === 1) return 3;
  if (band === 2) return prng.between(4, 10);
  return Math.min(40, 11 + Math.floor(-Math.log(1 - prng.next()) * 7));
}

export function firstRosters(targets: Map<string, SchoolYearTargets>, ctx: YearContext): Rosters {
  const rosters: Rosters = new Map();
  for (const [schoolId, target] of targets) {
    rosters.set(schoolId, []);
    hire(rosters, schoolId, [...target.bands], true, ctx);
  }
  return rosters;
}

export function nextRosters(
  previous: Rosters,
  targets: Map<string, SchoolYearTargets>,
  gap: number,
  lookahead: { targets: Map<string, SchoolYearTargets>; gap: number } | null,
  ctx: YearContext,
): Rosters {
  const kept = new Map<string, Person[]>();
  const open = new Map<string, number[]>();
  const movers: Array<{ person: Person; from: string }> = [];
  for (const [schoolId, incumbents] of previous) {
    for (const person of incumbents) person.experience += gap;
    const target = targets.get(schoolId);
    if (!target) {
      // The school has no figures this year (closed or not reported): its teachers move.
      for (const person of incumbents) movers.push({ person, from: schoolId });
      continue;
    }
    const nextTarget = lookahead?.targets.get(schoolId);
    const ahead = lookahead && nextTarget ? { target: nextTarget, gap: lookahead.gap } : null;
    const {
      stayers,
      leavers,
      open: slots,
    } = chooseStayers(incumbents, target, ahead, schoolId, ctx);
    kept.set(schoolId, stayers);
    open.set(schoolId, slots);
    for (const person of leavers) {
      if (ctx.prng.next() < MOVER_SHARE) movers.push({ person, from: schoolId });
    }
  }
  const rosters: Rosters = new Map();
  for (const [schoolId, target] of targets) {
    rosters.set(schoolId, kept.get(schoolId) ?? []);
    if (!open.has(schoolId)) open.set(schoolId, [...target.bands]);
  }
  placeMovers(movers, rosters, open, ctx);
  for (const [schoolId, slots] of open) hire(rosters, schoolId, slots, false, ctx);
  return rosters;
}

// Published band totals decide who must go (a group of bands over its total loses the excess,
// from the band furthest over its own target); the turnover rate decides how many more go. NC's
// one-year turnover is the share of a school's teachers no longer at that school a year later.
// Extra leavers are chosen to need the fewest forced departures later: first those who would
// take next year's published band totals over (a teacher with 10 years joins 11+ next year),
// then those in bands over this year's own targets, then anyone.
function chooseStayers(
  incumbents: readonly Person[],
  target: SchoolYearTargets,
  ahead: Ahead | null,
  schoolId: string,
  ctx: YearContext,
) {
  const byBand: Person[][] = [[], [], [], []];
  for (const p of ctx.prng.shuffle([...incumbents])) byBand[bandOf(p.experience)]?.push(p);
  const size = (b: number) => byBand[b]?.length ?? 0;
  const over = (b: number) => size(b) - (target.bands[b] ?? 0);
  const leavers: Person[] = [];
  const leaveFrom = (bands: readonly number[]) => {
    const nonEmpty = bands.filter((b) => size(b) > 0);
    const band = nonEmpty.reduce((best, b) => (over(b) > over(best) ? b : best), nonEmpty[0] ?? 0);
    const person = byBand[band]?.pop();
    if (person) leavers.push(person);
  };
  for (const group of target.firmBands) {
    const excess = group.bands.reduce((s, b) => s + size(b), 0) - group.count;
    for (let k = 0; k < excess; k++) leaveFrom(group.bands);
  }
  const wanted = Math.round(((target.turnoverPct ?? 0) / 100) * incumbents.length);
  if (leavers.length > wanted && target.turnoverPct !== null) {
    ctx.notes.adjustments.push({
      schoolId,
      schoolYear: ctx.year,
      measureKey: 'pct_teacher_turnover',
      message:
        `experience figures need ${leavers.length} of ${incumbents.length} teachers to leave; ` +
        `turnover gives ${wanted}`,
    });
  }
  if (ahead && leavers.length < wanted) leaveAhead(byBand, leavers, wanted, ahead, ctx);
  while (leavers.length < wanted && byBand.some((g) => g.length > 0)) {
    if (ALL_BANDS.some((b) => over(b) > 0)) leaveFrom(ALL_BANDS);
    else leaveFrom([randomBand(byBand, ctx)]);
  }
  return { stayers: byBand.flat(), leavers, open: openings(byBand, target) };
}

/** Next year's targets for the school, to look one year ahead when choosing who leaves. */
export interface Ahead {
  target: SchoolYearTargets;
  gap: number;
}

function leaveAhead(
  byBand: Person[][],
  leavers: Person[],
  wanted: number,
  ahead: Ahead,
  ctx: YearContext,
): void {
  const groups = ahead.target.firmBands;
  const groupOfBand = ALL_BANDS.map((b) => groups.findIndex((g) => g.bands.includes(b)));
  const nextGroup = (p: Person) => groupOfBand[bandOf(p.experience + ahead.gap)] ?? -1;
  const excess = groups.map((g) => -g.count);
  for (const group of byBand) {
    for (const p of group) excess[nextGroup(p)] = (excess[nextGroup(p)] ?? 0) + 1;
  }
  if (!excess.some((e) => e > 0)) return;
  const gone = new Set<Person>();
  for (const p of ctx.prng.shuffle(byBand.flat())) {
    if (leavers.length >= wanted) break;
    const g = nextGroup(p);
    if ((excess[g] ?? 0) <= 0) continue;
    excess[g] = (excess[g] ?? 0) - 1;
    gone.add(p);
    leavers.push(p);
  }
  byBand.forEach((group, b) => (byBand[b] = group.filter((p) => !gone.has(p))));
}

const ALL_BANDS = [0, 1, 2, 3] as const;

// A band chosen in proportion to its size: a teacher picked uniformly at random.
function randomBand(byBand: Person[][], ctx: YearContext): number {
  let at = ctx.prng.int(byBand.reduce((s, g) => s + g.length, 0));
  for (const [band, group] of byBand.entries()) {
    if (at < group.length) return band;
    at -= group.length;
  }
  return 0;
}

// The vacancies per band: each published group is filled back to its total, first where its bands
// are short of their own targets, the rest in proportion to those targets.
function openings(byBand: Person[][], target: SchoolYearTargets): number[] {
  const open = [0, 0, 0, 0];
  for (const group of target.firmBands) {
    const vacancies = group.count - group.bands.reduce((s, b) => s + (byBand[b]?.length ?? 0), 0);
    const short = group.bands.map((b) =>
      Math.max(0, (target.bands[b] ?? 0) - (byBand[b]?.length ?? 0)),
    );
    const shortTotal = short.reduce((s, v) => s + v, 0);
    const first = shortTotal >= vacancies ? apportion(vacancies, short) : short;
    const rest = apportion(
      Math.max(0, vacancies - shortTotal),
      group.bands.map((b) => target.bands[b] ?? 0),
    );
    group.bands.forEach((b, i) => (open[b] = (first[i] ?? 0) + (rest[i] ?? 0)));
    // Where the 0–2 and 3-year bands share a total, openings go to new teachers: the 3-year
    // band fills by last year's cohort aging, not by hiring 3-year teachers every year to meet
    // a soft target (which piles a double cohort into 4–10 the year after).
    if (group.bands.includes(0) && group.bands.includes(1)) {
      open[0] = (open[0] ?? 0) + (open[1] ?? 0);
      open[1] = 0;
    }
  }
  return open;
}

// Each mover takes a random vacancy in their own band at another school; a mover with no such
// vacancy leaves the district.
function placeMovers(
  movers: Array<{ person: Person; from: string }>,
  rosters: Rosters,
  open: Map<string, number[]>,
  ctx: YearContext,
): void {
  const openByBand: string[][] = [[], [], [], []];
  for (const [schoolId, slots] of open) {
    slots.forEach((count, band) => {
      if (count > 0) openByBand[band]?.push(schoolId);
    });
  }
  for (const { person, from } of ctx.prng.shuffle(movers)) {
    const band = bandOf(person.experience);
    const list = openByBand[band] ?? [];
    if (list.length === 0) continue;
    let at = ctx.prng.int(list.length);
    if (list[at] === from) {
      if (list.length === 1) continue;
      at = (at + 1) % list.length;
    }
    const schoolId = list[at] ?? '';
    const slots = open.get(schoolId) ?? [];
    rosters.get(schoolId)?.push(person);
    ctx.people.fitSubject(person, ctx.groupOf(schoolId));
    slots[band] = (slots[band] ?? 0) - 1;
    if (slots[band] === 0) {
      list[at] = list[list.length - 1] ?? schoolId;
      list.pop();
    }
  }
}

function hire(
  rosters: Rosters,
  schoolId: string,
  slots: number[],
  isFirstYear: boolean,
  ctx: YearContext,
): void {
  const roster = rosters.get(schoolId) ?? [];
  slots.forEach((count, band) => {
    for (let k = 0; k < count; k++) {
      const person = ctx.people.create(hireExperience(band, isFirstYear, ctx.prng));
      ctx.people.fitSubject(person, ctx.groupOf(schoolId));
      roster.push(person);
    }
    slots[band] = 0;
  });
  rosters.set(schoolId, roster);
}
