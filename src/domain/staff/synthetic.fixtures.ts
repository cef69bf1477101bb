// Test input for the synthetic-staff generator: a district whose published staffing figures are
// mutually consistent (each share is a whole number of teachers, to 4 decimals), shaped like the
// NC files — experience bands, licences and turnover in every year but the last; beginning and
// provisional teachers (n = teachers) and EVAAS ratings (n = rated) only in the last year, when
// half the schools publish no teacher count (as NC's 2019 files, which give it only as that n).
import { createPrng } from './prng.ts';
import type { SyntheticStaffInput } from './synthetic.ts';
import type { StaffingValue } from './types.ts';

export interface FixtureOptions {
  schools: number;
  years: readonly number[];
  /** Range of teachers per school. */
  teachers?: readonly [number, number];
  seed?: number;
}

export function makeStaffingInput(options: FixtureOptions): SyntheticStaffInput {
  const prng = createPrng(options.seed ?? 7);
  const [minTeachers, maxTeachers] = options.teachers ?? [20, 80];
  const levels = ['elementary', 'elementary', 'middle', 'high'];
  const schools = Array.from({ length: options.schools }, (_, i) => ({
    id: `S${String(i + 1).padStart(3, '0')}`,
    level: levels[i % levels.length] ?? 'other',
  }));
  const values: StaffingValue[] = [];
  const lastYear = options.years[options.years.length - 1];
  for (const school of schools) {
    let teachers = prng.between(minTeachers, maxTeachers);
    for (const year of options.years) {
      teachers = Math.max(minTeachers, teachers + prng.between(-3, 3));
      const add = (measureKey: string, count: number, n: number | null, base = teachers) =>
        values.push({
          schoolId: school.id,
          schoolYear: year,
          measureKey,
          value: Math.round((count / base) * 1e6) / 1e4,
          n,
          status: 'reported',
        });
      if (year !== lastYear) {
        values.push(count(school.id, year, 'teachers_count', teachers));
        const early = Math.round(teachers * (0.1 + prng.next() * 0.2));
        const senior = Math.round(teachers * (0.35 + prng.next() * 0.2));
        add('pct_teachers_0_3yrs', early, null);
        add('pct_teachers_4_10yrs', teachers - early - senior, null);
        add('pct_teachers_11plus_yrs', senior, null);
        const lateral = prng.between(0, 3);
        const provisional = prng.between(0, 2);
        add('pct_teachers_lateral_entry', lateral, null);
        add('pct_teachers_provisional', provisional, null);
        add('pct_teachers_fully_licensed', teachers - lateral - provisional, null);
        add('pct_teacher_turnover', Math.round(teachers * (0.05 + prng.next() * 0.15)), null);
      } else {
        if (prng.next() < 0.5) values.push(count(school.id, year, 'teachers_count', teachers));
        add('pct_teachers_beginning', Math.round(teachers * (0.05 + prng.next() * 0.2)), teachers);
        add('pct_teachers_provisional', prng.between(0, 3), teachers);
        const rated = teachers - prng.between(0, 5);
        const ni = prng.between(0, Math.floor(rated / 5));
        const he = prng.between(0, Math.floor(rated / 3));
        add('pct_teachers_needs_improvement', ni, rated, rated);
        add('pct_teachers_effective', rated - ni - he, rated, rated);
        add('pct_teachers_highly_effective', he, rated, rated);
      }
      if (prng.next() < 0.3) {
        const isInexperienced = prng.next() < 0.35;
        add('pct_principals_inexperienced', isInexperienced ? 1 : 0, 1, 1);
      }
    }
  }
  return { districtId: 'd-fixture', batchId: null, schools, values };
}

function count(
  schoolId: string,
  schoolYear: number,
  measureKey: string,
  value: number,
): StaffingValue {
  return { schoolId, schoolYear, measureKey, value, n: null, status: 'reported' };
}
