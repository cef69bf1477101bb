// The equity report against statewide quartiles (issue #5; docs/decisions/007-equity-methods.md),
// when the state's school figures are loaded as reference data (migration 009,
// statewide-import.ts). The state's cut points come from every state school's share; they are
// applied (1) to the district's schools, with the report's own staffing figures (staff records
// or published), and (2) to every school of the state, with the state's published figures, so
// that the district's high- and low-quartile rates stand beside the state's own. The domain does
// the work (computeQuartileCuts / assignQuartiles with given cuts, computeEquityReport); this
// module reads the stored rows into the shapes the domain takes.
import type { Db } from '../db/connection.ts';
import type { EquityValueRow } from '../db/queries/equity.ts';
import {
  listStatewideLoads,
  listStatewideRows,
  type StatewideRow,
} from '../db/queries/statewide.ts';
import { computeEquityReport, type EquitySchool } from '../domain/equity/equity-report.ts';
import {
  assignQuartiles,
  computeQuartileCuts,
  type QuartileCuts,
  type QuartileMethod,
  type RankableSchool,
} from '../domain/equity/quartiles.ts';
import type { EquityMeasure, SchoolStaffing } from '../domain/equity/staffing.ts';
import { isAppError } from '../domain/shared/errors.ts';
import type { EquityData } from './equity-data.ts';
import { publishedStaffingFrom } from './equity-published.ts';
import { quartileRates, toDimensionView, type DimensionView } from './equity-views.ts';

export const STATEWIDE_NOTE =
  'Statewide quartiles need every school in the state with its share and staffing figures. ' +
  'None are loaded for this year, so the comparison here is within the district. Load the ' +
  'state’s files as reference data on the Data imports page (Statewide reference data) or with ' +
  '`tandem import --statewide FILE…` (NC DPI rcd_eq, ' +
  'rcd_effectiveness3, rcd_experience or personnel, rcd_acc_eds, ec_pupils, rcd_location). The ' +
  'method is the same either way: the state’s cut points applied to the district’s schools ' +
  '(see docs/decisions/007-equity-methods.md).';

export interface StatewideComparisonView {
  dimension: 'poverty' | 'minority';
  label: string;
  cuts: { lowMax: number; highMin: number; rankedSchools: number };
  /** Where the district's schools fall under the state's cut points. */
  placed: {
    high: number;
    middle: number;
    low: number;
    unplaced: number;
    /** Schools not found in the state's files, placed by the district's own share. */
    byDistrictShare: number;
  };
  /** The district's schools under the state's cut points, with the report's figures. */
  district: DimensionView;
  /** Every school of the state under the same cut points, with the state's published figures. */
  state: DimensionView;
}

export interface StatewideView {
  available: boolean;
  note: string;
  state: string;
  /** The year compared (the report's), when statewide figures exist for it. */
  year: number | null;
  /** Years with statewide figures loaded. */
  years: number[];
  /** State schools in the year's figures. */
  stateSchools: number | null;
  /** The files behind the year's figures, as their loads name them. */
  sourceFiles: string[];
  /** The state's published figures: what each measure counts. */
  definitions: Partial<Record<EquityMeasure, string>>;
  comparisons: StatewideComparisonView[];
  notes: string[];
}

export interface StatewideInput {
  data: EquityData;
  year: number;
  source: 'staff' | 'published';
  /** The district's staffing in the year, from the report's source. */
  staffing: readonly SchoolStaffing[];
  /** The district's schools (enrollment for student weighting). */
  schools: readonly EquitySchool[];
  /** The district's own shares in the year, indexed like data.columns.schoolIds. */
  shares: { poverty: Float64Array; minority: Float64Array };
  quartileMethod: QuartileMethod;
  minimumN: number;
  /** false for a principal's view: district-level comparisons are not shown. */
  isDistrictScope: boolean;
}

/** Stored column → the measure key the published path reads (equity-published.ts). */
const COLUMNS: readonly {
  key: string;
  value: keyof StatewideRow;
  n?: keyof StatewideRow;
}[] = [
  { key: 'pct_econ_disadv', value: 'poverty_pct' },
  { key: 'pct_minority', value: 'minority_pct', n: 'minority_n' },
  { key: 'enrollment', value: 'enrollment' },
  { key: 'teachers_count', value: 'teachers' },
  { key: 'pct_teachers_beginning', value: 'beginning_pct', n: 'beginning_n' },
  { key: 'pct_teachers_0_3yrs', value: 'experience_0_3_pct', n: 'experience_0_3_n' },
  { key: 'pct_teachers_provisional', value: 'provisional_pct', n: 'provisional_n' },
  { key: 'pct_teachers_needs_improvement', value: 'ineffective_pct', n: 'ineffective_n' },
  { key: 'pct_teachers_out_of_field', value: 'out_of_field_pct', n: 'out_of_field_n' },
  { key: 'pct_teacher_turnover', value: 'turnover_pct', n: 'turnover_n' },
  {
    key: 'pct_principals_inexperienced',
    value: 'inexperienced_principal_pct',
    n: 'inexperienced_principal_n',
  },
];

/** The stored rows as the published path's values: measure → year → school code → row. */
export function statewideValues(rows: readonly StatewideRow[]): EquityData['values'] {
  const values: EquityData['values'] = new Map();
  for (const row of rows) {
    for (const { key, value, n } of COLUMNS) {
      const v = row[value];
      if (typeof v !== 'number') continue;
      const nValue = n === undefined ? null : row[n];
      let byYear = values.get(key);
      if (!byYear) values.set(key, (byYear = new Map()));
      let bySchool = byYear.get(row.school_year);
      if (!bySchool) byYear.set(row.school_year, (bySchool = new Map()));
      const out: EquityValueRow = {
        schoolId: row.school_code,
        schoolYear: row.school_year,
        measureKey: key,
        value: v,
        n: typeof nValue === 'number' ? nValue : null,
        status: 'reported',
      };
      bySchool.set(row.school_code, out);
    }
  }
  return values;
}

/**
 * A school's share in the year, or from the nearest year that has one (the earlier on a tie) —
 * the district's rule (equity-data.ts sharesForYear), so both universes borrow alike.
 */
function shareOf(
  values: EquityData['values'],
  measure: string,
  year: number,
  code: string,
): { value: number; year: number } | null {
  const byYear = values.get(measure);
  if (!byYear) return null;
  const years = [...byYear.keys()].sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b);
  for (const y of years) {
    const value = byYear.get(y)?.get(code)?.value;
    if (typeof value === 'number') return { value, year: y };
  }
  return null;
}

const DIMENSIONS = [
  { dimension: 'poverty', measure: 'pct_econ_disadv', label: '% economically disadvantaged' },
  { dimension: 'minority', measure: 'pct_minority', label: '% students of colour' },
] as const;

/** The statewide comparison for the report's year, or why there is none. */
export async function statewideComparison(db: Db, input: StatewideInput): Promise<StatewideView> {
  const { data, year } = input;
  const state = data.district.state.toUpperCase();
  const loads = (await listStatewideLoads(db, data.district.id)).filter((l) => l.state === state);
  const years = [...new Set(loads.map((l) => l.schoolYear))].sort((a, b) => a - b);
  const none = (note: string): StatewideView => ({
    available: false,
    note,
    state,
    year: null,
    years,
    stateSchools: null,
    sourceFiles: [],
    definitions: {},
    comparisons: [],
    notes: [],
  });
  if (!years.includes(year)) {
    return none(
      years.length === 0
        ? STATEWIDE_NOTE
        : `Statewide figures are loaded for ${years.join(', ')}, not for ${year}, so the comparison ` +
            `here is within the district. ${STATEWIDE_NOTE.slice(STATEWIDE_NOTE.indexOf('The method'))}`,
    );
  }
  const yearLoads = loads.filter((l) => l.schoolYear === year);
  const stateSchools = yearLoads[0]?.schools ?? 0;
  const sourceFiles = [
    ...new Set(
      yearLoads.flatMap((l) => {
        const list = l.fileName.slice(l.fileName.indexOf(':') + 1);
        return list.split(',').map((f) => f.trim());
      }),
    ),
  ].filter((f) => f !== '');
  const rows = await listStatewideRows(db, data.district.id, state);
  const values = statewideValues(rows);
  const yearRows = rows.filter((r) => r.school_year === year);
  const codes = yearRows.map((r) => r.school_code);
  const names = new Map(yearRows.map((r) => [r.school_code, r.name ?? r.school_code]));
  const enrollmentOf = (code: string) => values.get('enrollment')?.get(year)?.get(code)?.value;
  const published = publishedStaffingFrom(values, codes, year);
  const base: StatewideView = {
    available: true,
    note:
      `Statewide quartiles: ${state}'s cut points from its ${stateSchools.toLocaleString('en-US')} ` +
      `schools in ${year} (${sourceFiles.join(', ')}), applied to the district’s schools, beside ` +
      'the state’s own highest- and lowest-quartile rates.',
    state,
    year,
    years,
    stateSchools,
    sourceFiles,
    definitions: published.definitions,
    comparisons: [],
    notes: [],
  };
  if (!input.isDistrictScope) {
    base.note += ' District-wide comparisons are shown to district leaders, analysts and HR.';
    return base;
  }
  if (input.source === 'staff') {
    base.notes.push(
      'The district’s rates under the state’s cut points come from its staff records with the ' +
        'chosen definitions; the state’s rates are its published school figures with the ' +
        'publisher’s definitions (listed with the statewide comparison), which can differ.',
    );
  }

  const ids = data.columns.schoolIds;
  const stateIdOf = new Map(data.schools.map((s) => [s.id, s.stateId ?? s.id]));
  for (const d of DIMENSIONS) {
    // The state's universe: every state school with a share (borrowed from the nearest year
    // when the year has none), ranked into quartiles of schools or of students.
    const borrowed = new Map<number, number>();
    const universe: RankableSchool[] = codes.map((code) => {
      const share = shareOf(values, d.measure, year, code);
      if (share && share.year !== year)
        borrowed.set(share.year, (borrowed.get(share.year) ?? 0) + 1);
      return { schoolId: code, share: share?.value ?? null, students: enrollmentOf(code) ?? null };
    });
    let cuts: QuartileCuts;
    try {
      cuts = computeQuartileCuts(universe, input.quartileMethod);
    } catch (error) {
      if (!isAppError(error)) throw error;
      base.notes.push(`No statewide ${d.label} quartiles for ${year}: ${error.message}`);
      continue;
    }
    for (const [y, count] of [...borrowed].sort((a, b) => a[0] - b[0])) {
      base.notes.push(
        `Statewide ${d.label} for ${count} state schools ${count === 1 ? 'is' : 'are'} from ${y}: ${year} has none published.`,
      );
    }
    const label = `${d.label} quartiles of ${state} (statewide cut points)`;
    const stateGroups = assignQuartiles(universe, { cuts, shareLabel: `${state} ${d.label}` });
    const stateSchoolsList: EquitySchool[] = codes.map((code) => ({
      schoolId: code,
      name: names.get(code) ?? code,
      enrollment: enrollmentOf(code) ?? null,
    }));
    const stateReport = computeEquityReport({
      year,
      schools: stateSchoolsList,
      staffing: published.staffing,
      comparisons: [
        {
          dimension: d.dimension,
          label: `${label}: every school of the state`,
          groups: stateGroups,
        },
      ],
      minimumN: input.minimumN,
      // A state's highest quartile has hundreds of schools: no driver list.
      topDrivers: 0,
    });

    // The district's schools: the state's share for the school where its files have one (the
    // same basis as the cut points), else the district's own share in the year.
    const districtShares = d.dimension === 'poverty' ? input.shares.poverty : input.shares.minority;
    let byDistrictShare = 0;
    const rankable: RankableSchool[] = ids.map((schoolId, s) => {
      const code = stateIdOf.get(schoolId) ?? schoolId;
      const share = shareOf(values, d.measure, year, code);
      if (share) return { schoolId, share: share.value };
      const own = districtShares[s];
      if (own === undefined || Number.isNaN(own)) return { schoolId, share: null };
      byDistrictShare += 1;
      return { schoolId, share: own };
    });
    const districtGroups = assignQuartiles(rankable, { cuts, shareLabel: `${state} ${d.label}` });
    const districtReport = computeEquityReport({
      year,
      schools: input.schools,
      staffing: input.staffing,
      comparisons: [
        {
          dimension: d.dimension,
          label: `${label}: the district’s schools`,
          groups: districtGroups,
        },
      ],
      minimumN: input.minimumN,
      topDrivers: 10,
    });
    const stateDimension = stateReport.dimensions[0];
    const districtDimension = districtReport.dimensions[0];
    if (!stateDimension || !districtDimension) continue;
    const count = (group: 'high' | 'middle' | 'low') =>
      [...districtGroups.groups.values()].filter((g) => g.group === group).length;
    base.comparisons.push({
      dimension: d.dimension,
      label,
      cuts: { lowMax: cuts.lowMax, highMin: cuts.highMin, rankedSchools: cuts.rankedSchools },
      placed: {
        high: count('high'),
        middle: count('middle'),
        low: count('low'),
        unplaced: districtGroups.unranked.length,
        byDistrictShare,
      },
      district: toDimensionView(
        districtDimension,
        input.minimumN,
        quartileRates(input.staffing, districtGroups, year, input.minimumN),
      ),
      state: toDimensionView(
        stateDimension,
        input.minimumN,
        quartileRates(published.staffing, stateGroups, year, input.minimumN),
      ),
    });
    if (byDistrictShare > 0) {
      base.notes.push(
        `${byDistrictShare} of the district’s schools are not in the state’s ${year} files: they ` +
          `are placed by the district’s own ${d.label}.`,
      );
    }
  }
  return base;
}
