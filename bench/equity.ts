// Issue 5's speed target: the equity report for a generated state of 370,000 teachers in 9,000
// schools over 5 years in under 1 s, printed beside DuckDB computing the same quartile rates
// (the quartile cut and the group rates) on the same rows in the same run, with the figures
// checked equal. Ours is the columnar path the service uses (src/domain/equity/columnar.ts): the
// whole report for every year — tallies, poverty and minority quartiles, teacher- and
// student-weighted rates, school averages, gaps and the schools driving them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  allocateColumns,
  computeEquityReportFromColumns,
  ROLE_CODES,
  UNKNOWN,
  type SchoolYearShares,
  type StaffColumns,
} from '../src/domain/equity/columnar.ts';
import { NORTH_CAROLINA } from '../src/domain/equity/definitions.ts';
import type { EquityReport } from '../src/domain/equity/equity-report.ts';
import { best, mb, ms, ratio, type BenchRow } from './measure.ts';

const SCHOOLS = 9000;
const TEACHERS = 370_000;
const YEARS = [2015, 2016, 2017, 2018, 2019];
const RATINGS = ['Needs Improvement', 'Effective', 'Highly Effective'];
// LICENCE_STATUSES indices: full 0, provisional 1, lateral_entry 2, emergency 3.
const LICENCE = { full: 0, provisional: 1, lateral: 2, emergency: 3 };

/** mulberry32: seeded, so every run generates the same state. */
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

interface State {
  columns: StaffColumns;
  shares: Map<number, SchoolYearShares>;
}

/**
 * 370,000 teacher posts in 9,000 schools each year plus one principal per school. Each year a
 * teacher leaves with a probability rising with the school's poverty (6% → 18%) and is replaced
 * by a new hire with 0 years; 4% move to another school. Ratings, licences and in-field status
 * lean the same way, with a few unknowns of each.
 */
export function generateState(seed: number): State {
  const random = prng(seed);
  const rows = YEARS.length * (TEACHERS + SCHOOLS);
  const ids = Array.from({ length: SCHOOLS }, (_, s) => `S${String(s).padStart(5, '0')}`);
  const c = allocateColumns(rows, ids, RATINGS);
  const basePoverty = Float64Array.from(ids, () => Math.round(random() * 1000) / 10);
  const baseMinority = Float64Array.from(ids, (_, s) =>
    Math.min(100, Math.round((basePoverty[s] ?? 0) * 7 + random() * 300) / 10),
  );
  const baseEnrollment = Float64Array.from(ids, () => 200 + Math.floor(random() * 1200));
  const shares = new Map<number, SchoolYearShares>();
  // Teacher posts: person and experience per post.
  const school = Int32Array.from({ length: TEACHERS }, (_, i) => i % SCHOOLS);
  const person = Int32Array.from({ length: TEACHERS }, (_, i) => i);
  const experience = Float64Array.from({ length: TEACHERS }, () => Math.floor(random() * 25));
  let nextPerson = TEACHERS;
  const principal = Int32Array.from({ length: SCHOOLS }, () => nextPerson++);
  const principalYears = Float64Array.from({ length: SCHOOLS }, () => Math.floor(random() * 12));
  let row = 0;
  for (const [y, year] of YEARS.entries()) {
    const noise = () => Math.round((random() - 0.5) * 40) / 10;
    shares.set(year, {
      poverty: Float64Array.from(basePoverty, (p) =>
        random() < 0.01 ? Number.NaN : Math.min(100, Math.max(0, p + noise())),
      ),
      minority: Float64Array.from(baseMinority, (p) => Math.min(100, Math.max(0, p + noise()))),
      enrollment: Float64Array.from(baseEnrollment, (e) =>
        random() < 0.03 ? Number.NaN : e + Math.floor(noise() * 10),
      ),
    });
    for (let i = 0; i < TEACHERS; i++) {
      if (y > 0) {
        const poverty = (basePoverty[school[i] ?? 0] ?? 0) / 100;
        const draw = random();
        if (draw < 0.06 + 0.12 * poverty) {
          person[i] = nextPerson++;
          experience[i] = 0;
        } else {
          experience[i] = (experience[i] ?? 0) + 1;
          if (draw > 0.96) school[i] = Math.floor(random() * SCHOOLS);
        }
      }
      const s = school[i] ?? 0;
      const poverty = (basePoverty[s] ?? 0) / 100;
      c.person[row] = person[i] ?? 0;
      c.school[row] = s;
      c.year[row] = year;
      c.role[row] = ROLE_CODES.teacher;
      c.experience[row] = random() < 0.01 ? Number.NaN : (experience[i] ?? 0);
      const r = random();
      c.rating[row] = r < 0.12 ? -1 : r < 0.12 + 0.05 + 0.1 * poverty ? 0 : r < 0.75 ? 1 : 2;
      const l = random();
      c.licence[row] =
        l < 0.01
          ? -1
          : l < 0.02 + 0.04 * poverty
            ? LICENCE.provisional
            : l < 0.03 + 0.05 * poverty
              ? LICENCE.emergency
              : l < 0.06 + 0.05 * poverty
                ? LICENCE.lateral
                : LICENCE.full;
      const f = random();
      c.inField[row] = f < 0.01 ? UNKNOWN : f < 0.03 + 0.08 * poverty ? 0 : 1;
      c.fte[row] = 1;
      row++;
    }
    for (let s = 0; s < SCHOOLS; s++) {
      if (y > 0 && random() < 0.1) {
        principal[s] = nextPerson++;
        principalYears[s] = 0;
      } else if (y > 0) principalYears[s] = (principalYears[s] ?? 0) + 1;
      c.person[row] = principal[s] ?? 0;
      c.school[row] = s;
      c.year[row] = year;
      c.role[row] = ROLE_CODES.principal;
      c.experience[row] = principalYears[s] ?? 0;
      c.rating[row] = -1;
      c.licence[row] = LICENCE.full;
      c.inField[row] = UNKNOWN;
      c.fte[row] = 1;
      row++;
    }
  }
  return { columns: c, shares };
}

function ourReports(state: State): EquityReport[] {
  return YEARS.map((year) =>
    computeEquityReportFromColumns({
      columns: state.columns,
      definitions: NORTH_CAROLINA,
      year,
      shares: state.shares.get(year) ?? {
        poverty: new Float64Array(),
        minority: new Float64Array(),
        enrollment: new Float64Array(),
      },
    }),
  );
}

const csvNumber = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

/** The same rows as CSV files DuckDB reads (null where ours has an unknown). */
function writeCsv(state: State, dir: string) {
  const c = state.columns;
  const staffFile = path.join(dir, 'staff.csv');
  const fd = fs.openSync(staffFile, 'w');
  fs.writeSync(fd, 'person,school,year,role,experience,rating,licence,in_field\n');
  let chunk = '';
  for (let i = 0; i < c.length; i++) {
    const rating = c.rating[i] ?? -1;
    const licence = c.licence[i] ?? -1;
    const inField = c.inField[i] ?? UNKNOWN;
    chunk += `${c.person[i]},${c.school[i]},${c.year[i]},${c.role[i]},${csvNumber(c.experience[i])},${rating < 0 ? '' : rating},${licence < 0 ? '' : licence},${inField === UNKNOWN ? '' : inField}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  const schoolFile = path.join(dir, 'schools.csv');
  const lines = ['school,year,poverty'];
  for (const [year, shares] of state.shares) {
    for (let s = 0; s < SCHOOLS; s++) lines.push(`${s},${year},${csvNumber(shares.poverty[s])}`);
  }
  fs.writeFileSync(schoolFile, `${lines.join('\n')}\n`);
  return { staffFile, schoolFile };
}

// Quartiles of schools by poverty, k = ⌈N/4⌉, ties at a cut kept together, a school at both
// cuts in neither (src/domain/equity/quartiles.ts); then Σ count / Σ n over each group's
// teachers, unknowns left out of count and n; turnover = last year's teachers not at the school.
const DUCK_SQL = `
with ranked as (
  select year, school, poverty,
         row_number() over (partition by year order by poverty) as rn,
         count(*) over (partition by year) as n
  from schools where poverty is not null),
cuts as (
  select year,
         max(poverty) filter (where rn = ceil(n / 4.0)) as low_max,
         max(poverty) filter (where rn = n - ceil(n / 4.0) + 1) as high_min
  from ranked group by year),
grp as (
  select s.year, s.school,
         case when s.poverty <= c.low_max and s.poverty >= c.high_min then null
              when s.poverty >= c.high_min then 'high'
              when s.poverty <= c.low_max then 'low' end as g
  from schools s join cuts c using (year) where s.poverty is not null),
rates as (
  select t.year, grp.g,
         count(*) filter (where t.experience < 3) as inexperienced, count(t.experience) as inexperienced_n,
         count(*) filter (where t.rating = 0) as ineffective, count(t.rating) as ineffective_n,
         count(*) filter (where t.in_field = 0) as out_of_field, count(t.in_field) as out_of_field_n,
         count(*) filter (where t.licence in (1, 3)) as provisional, count(t.licence) as provisional_n
  from staff t join grp on grp.year = t.year and grp.school = t.school
  where t.role = 0 and grp.g is not null
  group by t.year, grp.g),
turnover as (
  select p.year + 1 as year, grp.g,
         count(*) filter (where c.person is null) as turnover, count(*) as turnover_n
  from staff p
  join grp on grp.year = p.year + 1 and grp.school = p.school
  left join (select distinct person, school, year from staff where role = 0) c
    on c.person = p.person and c.school = p.school and c.year = p.year + 1
  where p.role = 0 and grp.g is not null
  group by 1, 2)
select r.*, t.turnover, t.turnover_n
from rates r left join turnover t using (year, g)
order by r.year, r.g`;

const MEASURES = ['inexperienced', 'ineffective', 'outOfField', 'provisional', 'turnover'] as const;
const DUCK_COLUMNS = ['inexperienced', 'ineffective', 'out_of_field', 'provisional', 'turnover'];

async function duck(files: { staffFile: string; schoolFile: string }) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(
    `create table staff as select * from read_csv('${files.staffFile}', header = true, columns = {'person': 'INTEGER', 'school': 'INTEGER', 'year': 'INTEGER', 'role': 'TINYINT', 'experience': 'DOUBLE', 'rating': 'TINYINT', 'licence': 'TINYINT', 'in_field': 'TINYINT'})`,
  );
  await conn.run(
    `create table schools as select * from read_csv('${files.schoolFile}', header = true, columns = {'school': 'INTEGER', 'year': 'INTEGER', 'poverty': 'DOUBLE'})`,
  );
  const query = async () => (await conn.runAndReadAll(DUCK_SQL)).getRowObjectsJS();
  return { query, close: () => conn.closeSync() };
}

/** Every (year, group, measure) count and n, ours against DuckDB's. */
function compare(reports: readonly EquityReport[], duckRows: readonly Record<string, unknown>[]) {
  let compared = 0;
  for (const report of reports) {
    const poverty = report.dimensions.find((d) => d.dimension === 'poverty');
    for (const g of ['high', 'low'] as const) {
      const row = duckRows.find((r) => Number(r.year) === report.year && r.g === g);
      if (!row) throw new Error(`DuckDB has no ${g} row for ${report.year}`);
      for (const [m, measure] of MEASURES.entries()) {
        const gap = poverty?.gaps.find((x) => x.measure === measure);
        const ours = gap?.[g].teacherWeighted;
        const column = DUCK_COLUMNS[m] ?? '';
        const theirs = { count: Number(row[column] ?? 0), n: Number(row[`${column}_n`] ?? 0) };
        const oursN = ours?.n ?? 0;
        const oursCount = oursN > 0 ? (ours?.count ?? 0) : 0;
        if (oursCount !== theirs.count || oursN !== theirs.n) {
          throw new Error(
            `${report.year} ${g} ${measure}: ours ${oursCount}/${oursN}, DuckDB ${theirs.count}/${theirs.n}`,
          );
        }
        compared++;
      }
    }
  }
  return compared;
}

export async function run(): Promise<BenchRow[]> {
  const generated = await best(1, () => generateState(20_260_501));
  const state = generated.result;
  const teacherRows = state.columns.role.filter((r) => r === ROLE_CODES.teacher).length;
  const ours = await best(3, () => ourReports(state));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-equity-'));
  try {
    const peer = await duck(writeCsv(state, dir));
    const theirs = await best(3, () => peer.query());
    const compared = compare(ours.result, theirs.result);
    peer.close();
    const last = ours.result[ours.result.length - 1];
    const inexperienced = last?.dimensions[0]?.gaps.find((g) => g.measure === 'inexperienced');
    console.log(
      `equity: ${compared} quartile rates (5 years × high/low × 5 measures) agree with DuckDB; ` +
        `${YEARS[YEARS.length - 1]} inexperienced: highest-poverty ${inexperienced?.high.teacherWeighted.text}, ` +
        `lowest ${inexperienced?.low.teacherWeighted.text}, gap ${inexperienced?.gapPoints?.toFixed(1)} points`,
    );
    return [
      {
        bench: 'equity',
        case: `equity report, ${TEACHERS.toLocaleString('en-US')} teachers × ${YEARS.length} years (${teacherRows.toLocaleString('en-US')} teacher-years), ${SCHOOLS.toLocaleString('en-US')} schools`,
        ours: ms(ours.ms),
        peer: ms(theirs.ms),
        peerName: 'DuckDB (quartile cut + group rates)',
        ratio: ratio(ours.ms, theirs.ms),
        target: ours.ms < 1000 ? 'met (< 1,000 ms)' : 'missed (< 1,000 ms)',
        peakMb: mb(Math.max(ours.peakRssMb, theirs.peakRssMb)),
      },
      {
        bench: 'equity',
        case: 'generating the state (not timed against a target)',
        ours: ms(generated.ms),
        peer: '—',
        peerName: `${compared} figures agree`,
        ratio: '—',
        target: '—',
        peakMb: mb(generated.peakRssMb),
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
