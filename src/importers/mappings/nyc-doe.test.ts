import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDistrict } from '../../db/factories.ts';
import { createTestDb } from '../../db/testing.ts';
import { STANDARD_MEASURES } from '../../domain/shared/catalogue.ts';
import { importFile } from '../../services/imports.ts';
import { parseMapping, pickMappingFrom } from '../mapping.ts';
import { openCsv } from '../csv.ts';
import { MA_DESE_MAPPINGS } from './ma-dese.ts';
import { NC_DPI_MAPPINGS } from './nc-dpi.ts';
import { NYC_DOE_MAPPINGS, nycSchoolExplorer2016 } from './nyc-doe.ts';

const FILE = path.resolve(
  import.meta.dirname,
  '../../../../shared/data/nyc-passnyc-2016/2016 School Explorer.csv',
);

describe('NYC DOE School Explorer 2016 mapping', () => {
  it('is valid, feeds standard measures, and is picked for the file', async () => {
    const mapping = parseMapping(nycSchoolExplorer2016);
    const keys = new Set(STANDARD_MEASURES.map((m) => m.key));
    for (const spec of mapping.measures ?? []) expect(keys).toContain(spec.measure);
    const everything = [...NC_DPI_MAPPINGS, ...MA_DESE_MAPPINGS, ...NYC_DOE_MAPPINGS];
    const reader = await openCsv(FILE, () => undefined);
    reader.close();
    const picked = pickMappingFrom(
      everything.map((m) => parseMapping(m)),
      reader.header,
      '2016 School Explorer.csv',
    );
    expect(picked?.name).toBe('nyc-doe-school-explorer-2016');
  });

  it('imports all 1,272 schools with known values, wide counts becoming student groups', async () => {
    const handle = await createTestDb();
    try {
      const { id: districtId } = await makeDistrict(handle.db);
      const summary = await importFile(handle.db, null, {
        districtId,
        path: FILE,
        fileName: '2016 School Explorer.csv',
        mapping: nycSchoolExplorer2016,
      });
      expect(summary.problems).toEqual([]);
      expect(summary.rowsRead).toBe(1272);
      const schools = await handle.db
        .selectFrom('schools')
        .selectAll()
        .where('district_id', '=', districtId)
        .execute();
      expect(schools).toHaveLength(1272);
      expect(schools.find((s) => s.id === '01M015')).toMatchObject({
        name: 'P.S. 015 ROBERTO CLEMENTE',
        level: 'elementary',
        city: 'NEW YORK',
        state: 'NY',
        zip: '10009',
        latitude: 40.721834,
        longitude: -73.978766,
      });
      const values = await handle.db
        .selectFrom('measure_values')
        .select([
          'school_id',
          'measure_key',
          'student_group',
          'value',
          'n',
          'status',
          'school_year',
        ])
        .where('district_id', '=', districtId)
        .where('school_id', 'in', ['01M015', '02M006', '02M343'])
        .execute();
      const at = (school: string, measure: string, group = 'all') =>
        values.find(
          (v) => v.school_id === school && v.measure_key === measure && v.student_group === group,
        );
      expect(at('01M015', 'economic_need_index')).toMatchObject({ value: 91.9, school_year: 2016 });
      expect(at('01M015', 'pct_el')?.value).toBe(9); // '9%'
      expect(at('01M015', 'pct_of_enrollment', 'hispanic')?.value).toBe(60);
      expect(at('01M015', 'attendance_rate')?.value).toBe(94);
      expect(at('01M015', 'chronic_absence_rate')?.value).toBe(18);
      expect(at('01M015', 'ela_avg_proficiency')?.value).toBe(2.14);
      // P.S. 6, grades 3-5: 150 ELA 4s of 351 tested; by subgroup 113 White, 14 Asian/PI.
      expect(at('02M006', 'ela_top_level_count')).toMatchObject({ value: 150, n: 351 });
      expect(at('02M006', 'ela_top_level_count', 'white')).toMatchObject({ value: 113, n: null });
      expect(at('02M006', 'ela_top_level_count', 'asian')?.value).toBe(14);
      expect(at('02M006', 'math_top_level_count', 'econ_disadv')?.value).toBe(11);
      // 'N/A' is the publisher's marker, kept apart from zero.
      expect(at('02M343', 'economic_need_index')).toMatchObject({
        status: 'suppressed',
        value: null,
      });
    } finally {
      await handle.close();
    }
  });
});
