// The columns of the district's schools table: the school's own facts, then every headline
// measure that at least one school reports (a state that does not publish % EL gets no
// empty % EL column).
import type { DistrictOverview, MeasureInfo, SchoolSummary } from '../../api/types.ts';
import { LEVEL_LABELS } from '../../../domain/schools/levels.ts';
import { formatText, formatYesNo } from '../../ui/format.ts';

/** Headers short enough for a table with many columns; the full label is in the tooltip. */
const SHORT_LABELS: Record<string, string> = {
  enrollment: 'Students',
  pct_econ_disadv: '% econ. disadv.',
  pct_el: '% EL',
  pct_swd: '% SWD',
  pct_minority: '% students of color',
  spg_score: 'Perf. score',
  spg_grade: 'Perf. grade',
  achievement_score: 'Proficiency',
  growth_status: 'Growth',
  grad_rate_4yr: 'Grad. rate',
  chronic_absence_rate: 'Chronic absence',
};

export type ColumnFilter = 'search' | 'choice' | 'range';

export interface TableColumn {
  key: string;
  label: string;
  /** The full name, for tooltips and filter labels. */
  title: string;
  filter: ColumnFilter;
  isNumeric: boolean;
  /** False for a column only the filters and the CSV carry (the table shows it elsewhere). */
  isInTable: boolean;
  measure: MeasureInfo | null;
}

const fact = (key: string, label: string, title: string, filter: ColumnFilter): TableColumn => ({
  key,
  label,
  title,
  filter,
  isNumeric: false,
  isInTable: true,
  measure: null,
});

const FACT_COLUMNS: TableColumn[] = [
  fact('name', 'School', 'School', 'search'),
  fact('level', 'Level', 'Level', 'choice'),
  // Shown under the level in the table, to keep it narrow enough to read without scrolling.
  { ...fact('gradeSpan', 'Grades', 'Grades served', 'choice'), isInTable: false },
  fact('isTitleI', 'Title\u00a0I', 'Title I school', 'choice'),
];

const isTextUnit = (m: MeasureInfo) => m.unit === 'grade' || m.unit === 'status';

/**
 * Where a school's region comes from (docs/decisions/006-diagnostics-methods.md, "Regions"):
 * the district's own regions when any school has one (a directory file with a region column);
 * otherwise, when schools have a town, the town, labelled "Region (town)" so no one takes it for
 * a district-drawn region (NC's directory files, and so the demo, carry towns but no regions);
 * otherwise none, and no filter.
 */
export type RegionSource = 'region' | 'town';

export function regionSource(
  schools: ReadonlyArray<Pick<SchoolSummary, 'region' | 'city'>>,
): RegionSource | null {
  if (schools.some((s) => s.region !== null && s.region.trim() !== '')) return 'region';
  if (schools.some((s) => s.city !== null && s.city.trim() !== '')) return 'town';
  return null;
}

export const REGION_LABELS: Record<RegionSource, string> = {
  region: 'Region',
  town: 'Region (town)',
};

/** The region column for the source: `region` or `town`, both filtered by choice. */
export function regionColumn(source: RegionSource): TableColumn {
  return {
    ...fact(source, REGION_LABELS[source], REGION_LABELS[source], 'choice'),
    // A filter and a CSV column, not a table column: the table stays narrow enough to read.
    isInTable: false,
  };
}

export function buildColumns(overview: Pick<DistrictOverview, 'measures' | 'schools'>): {
  columns: TableColumn[];
  unpublished: MeasureInfo[];
} {
  const published = (m: MeasureInfo) =>
    overview.schools.some((s) => {
      const f = s.figures[m.key];
      return f !== undefined && f.status !== 'missing';
    });
  const columns = [...FACT_COLUMNS];
  const source = regionSource(overview.schools);
  if (source !== null) columns.splice(2, 0, regionColumn(source));
  const unpublished: MeasureInfo[] = [];
  for (const measure of overview.measures) {
    if (!published(measure)) {
      unpublished.push(measure);
      continue;
    }
    columns.push({
      key: measure.key,
      label: SHORT_LABELS[measure.key] ?? measure.label,
      title: measure.label,
      filter: isTextUnit(measure) ? 'choice' : 'range',
      isNumeric: !isTextUnit(measure),
      isInTable: true,
      measure,
    });
  }
  return { columns, unpublished };
}

const levelLabels: Record<string, string> = LEVEL_LABELS;
const LEVEL_ORDER = Object.keys(LEVEL_LABELS);
const STATUS_ORDER: Record<string, number> = { NotMet: 1, 'Not Met': 1, Met: 2, Exceeded: 3 };

/** The raw value a choice filter compares: a level key, a grade span, 'yes'/'no', a code. */
export function choiceValue(school: SchoolSummary, column: TableColumn): string | null {
  switch (column.key) {
    case 'level':
      return school.level;
    case 'gradeSpan':
      return school.gradeSpan;
    case 'region':
      return school.region;
    case 'town':
      return school.city;
    case 'isTitleI':
      return school.isTitleI === null ? null : school.isTitleI ? 'yes' : 'no';
    default: {
      const figure = school.figures[column.key];
      return figure?.status === 'reported' ? figure.text : null;
    }
  }
}

/** Every choice a column offers, in a sensible order, with the words to show. */
export function choiceOptions(
  schools: readonly SchoolSummary[],
  column: TableColumn,
): Array<{ value: string; label: string }> {
  if (column.key === 'isTitleI') {
    return [
      { value: 'yes', label: formatYesNo(true) },
      { value: 'no', label: formatYesNo(false) },
    ];
  }
  const values = new Set<string>();
  for (const school of schools) {
    const value = choiceValue(school, column);
    if (value !== null) values.add(value);
  }
  const sorted = [...values].sort((a, b) => compareChoices(column, a, b));
  return sorted.map((value) => ({ value, label: choiceLabel(column, value) }));
}

function choiceLabel(column: TableColumn, value: string): string {
  if (column.key === 'level') return levelLabels[value] ?? value;
  if (column.measure) return formatText(value, column.measure.unit);
  return value;
}

function compareChoices(column: TableColumn, a: string, b: string): number {
  if (column.key === 'level') return LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b);
  if (column.measure?.unit === 'status' && a in STATUS_ORDER && b in STATUS_ORDER) {
    return (STATUS_ORDER[b] ?? 0) - (STATUS_ORDER[a] ?? 0);
  }
  return a.localeCompare(b, 'en', { numeric: true });
}

/** What a column sorts by; null (not reported, suppressed) always sorts last. */
export function sortValue(school: SchoolSummary, column: TableColumn): string | number | null {
  switch (column.key) {
    case 'name':
      return school.name;
    case 'level':
      return LEVEL_ORDER.indexOf(school.level);
    case 'gradeSpan':
      return school.gradeSpan;
    case 'region':
      return school.region;
    case 'town':
      return school.city;
    case 'isTitleI':
      return school.isTitleI === null ? null : school.isTitleI ? 1 : 0;
    default: {
      const figure = school.figures[column.key];
      if (!figure || figure.status !== 'reported') return null;
      if (column.measure?.unit === 'status' && figure.text !== null) {
        return STATUS_ORDER[figure.text] ?? figure.text;
      }
      return column.isNumeric ? figure.value : figure.text;
    }
  }
}
