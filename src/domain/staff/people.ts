// Making synthetic people: ids, names and subjects. Names are drawn from short built-in lists;
// the surnames are invented compounds so a synthetic person is not mistaken for a real one.
// Subject shares are not published in the NC files used here: the weights below are plausible,
// not calibrated. Out-of-field assignments are uniform across schools for the same reason
// (nothing published to calibrate a poverty gradient — DOMAIN.md §5 leaves "out-of-field" to be
// measured, not assumed): 3%, near the 1.8% of Wake classes not taught by a "highly qualified"
// teacher in 2016 (personnel.csv lea_highqual_class_pct 0.982), the nearest published analogue.
import type { Prng } from './prng.ts';
import type { Person } from './types.ts';

// prettier-ignore
const FIRST_NAMES = [
  'Alex', 'Avery', 'Blair', 'Cameron', 'Casey', 'Dakota', 'Drew', 'Eden', 'Elliot', 'Emerson',
  'Finley', 'Frankie', 'Harper', 'Hayden', 'Jamie', 'Jordan', 'Jules', 'Kai', 'Kendall', 'Lane',
  'Logan', 'Marlow', 'Morgan', 'Noel', 'Parker', 'Quinn', 'Reese', 'Riley', 'River', 'Robin',
  'Rowan', 'Sage', 'Sawyer', 'Shay', 'Skyler', 'Sloane', 'Tatum', 'Taylor', 'Toby', 'Wren',
];
// prettier-ignore
const SURNAME_STEMS = [
  'Amber', 'Ash', 'Birch', 'Bramble', 'Cedar', 'Clover', 'Copper', 'Elder', 'Fern', 'Fox',
  'Hazel', 'Heather', 'Juniper', 'Larch', 'Maple', 'Moss', 'Pine', 'Quill', 'Thistle', 'Willow',
];
// prettier-ignore
const SURNAME_ENDINGS = [
  'brook', 'dale', 'field', 'ford', 'gate', 'holm', 'hurst', 'ley', 'mere', 'ridge', 'shaw',
  'stead', 'thorn', 'wick', 'wood', 'worth',
];

type Weighted = ReadonlyArray<readonly [string, number]>;

const ELEMENTARY_SUBJECTS: Weighted = [
  ['Elementary (all subjects)', 62],
  ['ELA', 5],
  ['Math', 5],
  ['Science', 4],
  ['Special Education', 12],
  ['ESL', 6],
  ['Arts', 6],
];
const SECONDARY_SUBJECTS: Weighted = [
  ['ELA', 16],
  ['Math', 16],
  ['Science', 13],
  ['Social Studies', 12],
  ['World Languages', 6],
  ['Special Education', 11],
  ['ESL', 4],
  ['Arts', 7],
  ['Physical Education', 6],
  ['Career and Technical Education', 9],
];

/** Subjects whose teachers receive an NC EVAAS rating from state tests. */
export const TESTED_SUBJECTS: ReadonlySet<string> = new Set([
  'Elementary (all subjects)',
  'ELA',
  'Math',
  'Science',
]);

const OUT_OF_FIELD_SHARE = 0.03;

export type LevelGroup = 'elementary' | 'secondary';

export function levelGroup(level: string): LevelGroup {
  return level === 'elementary' ? 'elementary' : 'secondary';
}

export class PeopleFactory {
  private count = 0;
  readonly created: Person[] = [];

  constructor(private readonly prng: Prng) {}

  create(experience: number): Person {
    this.count += 1;
    const person: Person = {
      id: `SYN-${String(this.count).padStart(6, '0')}`,
      firstName: this.prng.pick(FIRST_NAMES),
      lastName: this.prng.pick(SURNAME_STEMS) + this.prng.pick(SURNAME_ENDINGS),
      experience,
      subject: null,
      isInField: null,
      subjectGroup: null,
      credential: null,
      credentialYears: 0,
      spans: [],
    };
    this.created.push(person);
    return person;
  }

  /** Gives a teacher a subject for the school's level; kept while the level group is the same. */
  fitSubject(person: Person, group: LevelGroup): void {
    if (person.subjectGroup === group) return;
    const subjects = group === 'elementary' ? ELEMENTARY_SUBJECTS : SECONDARY_SUBJECTS;
    person.subject = pickWeighted(this.prng, subjects);
    person.isInField = this.prng.next() >= OUT_OF_FIELD_SHARE;
    person.subjectGroup = group;
  }
}

function pickWeighted(prng: Prng, items: Weighted): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let at = prng.next() * total;
  for (const [item, weight] of items) {
    at -= weight;
    if (at < 0) return item;
  }
  return items[items.length - 1]?.[0] ?? '';
}
