import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDARD_MEASURES } from '../../domain/shared/catalogue.ts';
import { applyRow, bindMapping, type SchoolRecord, type ValueRecord } from '../apply.ts';
import { openCsv } from '../csv.ts';
import { parseMapping, pickMappingFrom, type Mapping } from '../mapping.ts';
import { NC_DPI_MAPPINGS } from './nc-dpi.ts';
import { MA_DESE_MAPPINGS } from './ma-dese.ts';
import { NYC_DOE_MAPPINGS } from './nyc-doe.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../shared/data');
const PROFILES = 'ma-dese-profiles-multiyear';
const mappings = MA_DESE_MAPPINGS.map((m) => parseMapping(m));
const byName = (name: string) => mappings.find((m) => m.name === name)!;

/** Reads a shared file through a mapping, the way the import service does, without a database. */
async function readThrough(mapping: Mapping, file: string) {
  const ragged: number[] = [];
  const reader = await openCsv(path.join(DATA, file), (p) => ragged.push(p.row));
  const { bound, problems } = bindMapping(mapping, reader.header, file);
  if (!bound) throw new Error(JSON.stringify(problems));
  const schools = new Map<string, SchoolRecord>();
  const values = new Map<string, ValueRecord>();
  let rows = 0;
  let skipped = 0;
  for await (const { line, cells } of reader.rows) {
    rows++;
    const result = applyRow(bound, cells, line);
    problems.push(...result.problems);
    if (result.skipped) skipped++;
    if (result.school) schools.set(result.school.id, result.school);
    for (const v of result.values) {
      const key = `${v.schoolId} ${v.schoolYear} ${v.measureKey} ${v.studentGroup}`;
      expect(values.has(key), `${key} given twice`).toBe(false);
      values.set(key, v);
    }
  }
  const value = (school: string, year: number, measure: string, group = 'all') =>
    values.get(`${school} ${year} ${measure} ${group}`);
  return { rows, ragged, skipped, problems, schools, values, value };
}

describe('MA DESE mappings', () => {
  it('are valid, feed only standard measures, and are picked for their own files only', async () => {
    const keys = new Set(STANDARD_MEASURES.map((m) => m.key));
    for (const m of mappings) {
      for (const spec of m.measures ?? []) expect(keys, m.name).toContain(spec.measure);
    }
    const everything = [...NC_DPI_MAPPINGS, ...MA_DESE_MAPPINGS, ...NYC_DOE_MAPPINGS].map((m) =>
      parseMapping(m),
    );
    const files = {
      'ma-schools-2017/MA_Public_Schools_2017.csv.gz': 'ma-dese-schools-2017',
      [`${PROFILES}/1A_1_teacher_data.csv.gz`]: 'ma-dese-teacher-data',
      [`${PROFILES}/1A_3_staffing_retention.csv.gz`]: 'ma-dese-staffing-retention',
      [`${PROFILES}/2C_1_attendance.csv.gz`]: 'ma-dese-attendance',
      [`${PROFILES}/3A_1_average_class_size.csv.gz`]: 'ma-dese-class-size',
      [`${PROFILES}/3B_1_ap.csv`]: 'ma-dese-ap',
      [`${PROFILES}/3B_1_advcoursecomprate.csv`]: 'ma-dese-advanced-coursework',
      [`${PROFILES}/3B_1_enrollments_by_race.csv.gz`]: 'ma-dese-enrollment-by-race',
      [`${PROFILES}/4B_2_four_year_grad.csv`]: 'ma-dese-four-year-grad',
    };
    for (const [file, name] of Object.entries(files)) {
      const reader = await openCsv(path.join(DATA, file), () => undefined);
      reader.close();
      expect(pickMappingFrom(everything, reader.header, file)?.name, file).toBe(name);
    }
  });

  it('reads the 2017 file: 1,861 schools and known values, % ECD from the count', async () => {
    const { rows, ragged, problems, schools, value } = await readThrough(
      byName('ma-dese-schools-2017'),
      'ma-schools-2017/MA_Public_Schools_2017.csv.gz',
    );
    expect({ rows, ragged, problems }).toEqual({ rows: 1861, ragged: [], problems: [] });
    expect(schools.size).toBe(1861);
    // Abington High, read by hand from the file.
    expect(schools.get('00010505')).toMatchObject({
      name: 'Abington High',
      level: 'high',
      street: '201 Gliniewicz Way',
      city: 'Abington',
      zip: '02351',
    });
    const at = (measure: string, group?: string) => value('00010505', 2017, measure, group);
    expect(at('enrollment')).toMatchObject({ value: 452, status: 'reported' });
    // 97 of 452 (the corrupt "% Economically Disadvantaged" column says 94.4).
    expect(at('pct_econ_disadv')?.value).toBeCloseTo(21.46, 2);
    expect(at('pct_econ_disadv')?.n).toBe(452);
    expect(at('pct_high_needs')?.value).toBe(28.8);
    expect(at('pct_minority')?.value).toBeCloseTo(14.1, 6);
    expect(at('pct_of_enrollment', 'hispanic')?.value).toBe(9.1);
    expect(at('grad_rate_4yr')).toMatchObject({ value: 94.7, n: 114 });
    expect(at('ap_participation')?.value).toBeCloseTo((70 / 448) * 100, 6);
    expect(at('ap_pct_score_3plus')).toMatchObject({ value: 56.1, n: 123 });
    // Grade 10 only: ELA 117 of 124, math 104 of 125 proficient or advanced.
    expect(at('ela_pct_proficient')?.value).toBeCloseTo((117 / 124) * 100, 6);
    expect(at('math_pct_proficient')?.value).toBeCloseTo(83.2, 6);
    expect(at('achievement_score')).toMatchObject({ n: 249 });
    expect(at('achievement_score')?.value).toBeCloseTo((221 / 249) * 100, 6);
    expect(at('ela_growth_percentile')).toMatchObject({ value: 56, n: 111 });
    expect(at('math_growth_percentile')).toMatchObject({ value: 52.5, n: 114 });
    expect(at('accountability_rating')).toMatchObject({ valueText: 'Level 1' });
  });

  it('pools MCAS over every tested grade and keeps "Insufficient data" as suppressed', async () => {
    const { value, values } = await readThrough(
      byName('ma-dese-schools-2017'),
      'ma-schools-2017/MA_Public_Schools_2017.csv.gz',
    );
    // Center Elementary (PK-K) has no MCAS; Beaver Brook (grades 1-4) has ELA results for
    // grades 3 and 4: 81 + 104 of 141 + 170; Woodsdale (5-6) for grades 5 and 6.
    expect(value('00010002', 2017, 'achievement_score')).toBeUndefined();
    expect(value('00010003', 2017, 'ela_pct_proficient')?.n).toBe(311);
    expect(value('00010003', 2017, 'ela_pct_proficient')?.value).toBeCloseTo((185 / 311) * 100, 6);
    expect(value('00010015', 2017, 'ela_pct_proficient')?.value).toBeCloseTo((233 / 323) * 100, 6);
    const ratings = [...values.values()].filter((v) => v.measureKey === 'accountability_rating');
    expect(ratings.filter((v) => v.status === 'suppressed')).toHaveLength(232);
  });

  it('reads the teacher data from 2018-19 on, one row per school and year', async () => {
    const { ragged, skipped, problems, value, values } = await readThrough(
      byName('ma-dese-teacher-data'),
      `${PROFILES}/1A_1_teacher_data.csv.gz`,
    );
    // 2016-17 and 2017-18 rows have one cell fewer than the header; the a-exp-i3 copies are
    // skipped by the filter.
    expect(ragged).toHaveLength(3700 + 3694);
    expect(skipped).toBe(12821);
    expect(problems).toEqual([]);
    const years = new Set([...values.values()].map((v) => v.schoolYear));
    expect([...years].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2025, 2026]);
    // Abby Kelley Foster Charter, 2018-19: 116.4 FTE, 94.5 / 76.4 / 87.1 / 85.1.
    const at = (measure: string) => value('04450105', 2019, measure)?.value;
    expect(at('teachers_count')).toBe(116.4);
    expect(at('pct_teachers_licensed')).toBe(94.5);
    expect(at('pct_teachers_experienced')).toBe(76.4);
    expect(at('pct_teachers_fully_licensed')).toBe(87.1);
    expect(at('pct_teachers_in_field')).toBe(85.1);
  });

  it('reads the other profile tables with their n', async () => {
    const retention = await readThrough(
      byName('ma-dese-staffing-retention'),
      `${PROFILES}/1A_3_staffing_retention.csv.gz`,
    );
    expect(retention.problems).toEqual([]);
    expect(retention.skipped).toBe(2); // "Failed to meet reporting requirements"
    expect(retention.value('04450105', 2026, 'pct_teachers_retained')).toMatchObject({
      value: 85.7,
      n: 126,
    });
    const classSize = await readThrough(
      byName('ma-dese-class-size'),
      `${PROFILES}/3A_1_average_class_size.csv.gz`,
    );
    expect(classSize.problems).toEqual([]);
    expect(classSize.value('00010505', 2025, 'avg_class_size')?.value).toBe(14.2);
    expect(classSize.value('00010505', 2025, 'pct_econ_disadv')?.value).toBe(34.4);
    const ap = await readThrough(byName('ma-dese-ap'), `${PROFILES}/3B_1_ap.csv`);
    expect(ap.value('06000505', 2025, 'ap_pct_score_3plus')).toMatchObject({
      value: 95.5,
      n: 1679,
    });
    const race = await readThrough(
      byName('ma-dese-enrollment-by-race'),
      `${PROFILES}/3B_1_enrollments_by_race.csv.gz`,
    );
    expect(race.problems).toEqual([]);
    expect(race.ragged).toHaveLength(1850 + 1847 + 1846); // no Nonbinary column before 2019-20
    expect(race.value('00010505', 2026, 'pct_of_enrollment', 'white')?.value).toBe(70.2);
    expect(race.value('00010505', 2026, 'pct_minority')?.value).toBeCloseTo(29.9, 6);
  });
});
