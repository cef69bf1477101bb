// The course-access mappings (rcd_courses2, rcd_course2, rcd_ib, ec_pupils by group) on the real
// statewide files in ../shared/data/nc-dpi-src. Every expected value was read by hand from the
// row named beside it (grep), not computed by the code under test.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCourseAccess } from '../../domain/diagnostics/course-access.ts';
import type { Figure, SchoolYearFigures } from '../../domain/diagnostics/types.ts';
import { isStudentGroup, type StudentGroup } from '../../domain/shared/catalogue.ts';
import { applyRow, bindMapping, type ValueRecord } from '../apply.ts';
import { openCsv } from '../csv.ts';
import { parseMapping, pickMappingFrom, type Mapping } from '../mapping.ts';
import { NC_DPI_MAPPINGS } from './nc-dpi.ts';

const SRC = path.resolve(import.meta.dirname, '../../../../shared/data/nc-dpi-src');
const mappings = NC_DPI_MAPPINGS.map((m) => parseMapping(m));

/** Reads a whole shared file through the mapping pickMapping chooses, as the import would. */
async function readThrough(file: string) {
  const reader = await openCsv(path.join(SRC, file), () => undefined);
  const mapping: Mapping | null = pickMappingFrom(mappings, reader.header, file);
  if (!mapping) throw new Error(`no mapping for ${file}`);
  const { bound, problems } = bindMapping(mapping, reader.header, file);
  if (!bound) throw new Error(JSON.stringify(problems));
  const values = new Map<string, ValueRecord>();
  const twice: string[] = [];
  for await (const { line, cells } of reader.rows) {
    const result = applyRow(bound, cells, line);
    problems.push(...result.problems);
    for (const v of result.values) {
      const key = `${v.schoolId} ${v.schoolYear} ${v.measureKey} ${v.studentGroup}`;
      if (values.has(key)) twice.push(key);
      values.set(key, v);
    }
  }
  const value = (school: string, year: number, measure: string, group = 'all') => {
    const v = values.get(`${school} ${year} ${measure} ${group}`);
    return v && { value: v.value, n: v.n, status: v.status, marker: v.marker };
  };
  return { mapping: mapping.name, problems, twice, values, value };
}

const reported = (value: number, n: number | null = null) => ({
  value,
  n,
  status: 'reported',
  marker: null,
});

describe('NC DPI course-access mappings on the statewide files', () => {
  it('rcd_courses2 2019: the school’s count once, each group’s share with it as n', async () => {
    const r = await readThrough('2019/rcd_courses2.csv');
    expect(r.mapping).toBe('nc-dpi-rcd-courses2');
    expect(r.problems).toEqual([]);
    expect(r.twice).toEqual([]);
    // 920348 (Needham Broughton High), row "920348,627.0,BL7,6.86,169.0,31.95,198.0,5.56,…".
    expect(r.value('920348', 2019, 'ap_course_students')).toEqual(reported(627));
    expect(r.value('920348', 2019, 'ib_course_students')).toEqual(reported(198));
    expect(r.value('920348', 2019, 'ccp_course_students')).toEqual(reported(169));
    expect(r.value('920348', 2019, 'pct_of_ap_students', 'black')).toEqual(reported(6.86, 627));
    expect(r.value('920348', 2019, 'pct_of_ccp_students', 'black')).toEqual(reported(31.95, 169));
    expect(r.value('920348', 2019, 'pct_of_ib_students', 'black')).toEqual(reported(5.56, 198));
    // Row "920348,627.0,WH7,83.41,169.0,38.46,198.0,85.86,…".
    expect(r.value('920348', 2019, 'pct_of_ap_students', 'white')).toEqual(reported(83.41, 627));
    // Row "920348,627.0,AS7,5.0,169.0,,198.0,,…": 5.0 is "<5%" (suppressed), blank is missing.
    expect(r.value('920348', 2019, 'pct_of_ap_students', 'asian')).toEqual({
      value: null,
      n: 627,
      status: 'suppressed',
      marker: '5.0',
    });
    expect(r.value('920348', 2019, 'pct_of_ib_students', 'asian')?.status).toBe('missing');
    // "Other" has no standard group.
    expect([...r.values.keys()].some((k) => k.endsWith(' other'))).toBe(false);
    // 00B000's rows all read tot_num_ccp 5.0: five students (rcd_course2's All row: 5.0), not
    // the "<5%" marker the shares use.
    expect(r.value('00B000', 2019, 'ccp_course_students')).toEqual(reported(5));
  });

  it('rcd_courses2 2018 imports without a figure given twice (34H000 left out)', async () => {
    const r = await readThrough('2018/rcd_courses2.csv');
    expect(r.problems).toEqual([]);
    expect(r.twice).toEqual([]);
    expect(r.value('34H000', 2018, 'ap_course_students')).toBeUndefined();
    // Row "920348,647.0,WH7,81.14,1346.0,50.15,207.0,85.99,2018,H".
    expect(r.value('920348', 2018, 'pct_of_ccp_students', 'white')).toEqual(reported(50.15, 1346));
  });

  it('rcd_course2 2019: IB and CCP counts by group; its AP columns are not read', async () => {
    const r = await readThrough('2019/rcd_course2.csv');
    expect(r.mapping).toBe('nc-dpi-rcd-course2');
    expect(r.problems).toEqual([]);
    expect(r.twice).toEqual([]);
    // "2019,920348,H,All,100.0,100.0,100.0,647.0,198.0,169.0"
    expect(r.value('920348', 2019, 'ib_course_students')).toEqual(reported(198));
    expect(r.value('920348', 2019, 'ccp_course_students')).toEqual(reported(169));
    // "2019,920348,H,AS7,1.85,2.02,2.96,12.0,4.0,5.0": 4 IB students (masked in rcd_courses2).
    expect(r.value('920348', 2019, 'ib_course_students', 'asian')).toEqual(reported(4));
    // "2019,920348,H,BL7,4.17,5.56,31.95,27.0,11.0,54.0"
    expect(r.value('920348', 2019, 'ccp_course_students', 'black')).toEqual(reported(54));
    // "2019,920348,H,AM7,,,0.59,,,1.0"
    expect(r.value('920348', 2019, 'ccp_course_students', 'american_indian')).toEqual(reported(1));
    expect(r.value('920348', 2019, 'ib_course_students', 'american_indian')?.status).toBe(
      'missing',
    );
    expect(r.value('920348', 2019, 'ap_course_students')).toBeUndefined();
  });

  it('rcd_ib 2019: participation and scores of 4+, fractions as percents', async () => {
    const r = await readThrough('2019/rcd_ib.csv');
    expect(r.mapping).toBe('nc-dpi-rcd-ib');
    expect(r.problems).toEqual([]);
    // "2019,920348,H,0.9300699301,0.0718592965"
    expect(r.value('920348', 2019, 'ib_participation')).toEqual(reported(7.18592965));
    expect(r.value('920348', 2019, 'ib_pct_score_4plus')).toEqual(reported(93.00699301));
  });

  it('ec_pupils 2019: headcount and share of the school by race and sex', async () => {
    const r = await readThrough('2019/ec_pupils.csv');
    expect(r.mapping).toBe('nc-dpi-ec-pupils');
    expect(r.problems).toEqual([]);
    expect(r.twice).toEqual([]);
    // 920348: Indian 2/4, Asian 14/40, Hispanic 149/141, Black 260/249, White 599/505,
    // Pacific Island 1/0, Two or more 33/43 (male/female), Total "2,040".
    const h = (group: string) => r.value('920348', 2019, 'headcount', group)?.value;
    expect(h('all')).toBe(2040);
    expect(h('black')).toBe(509);
    expect(h('white')).toBe(1104);
    expect(h('american_indian')).toBe(6);
    expect(h('pacific_islander')).toBe(1);
    expect(h('multiracial')).toBe(76);
    expect(h('male')).toBe(2 + 14 + 149 + 260 + 599 + 1 + 33); // 1058
    expect(h('female')).toBe(4 + 40 + 141 + 249 + 505 + 0 + 43); // 982
    expect(r.value('920348', 2019, 'pct_of_enrollment', 'black')).toEqual(
      reported(Number(((509 / 2040) * 100).toPrecision(12)), 2040),
    );
    // No EL or SWD count in the file.
    expect(r.value('920348', 2019, 'headcount', 'el')).toBeUndefined();
  });

  it('the indicator on 920348, 2019, from the files', async () => {
    const files = await Promise.all(
      ['2019/rcd_courses2.csv', '2019/rcd_course2.csv', '2019/ec_pupils.csv'].map(readThrough),
    );
    const row: SchoolYearFigures = {
      schoolId: '920348',
      year: 2019,
      level: 'high',
      isTitleI: false,
      values: {},
      groups: {},
    };
    for (const f of files) {
      for (const v of f.values.values()) {
        if (v.schoolId !== '920348' || v.schoolYear !== 2019 || !isStudentGroup(v.studentGroup))
          continue;
        const figure: Figure = { value: v.value, text: null, status: v.status, n: v.n };
        const group: StudentGroup = v.studentGroup;
        if (group === 'all') (row.values as Record<string, Figure>)[v.measureKey] = figure;
        else
          ((row.groups as Record<string, Record<string, Figure>>)[group] ??= {})[v.measureKey] =
            figure;
      }
    }
    const access = computeCourseAccess(row, { minimumN: 10 })!;
    const black = access.groups.find((g) => g.group === 'black')!;
    // AP: 6.86% of 627 = 43.01 → 43 students; 43 / 509 = 8.448%; 6.86 ÷ (509 / 2040 × 100 =
    // 24.951) = 0.2749.
    expect(black.courses.ap.students).toBe(43);
    expect(black.courses.ap.rate.value).toBeCloseTo((43 / 509) * 100, 9);
    expect(black.courses.ap.ratio.value).toBeCloseTo(6.86 / ((509 / 2040) * 100), 9);
    // CCP: 54 of 169 (rcd_course2) = 31.95%, as rcd_courses2 publishes; 54 / 509 = 10.61%.
    expect(black.courses.ccp.students).toBe(54);
    expect(black.courses.ccp.rate.value).toBeCloseTo((54 / 509) * 100, 9);
    // All students: 627 / 2040 = 30.74% in AP.
    const all = access.groups.find((g) => g.group === 'all')!;
    expect(all.courses.ap.rate.value).toBeCloseTo((627 / 2040) * 100, 9);
    // Pacific Islander: 1 student, under the minimum n.
    const pi = access.groups.find((g) => g.group === 'pacific_islander')!;
    expect(pi.courses.ap.rate).toMatchObject({ status: 'suppressed', n: 1, marker: 'n<10' });
    // English learners: no headcount, so only their share of CCP students (8.28%).
    const el = access.groups.find((g) => g.group === 'el')!;
    expect(el.courses.ccp.share.value).toBeCloseTo(8.28, 9);
    expect(el.courses.ccp.rate.status).toBe('missing');
  });
});
