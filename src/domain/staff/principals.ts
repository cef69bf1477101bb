// One principal per school per year. A principal's years_experience is years as a principal,
// the basis of the published measure ("fewer than 3 years as principal", catalogue
// pct_principals_inexperienced). Where the school's share is published the principal matches it;
// elsewhere the principal's own career decides: most stay, some move to another school's
// vacancy, vacancies go to movers or to newly appointed principals.
import type { YearContext } from './roster.ts';
import type { SchoolYearTargets } from './targets.ts';
import type { Person } from './types.ts';

// Wake County, 2016 (data/demo/nc-wake/2016/personnel.csv, row 920LEA): one-year principal
// turnover 8.2% (_1yr_prin_trnovr_pct), principals with 0–3 years 35.5% (prinyrs_0thru3_pct).
const STAY_SHARE = 0.918;
const FIRST_YEAR_INEXPERIENCED_SHARE = 0.355;
// Of the unpublished vacancies, the share given to a principal moving from another school
// rather than to a newly appointed one. An assumption.
const MOVER_SHARE = 0.5;

export type Principals = Map<string, Person>;

const isInexperienced = (p: Person) => p.experience < 3;
const fits = (p: Person, want: boolean | null) => want === null || isInexperienced(p) === want;

export function nextPrincipals(
  previous: Principals | null,
  targets: Map<string, SchoolYearTargets>,
  gap: number,
  ctx: YearContext,
): Principals {
  const { prng } = ctx;
  const kept = new Map<string, Person>();
  const pool: Array<{ person: Person; from: string }> = [];
  for (const [schoolId, person] of previous ?? []) {
    person.experience += gap;
    const target = targets.get(schoolId);
    const isStaying =
      target !== undefined &&
      target.teachers > 0 &&
      prng.next() < STAY_SHARE &&
      fits(person, target.principalInexperienced);
    if (isStaying) kept.set(schoolId, person);
    else pool.push({ person, from: schoolId });
  }
  prng.shuffle(pool);
  const vacant = [...targets].filter(([id, t]) => t.teachers > 0 && !kept.has(id));
  for (const [schoolId, target] of prng.shuffle(vacant)) {
    const want = target.principalInexperienced;
    const takesMover = want !== null || previous === null || prng.next() < MOVER_SHARE;
    const at = takesMover ? pool.findIndex((c) => c.from !== schoolId && fits(c.person, want)) : -1;
    const mover = at >= 0 ? pool.splice(at, 1)[0]?.person : undefined;
    kept.set(
      schoolId,
      mover ?? ctx.people.create(appointedExperience(want, previous === null, ctx)),
    );
  }
  // In school order, so the rows come out in a stable order.
  const next: Principals = new Map();
  for (const schoolId of targets.keys()) {
    const person = kept.get(schoolId);
    if (person) next.set(schoolId, person);
  }
  return next;
}

// A new appointment is a first-year principal unless the school must have an experienced one
// (then hired from outside the district). In the first modelled year principals are already in
// post, so their experience is drawn: the published flag where there is one, else Wake's mix.
function appointedExperience(want: boolean | null, isFirstYear: boolean, ctx: YearContext): number {
  const inexperienced =
    want ?? (isFirstYear ? ctx.prng.next() < FIRST_YEAR_INEXPERIENCED_SHARE : true);
  if (!inexperienced) return ctx.prng.between(3, 15);
  return isFirstYear ? ctx.prng.between(0, 2) : 0;
}
