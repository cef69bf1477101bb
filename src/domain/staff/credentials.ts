// Licence status and evaluation ratings for a school's teachers in one year.
//
// Licence status is one of full, provisional, lateral_entry or other, and they are disjoint (the
// counts come from targets.ts, which explains how NC's shares map onto them). Who holds which
// status is chosen for continuity: a lateral-entry teacher keeps that licence for up to three
// years (NC issued lateral-entry licences for up to three years), a provisional licence lasts one
// year here (an assumption), new teachers take the non-full statuses before anyone else, and a
// full licence is withdrawn only if the counts leave no other choice.
import { TESTED_SUBJECTS } from './people.ts';
import type { Prng } from './prng.ts';
import type { CredentialStatus, Person, RatingLabel, SyntheticCredentialRow } from './types.ts';

const LATERAL_ENTRY_YEARS = 3;
const PROVISIONAL_YEARS = 1;

// Longest a teacher keeps a non-full status while the counts still need someone in it.
const MAX_YEARS: Record<Exclude<CredentialStatus, 'full'>, number> = {
  lateral_entry: LATERAL_ENTRY_YEARS,
  provisional: PROVISIONAL_YEARS,
  other: Infinity,
};

export function assignCredentials(
  roster: readonly Person[],
  counts: Record<CredentialStatus, number>,
  year: number,
  prng: Prng,
): void {
  let pool = prng.shuffle([...roster]);
  const chosen = new Map<Person, CredentialStatus>();
  for (const status of ['lateral_entry', 'provisional', 'other'] as const) {
    const taken = takeFirst(pool, counts[status], (p) => {
      if (p.credential === status && p.credentialYears < MAX_YEARS[status]) return 0;
      if (p.credential === null) return p.experience <= 2 ? 1 : 2;
      return p.credential === 'full' ? 4 : 3;
    });
    for (const person of taken) chosen.set(person, status);
    if (taken.size > 0) pool = pool.filter((p) => !taken.has(p));
  }
  for (const person of roster) setStatus(person, chosen.get(person) ?? 'full', year);
}

// The k people with the lowest rank; the pool is already shuffled, and the sort is stable, so
// ties are broken at random.
function takeFirst(pool: Person[], k: number, rank: (p: Person) => number): Set<Person> {
  if (k <= 0) return new Set();
  const ranked = pool.map((person) => ({ person, rank: rank(person) }));
  ranked.sort((a, b) => a.rank - b.rank);
  return new Set(ranked.slice(0, k).map((r) => r.person));
}

function setStatus(person: Person, status: CredentialStatus, year: number): void {
  const last = person.spans[person.spans.length - 1];
  if (person.credential === status && last) {
    person.credentialYears += 1;
    last.toYear = year;
    return;
  }
  person.credential = status;
  person.credentialYears = 1;
  person.spans.push({ status, fromYear: year, toYear: year, subject: person.subject });
}

/**
 * One credential row per span of years in one status. School year Y runs from 1 July of Y−1 to
 * 30 June of Y (NC DPI's report-card year is the spring year); a span still held in the last
 * modelled year has no expiry, as nothing in the data ends it.
 */
export function credentialRows(
  people: readonly Person[],
  lastYear: number,
  districtId: string,
  batchId: string | null,
): SyntheticCredentialRow[] {
  return people.flatMap((person) =>
    person.spans.map((span, i) => ({
      district_id: districtId,
      staff_id: person.id,
      credential_id: `${person.id}-${i + 1}`,
      status: span.status,
      subject: span.subject,
      issued_on: `${span.fromYear - 1}-07-01`,
      expires_on: span.toYear >= lastYear ? null : `${span.toYear}-06-30`,
      batch_id: batchId,
    })),
  );
}

const RATINGS: readonly RatingLabel[] = ['Needs Improvement', 'Effective', 'Highly Effective'];

/**
 * Picks the rated teachers (those in tested subjects first: EVAAS ratings come from state tests)
 * and gives them the published counts of each rating. Who gets which rating is uniform at random:
 * nothing published ties ratings to experience or licence, so the model does not either.
 */
export function rateTeachers(
  roster: readonly Person[],
  counts: Record<RatingLabel, number> | null,
  prng: Prng,
): Array<{ person: Person; rating: RatingLabel }> {
  if (!counts) return [];
  const total = RATINGS.reduce((s, r) => s + counts[r], 0);
  const candidates = prng.shuffle([...roster]);
  const tested = (p: Person) => (p.subject !== null && TESTED_SUBJECTS.has(p.subject) ? 0 : 1);
  candidates.sort((a, b) => tested(a) - tested(b));
  const rated = prng.shuffle(candidates.slice(0, total));
  const out: Array<{ person: Person; rating: RatingLabel }> = [];
  let at = 0;
  for (const rating of RATINGS) {
    for (let k = 0; k < counts[rating]; k++) {
      const person = rated[at++];
      if (person) out.push({ person, rating });
    }
  }
  return out;
}
