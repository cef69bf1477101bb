import { describe, expect, it } from 'vitest';
import { STANDARD_MEASURES, isStudentGroup } from '../../domain/shared/catalogue.ts';
import { DEMO_DATA_ROOT, planDemoFiles } from '../../services/demo.ts';
import { parseMapping } from '../mapping.ts';
import { NC_DPI_MAPPINGS } from './nc-dpi.ts';

describe('NC DPI mappings', () => {
  const mappings = NC_DPI_MAPPINGS.map((m) => parseMapping(m));

  it('are valid, uniquely named, and feed only standard measures and groups', () => {
    const keys = new Set(STANDARD_MEASURES.map((m) => m.key));
    expect(new Set(mappings.map((m) => m.name)).size).toBe(mappings.length);
    for (const m of mappings) {
      for (const spec of m.measures ?? []) expect(keys, `${m.name}`).toContain(spec.measure);
      if (m.studentGroup && 'map' in m.studentGroup) {
        expect(Object.values(m.studentGroup.map).every(isStudentGroup)).toBe(true);
      }
    }
  });

  it('pickMapping chooses the right mapping for every file of the Wake extract', async () => {
    const { files, unmapped } = await planDemoFiles(DEMO_DATA_ROOT);
    const chosen = Object.fromEntries(files.map((f) => [f.file, f.mapping.name]));
    const byYear = (names: Record<string, string>, years: string[]) =>
      Object.fromEntries(
        years.flatMap((y) => Object.entries(names).map(([f, m]) => [`${y}/${f}`, m])),
      );
    expect(chosen).toEqual({
      ...byYear(
        {
          'profile.csv': 'nc-dpi-profile',
          'ec_pupils.csv': 'nc-dpi-ec-pupils-2014',
          'personnel.csv': 'nc-dpi-personnel',
          'school-indicators.csv': 'nc-dpi-school-indicators',
        },
        ['2014', '2015', '2016', '2017'],
      ),
      ...byYear({ 'spg.csv': 'nc-dpi-spg-2014' }, ['2014', '2015']),
      ...byYear({ 'spg.csv': 'nc-dpi-spg-2016' }, ['2016', '2017']),
      ...byYear(
        {
          'rcd_location.csv': 'nc-dpi-rcd-location',
          'ec_pupils.csv': 'nc-dpi-ec-pupils',
          'rcd_adm.csv': 'nc-dpi-rcd-adm',
          'rcd_acc_eds.csv': 'nc-dpi-rcd-acc-eds',
          'rcd_acc_spg2.csv': 'nc-dpi-rcd-acc-spg2',
          'rcd_acc_cgr.csv': 'nc-dpi-rcd-acc-cgr',
          'rcd_acc_lowperf.csv': 'nc-dpi-rcd-acc-lowperf',
          'rcd_acc_essa_desig.csv': 'nc-dpi-rcd-acc-essa-desig',
          'rcd_chronic_absent.csv': 'nc-dpi-rcd-chronic-absent',
          'rcd_ap.csv': 'nc-dpi-rcd-ap',
          'rcd_ib.csv': 'nc-dpi-rcd-ib',
          'rcd_courses2.csv': 'nc-dpi-rcd-courses2',
        },
        ['2018', '2019'],
      ),
      '2018/rcd_experience.csv': 'nc-dpi-rcd-experience',
      '2018/rcd_licenses.csv': 'nc-dpi-rcd-licenses',
      '2019/rcd_acc_eg.csv': 'nc-dpi-rcd-acc-eg',
      '2019/rcd_eq.csv': 'nc-dpi-rcd-eq',
      '2019/rcd_effectiveness3.csv': 'nc-dpi-rcd-effectiveness3',
      '2019/rcd_funds2.csv': 'nc-dpi-rcd-funds2',
    });
    // Directory files come first, so that measure rows find their schools.
    expect(files.slice(0, 6).every((f) => f.mapping.kind === 'schools')).toBe(true);
    // Files with nothing the standard catalogue holds (see the report in nc-dpi.ts's header).
    expect(unmapped).toEqual([
      ...['2014', '2015', '2016', '2017'].flatMap((y) =>
        ['environment.csv', 'funding.csv', 'yoe.csv'].map((f) => `${y}/${f}`),
      ),
      '2018/ratio.csv',
      '2018/rcd_acc_elp.csv',
      '2018/rcd_code_desc.csv',
      '2018/rcd_effectiveness.csv',
      '2018/rcd_nbpts.csv',
      '2018/rcd_prin_demo.csv',
      '2019/ratio.csv',
      '2019/rcd_acc_elp.csv',
    ]);
  });
});
