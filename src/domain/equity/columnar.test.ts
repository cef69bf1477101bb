// The columnar path against the object path (issue 5 "Speed"): on random staff records — odd
// ratings, unknown experience, licences and in-field, multiple assignments, FTE, movers and
// leavers — staffingFromColumns() equals staffingFromRecords(), and the report built from columns
// equals computeEquityReport() fed by the object code, for every preset and both count bases.
import { describe, expect, it } from 'vitest';
import {
  CALIFORNIA,
  EQUITY_PRESETS,
  MASSACHUSETTS,
  NORTH_CAROLINA,
  type EquityDefinitions,
  type LicenceStatus,
} from './definitions.ts';
import {
  columnsFromRecords,
  computeEquityReportFromColumns,
  staffingFromColumns,
  type SchoolYearShares,
} from './columnar.ts';
import { computeEquityReport, type EquitySchool } from './equity-report.ts';
import { assignQuartiles } from './quartiles.ts';
import { staffingFromRecords, type SchoolStaffing, type StaffRecord } from './staffing.ts';

/** mulberry32: a small seeded generator, so every failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RATINGS = [
  'Needs Improvement',
  'Effective',
  'Highly Effective',
  'Unsatisfactory',
  'Proficient',
];
const LICENCES: LicenceStatus[] = [
  'full',
  'provisional',
  'lateral_entry',
  'emergency',
  'expired',
  'other',
  'none',
];

function randomRecords(seed: number, schools: number, people: number, years: number[]) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const records: StaffRecord[] = [];
  for (let p = 0; p < people; p++) {
    let school = Math.floor(random() * schools);
    let experience = Math.floor(random() * 12);
    for (const year of years) {
      if (random() < 0.12) continue; // absent this year (left, or not yet hired)
      if (random() < 0.08) school = Math.floor(random() * schools); // moved
      const role = random() < 0.04 ? 'principal' : random() < 0.03 ? 'other' : 'teacher';
      const base = {
        staffId: `P${p}`,
        year,
        role,
        yearsExperience: random() < 0.05 ? null : experience,
        rating: random() < 0.15 ? null : pick(RATINGS),
        licenceStatus: random() < 0.05 ? null : pick(LICENCES),
        inField: random() < 0.05 ? null : random() < 0.9,
        fte: random() < 0.1 ? null : pick([1, 1, 1, 0.5, 0.8]),
      } as const;
      records.push({ ...base, schoolId: `S${school}` });
      // A second assignment at another school now and then.
      if (random() < 0.05)
        records.push({ ...base, schoolId: `S${(school + 1) % schools}`, fte: 0.2 });
      experience += 1;
    }
  }
  return records;
}

const sorted = (rows: SchoolStaffing[]) =>
  [...rows].sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));

const CUSTOM: EquityDefinitions = {
  ...NORTH_CAROLINA,
  key: 'custom',
  inexperienced: { comparison: 'at_most', years: 4, source: 'test' },
  ineffective: {
    basis: 'rating',
    levels: ['needs  improvement', 'Unsatisfactory'],
    source: 'test',
  },
};

describe('staffingFromColumns equals staffingFromRecords', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every preset, headcount and FTE, every year`, () => {
      const years = [2016, 2017, 2018, 2019];
      const records = randomRecords(seed, 5 + seed * 3, 300 + seed * 50, years);
      const columns = columnsFromRecords(records);
      // Sorted by year (as the service loads them) the columns are read in year slices.
      const sortedColumns = columnsFromRecords([...records].sort((a, b) => a.year - b.year));
      for (const definitions of [...Object.values(EQUITY_PRESETS), CUSTOM]) {
        for (const countBy of ['headcount', 'fte'] as const) {
          for (const year of [2015, ...years]) {
            const objects = sorted(staffingFromRecords(records, definitions, year, { countBy }));
            const fromColumns = sorted(
              staffingFromColumns(columns, definitions, year, { countBy }),
            );
            expect(fromColumns).toEqual(objects);
            expect(
              sorted(staffingFromColumns(sortedColumns, definitions, year, { countBy })),
            ).toEqual(objects);
          }
        }
      }
    });
  }

  it('counts turnover only when last year is present, and every measure appears', () => {
    const records = randomRecords(9, 8, 400, [2018, 2019]);
    const rows = staffingFromColumns(columnsFromRecords(records), NORTH_CAROLINA, 2019);
    const measures = new Set(rows.flatMap((r) => Object.keys(r.measures)));
    expect([...measures].sort()).toEqual(
      [
        'inexperienced',
        'inexperiencedPrincipal',
        'ineffective',
        'outOfField',
        'provisional',
        'turnover',
      ].sort(),
    );
    const first = staffingFromColumns(columnsFromRecords(records), NORTH_CAROLINA, 2018);
    expect(first.some((r) => r.measures.turnover)).toBe(false);
  });
});

describe('computeEquityReportFromColumns equals computeEquityReport on the object tallies', () => {
  for (const [seed, definitions] of [
    [11, NORTH_CAROLINA],
    [12, MASSACHUSETTS],
    [13, CALIFORNIA],
  ] as const) {
    it(`seed ${seed}, ${definitions.name}`, () => {
      const schools = 24;
      const records = randomRecords(seed, schools, 1500, [2018, 2019]);
      const columns = columnsFromRecords(records);
      const random = prng(seed * 7);
      const ids = columns.schoolIds;
      const shares: SchoolYearShares = {
        poverty: Float64Array.from(ids, () =>
          random() < 0.1 ? Number.NaN : Math.round(random() * 100),
        ),
        minority: Float64Array.from(ids, () => Math.round(random() * 100)),
        enrollment: Float64Array.from(ids, () =>
          random() < 0.2 ? Number.NaN : 200 + Math.floor(random() * 800),
        ),
      };
      const fromColumns = computeEquityReportFromColumns({
        columns,
        definitions,
        year: 2019,
        shares,
        minimumN: 5,
      });
      // The second method: objects all the way.
      const value = (a: Float64Array, s: number) =>
        Number.isNaN(a[s] ?? Number.NaN) ? null : (a[s] ?? null);
      const equitySchools: EquitySchool[] = ids.map((schoolId, s) => ({
        schoolId,
        name: schoolId,
        enrollment: value(shares.enrollment, s),
      }));
      const rank = (a: Float64Array) =>
        assignQuartiles(ids.map((schoolId, s) => ({ schoolId, share: value(a, s) })));
      const objects = computeEquityReport({
        year: 2019,
        schools: equitySchools,
        staffing: staffingFromRecords(records, definitions, 2019),
        comparisons: [
          {
            dimension: 'poverty',
            label: 'poverty quartiles within the district',
            groups: rank(shares.poverty),
          },
          {
            dimension: 'minority',
            label: 'minority quartiles within the district',
            groups: rank(shares.minority),
          },
        ],
        minimumN: 5,
      });
      expect(fromColumns.dimensions.map((d) => d.dimension)).toEqual(['poverty', 'minority']);
      for (const [d, dimension] of objects.dimensions.entries()) {
        for (const [g, gap] of dimension.gaps.entries()) {
          const other = fromColumns.dimensions[d]?.gaps[g];
          expect(other?.high.teacherWeighted).toEqual(gap.high.teacherWeighted);
          expect(other?.low.teacherWeighted).toEqual(gap.low.teacherWeighted);
          expect(other?.gapPoints).toBeCloseTo(gap.gapPoints ?? Number.NaN, 10);
          expect(other?.studentWeightedGapPoints ?? null).toBeCloseTo(
            gap.studentWeightedGapPoints ?? 0,
            10,
          );
          expect(other?.drivers.map((x) => x.schoolId)).toEqual(gap.drivers.map((x) => x.schoolId));
        }
      }
      expect(objects.dimensions[0]?.gaps.some((g) => g.gapPoints !== null)).toBe(true);
    });
  }
});
