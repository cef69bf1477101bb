// The equity report from school-level aggregates as NC DPI publishes them (issue 5: "from
// person-level staff records and from school-level aggregates as states publish them"). The
// published figures carry the publisher's definitions, not the chosen preset's, so each measure
// says which file and definition it comes from.
import type {
  PublishedFigure,
  PublishedStaffing,
  SchoolStaffing,
} from '../domain/equity/staffing.ts';
import { staffingFromAggregates, type EquityMeasure } from '../domain/equity/staffing.ts';
import { reportedValue, type EquityData } from './equity-data.ts';

interface PublishedSpec {
  measure: EquityMeasure;
  /** Tried in order: the first with any figure in the year is used. */
  keys: readonly { key: string; definition: string }[];
}

const SPECS: readonly PublishedSpec[] = [
  {
    measure: 'inexperienced',
    keys: [
      {
        key: 'pct_teachers_beginning',
        definition: 'NC DPI beginning teachers, fewer than 3 years (rcd_eq pct_beg_teachers).',
      },
      {
        key: 'pct_teachers_0_3yrs',
        definition:
          'NC DPI teachers with 0–3 years of experience (rcd_experience / personnel band) — the ' +
          'published band includes third-year teachers.',
      },
    ],
  },
  {
    measure: 'ineffective',
    keys: [
      {
        key: 'pct_teachers_needs_improvement',
        definition:
          'NC EVAAS "Needs Improvement" among teachers with a status (rcd_effectiveness3 ni_pct).',
      },
    ],
  },
  {
    measure: 'outOfField',
    keys: [
      {
        key: 'pct_teachers_out_of_field',
        definition:
          'Teachers out of field as the state publishes them (NC DPI publishes no such figure).',
      },
    ],
  },
  {
    measure: 'provisional',
    keys: [
      {
        key: 'pct_teachers_provisional',
        definition:
          'NC DPI teachers on provisional or emergency licences (rcd_eq, personnel emer_prov).',
      },
    ],
  },
  {
    measure: 'turnover',
    keys: [
      {
        key: 'pct_teacher_turnover',
        definition: 'NC DPI one-year teacher turnover (rcd_experience, personnel).',
      },
    ],
  },
  {
    measure: 'inexperiencedPrincipal',
    keys: [
      {
        key: 'pct_principals_inexperienced',
        definition: 'NC DPI principals with fewer than 3 years as principal (rcd_eq).',
      },
    ],
  },
];

/** Years with any published staffing figure the report can use, ascending. */
export function publishedYears(data: EquityData): number[] {
  const years = new Set<number>();
  for (const spec of SPECS) {
    for (const { key } of spec.keys) {
      for (const year of data.values.get(key)?.keys() ?? []) years.add(year);
    }
  }
  return [...years].sort((a, b) => a - b);
}

export function publishedStaffing(
  data: EquityData,
  year: number,
): { staffing: SchoolStaffing[]; definitions: Partial<Record<EquityMeasure, string>> } {
  return publishedStaffingFrom(
    data.values,
    data.schools.map((s) => s.id),
    year,
  );
}

/**
 * The same from any set of published values (measure → year → school → row): the district's, or
 * the state's reference figures (equity-statewide.ts), so both read the publisher's figures alike.
 */
export function publishedStaffingFrom(
  values: EquityData['values'],
  schoolIds: readonly string[],
  year: number,
): { staffing: SchoolStaffing[]; definitions: Partial<Record<EquityMeasure, string>> } {
  const data = { values };
  const definitions: Partial<Record<EquityMeasure, string>> = {};
  const chosen = SPECS.flatMap((spec) => {
    const key = spec.keys.find((k) => (data.values.get(k.key)?.get(year)?.size ?? 0) > 0);
    if (!key) return [];
    definitions[spec.measure] = key.definition;
    return [{ measure: spec.measure, key: key.key }];
  });
  const rows: PublishedStaffing[] = schoolIds.map((schoolId) => {
    const teachers = reportedValue(data, 'teachers_count', year, schoolId)?.value ?? Number.NaN;
    const figures: PublishedStaffing['figures'] = {};
    for (const { measure, key } of chosen) {
      const row = reportedValue(data, key, year, schoolId);
      if (!row || row.value === null) continue;
      // Percent (0–100) → a rate; n is the figure's own n where published (rcd_effectiveness3's
      // rated teachers, rcd_eq's principals), else the school's teachers.
      const figure: PublishedFigure = { rate: row.value / 100 };
      if (row.n !== null) figure.n = row.n;
      figures[measure] = figure;
    }
    return { schoolId, teachers, figures };
  });
  return { staffing: staffingFromAggregates(rows), definitions };
}
