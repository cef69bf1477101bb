// What the equity report and retention share (issue 5): who may see them, the definitions a
// query asks for (a preset with overrides), and the district's data loaded once — schools,
// school-level shares by year, the published staffing figures, and the person-level staff
// records as objects and as columns (src/domain/equity/columnar.ts).
import type { Db } from '../db/connection.ts';
import {
  getEquityDistrict,
  listEquitySchools,
  listEquityStaff,
  listEquityValues,
  type EquitySchoolRow,
  type EquityValueRow,
} from '../db/queries/equity.ts';
import type { Actor, Role } from '../domain/access/access.ts';
import {
  columnsFromRecords,
  type SchoolYearShares,
  type StaffColumns,
} from '../domain/equity/columnar.ts';
import {
  CALIFORNIA,
  MASSACHUSETTS,
  NORTH_CAROLINA,
  type EquityDefinitions,
  type ExperienceRule,
  type LicenceStatus,
} from '../domain/equity/definitions.ts';
import type { StaffRecord } from '../domain/equity/staffing.ts';
import { badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';

// ---- Who may see it --------------------------------------------------------------------------

/**
 * District staffing aggregates (rates of inexperienced, ineffective… teachers by quartile) are
 * personnel data in aggregate (DOMAIN.md §2): the district leader, analysts ("personnel data only
 * as aggregates") and HR see the district; a principal or principal supervisor sees the figures of
 * the schools their grant names, and no other school's. Finance and teachers do not see them.
 */
const DISTRICT_ROLES: readonly Role[] = ['district_leader', 'analyst', 'hr'];
const SCHOOL_ROLES: readonly Role[] = ['principal', 'principal_supervisor'];

export type EquityScope = { kind: 'district' } | { kind: 'schools'; schoolIds: string[] };

export function equityScope(actor: Actor): EquityScope {
  if (actor.grants.some((g) => DISTRICT_ROLES.includes(g.role) && g.schoolId === null)) {
    return { kind: 'district' };
  }
  const schoolIds = [
    ...new Set(
      actor.grants
        .filter((g) => SCHOOL_ROLES.includes(g.role) && g.schoolId !== null)
        .map((g) => g.schoolId ?? ''),
    ),
  ];
  if (schoolIds.length === 0) {
    throw forbidden(
      'Staffing equity figures are for district leaders, analysts, HR and principals.',
    );
  }
  return { kind: 'schools', schoolIds };
}

// ---- Definitions -----------------------------------------------------------------------------

export const EQUITY_PRESET_KEYS = ['nc', 'ma', 'ca'] as const;
export type EquityPresetKey = (typeof EQUITY_PRESET_KEYS)[number];

const PRESETS: Record<EquityPresetKey, EquityDefinitions> = {
  nc: NORTH_CAROLINA,
  ma: MASSACHUSETTS,
  ca: CALIFORNIA,
};

export const PRESET_LIST = EQUITY_PRESET_KEYS.map((key) => ({ key, name: PRESETS[key].name }));

export interface DefinitionOverrides {
  /** Years of experience that count as inexperienced, with the comparison. */
  inexperiencedYears?: number;
  inexperiencedComparison?: ExperienceRule['comparison'];
  principalYears?: number;
  /** Rating levels that count as ineffective (switches the rule to ratings). */
  ineffectiveLevels?: string[];
  provisionalStatuses?: LicenceStatus[];
}

/** The district's state picks the default preset; North Carolina otherwise. */
export function defaultPreset(state: string): EquityPresetKey {
  const byState: Record<string, EquityPresetKey> = { NC: 'nc', MA: 'ma', CA: 'ca' };
  return byState[state.toUpperCase()] ?? 'nc';
}

export function resolveDefinitions(
  preset: EquityPresetKey,
  overrides: DefinitionOverrides,
): { definitions: EquityDefinitions; overridden: string[] } {
  const base = PRESETS[preset];
  const changes: Partial<Omit<EquityDefinitions, 'key' | 'name'>> = {};
  const overridden: string[] = [];
  const source = 'Set in this report (overrides the preset).';
  if (overrides.inexperiencedYears !== undefined || overrides.inexperiencedComparison) {
    changes.inexperienced = {
      comparison: overrides.inexperiencedComparison ?? base.inexperienced.comparison,
      years: overrides.inexperiencedYears ?? base.inexperienced.years,
      source,
    };
    overridden.push('inexperienced');
  }
  if (overrides.principalYears !== undefined) {
    changes.inexperiencedPrincipal = {
      comparison: base.inexperiencedPrincipal.comparison,
      years: overrides.principalYears,
      source,
    };
    overridden.push('inexperiencedPrincipal');
  }
  if (overrides.ineffectiveLevels && overrides.ineffectiveLevels.length > 0) {
    changes.ineffective = { basis: 'rating', levels: overrides.ineffectiveLevels, source };
    overridden.push('ineffective');
  }
  if (overrides.provisionalStatuses && overrides.provisionalStatuses.length > 0) {
    changes.provisional = { statuses: overrides.provisionalStatuses, source };
    overridden.push('provisional');
  }
  if (overridden.length === 0) return { definitions: base, overridden };
  return {
    definitions: {
      ...base,
      ...changes,
      key: `${base.key}+custom`,
      name: `${base.name} (customised)`,
    },
    overridden,
  };
}

/**
 * A query may raise the minimum n but never lower it below the district default: ten teachers is
 * the floor under which a rate could point at a person's rating (DOMAIN.md §6).
 */
export function resolveMinimumN(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_MINIMUM_N;
  if (requested < DEFAULT_MINIMUM_N) {
    throw badRequest(`The minimum n cannot be lower than ${DEFAULT_MINIMUM_N}.`);
  }
  return requested;
}

// ---- The district's data ---------------------------------------------------------------------

export const SHARE_MEASURES = {
  poverty: 'pct_econ_disadv',
  minority: 'pct_minority',
  enrollment: 'enrollment',
} as const;

/** NC DPI staffing figures imported by the NC mappings (src/importers/mappings/nc-dpi.ts). */
export const PUBLISHED_MEASURES = [
  'teachers_count',
  'pct_teachers_beginning',
  'pct_teachers_0_3yrs',
  'pct_teachers_provisional',
  'pct_teachers_needs_improvement',
  'pct_teacher_turnover',
  'pct_principals_inexperienced',
] as const;

export interface EquityData {
  district: { id: string; name: string; state: string };
  schools: EquitySchoolRow[];
  names: Map<string, string>;
  /** measure → year → school → row. */
  values: Map<string, Map<number, Map<string, EquityValueRow>>>;
  records: StaffRecord[];
  columns: StaffColumns;
  staffYears: number[];
}

const STAFF_ROLE = { teacher: 'teacher', principal: 'principal' } as const;

export async function loadEquityData(db: Db, districtId: string): Promise<EquityData> {
  const district = await getEquityDistrict(db, districtId);
  if (!district) throw notFound('District');
  const [schools, valueRows, staffRows] = await Promise.all([
    listEquitySchools(db, districtId),
    listEquityValues(db, districtId, [...Object.values(SHARE_MEASURES), ...PUBLISHED_MEASURES]),
    listEquityStaff(db, districtId),
  ]);
  const values: EquityData['values'] = new Map();
  for (const row of valueRows) {
    let byYear = values.get(row.measureKey);
    if (!byYear) values.set(row.measureKey, (byYear = new Map()));
    let bySchool = byYear.get(row.schoolYear);
    if (!bySchool) byYear.set(row.schoolYear, (bySchool = new Map()));
    bySchool.set(row.schoolId, row);
  }
  const records: StaffRecord[] = staffRows.map((r) => ({
    staffId: r.staffId,
    schoolId: r.schoolId,
    year: r.schoolYear,
    role: r.role === 'teacher' || r.role === 'principal' ? STAFF_ROLE[r.role] : 'other',
    yearsExperience: r.yearsExperience,
    rating: r.rating,
    licenceStatus: r.licence,
    inField: r.isInField,
    fte: r.fte,
  }));
  const staffYears = [...new Set(records.map((r) => r.year))].sort((a, b) => a - b);
  return {
    district,
    schools,
    names: new Map(schools.map((s) => [s.id, s.name])),
    values,
    records,
    columns: columnsFromRecords(
      records,
      schools.map((s) => s.id),
    ),
    staffYears,
  };
}

/** A reported value of a measure for a school and year, or null. */
export function reportedValue(
  data: Pick<EquityData, 'values'>,
  measure: string,
  year: number,
  schoolId: string,
): EquityValueRow | null {
  const row = data.values.get(measure)?.get(year)?.get(schoolId);
  return row && row.status === 'reported' && row.value !== null ? row : null;
}

/**
 * One year's shares per school, indexed like columns.schoolIds. Poverty and minority shares are
 * not published every year (NC's rcd_acc_eds starts in 2018), so a school without one in the year
 * takes its share from the nearest year that has one (the earlier on a tie): school poverty moves
 * slowly, and this keeps the trend's quartiles comparable. Every borrowed year is named in notes.
 */
export function sharesForYear(
  data: EquityData,
  year: number,
): { shares: SchoolYearShares; notes: string[] } {
  const ids = data.columns.schoolIds;
  const notes: string[] = [];
  const pick = (measure: string, label: string) => {
    const byYear = data.values.get(measure);
    const years = [...(byYear?.keys() ?? [])].sort(
      (a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b,
    );
    const borrowed = new Map<number, number>();
    const out = Float64Array.from(ids, (schoolId) => {
      for (const y of years) {
        const row = reportedValue(data, measure, y, schoolId);
        if (!row) continue;
        if (y !== year) borrowed.set(y, (borrowed.get(y) ?? 0) + 1);
        return row.value ?? Number.NaN;
      }
      return Number.NaN;
    });
    for (const [y, count] of [...borrowed].sort((a, b) => a[0] - b[0])) {
      notes.push(
        `${label} for ${count} schools ${count === 1 ? 'is' : 'are'} from ${y}: ${year} has none published.`,
      );
    }
    return out;
  };
  return {
    shares: {
      poverty: pick(SHARE_MEASURES.poverty, '% economically disadvantaged'),
      minority: pick(SHARE_MEASURES.minority, '% students of colour'),
      enrollment: pick(SHARE_MEASURES.enrollment, 'Enrollment'),
    },
    notes,
  };
}

export function chooseYear(years: readonly number[], requested: number | undefined): number {
  if (years.length === 0) throw notFound('Staffing data for this district');
  if (requested === undefined) return years[years.length - 1] ?? 0;
  if (!years.includes(requested)) {
    throw notFound(`Staffing data for ${requested} (years with data: ${years.join(', ')})`);
  }
  return requested;
}
