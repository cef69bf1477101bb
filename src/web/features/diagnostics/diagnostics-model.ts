// What the "Needs & results" page shows, computed from the API's answer: labels, colours, the
// table's filtering and sorting, and the chart's words. No business rules: the server decides
// who is identified and why; this only arranges it.
import type {
  DiagnosticSchoolRow,
  DistrictDiagnostics,
  ExpectationClass,
  SchoolLevel,
} from '../../api/types.ts';
import { compareText, sortRows, type SortState } from '../../ui/sorting.ts';

export const CLASS_LABELS: Record<ExpectationClass, string> = {
  beating_the_odds: 'Beating the odds',
  as_expected: 'As expected',
  below_expectation: 'Below expectation',
  not_rated: 'Not rated',
};

/** Okabe–Ito-derived, each ≥ 3:1 on white (WCAG 1.4.11), and told apart by shape too. */
export const CLASS_COLORS: Record<ExpectationClass, string> = {
  beating_the_odds: '#17805a',
  as_expected: '#5b6670',
  below_expectation: '#b3261e',
  not_rated: '#8a949e',
};

export const CLASS_SYMBOLS: Record<ExpectationClass, string> = {
  beating_the_odds: 'triangle',
  as_expected: 'circle',
  below_expectation: 'diamond',
  not_rated: 'times',
};

/** The same shapes as text, for the legend. */
export const CLASS_GLYPHS: Record<ExpectationClass, string> = {
  beating_the_odds: '▲',
  as_expected: '●',
  below_expectation: '◆',
  not_rated: '✕',
};

export const CLASS_ORDER: readonly ExpectationClass[] = [
  'beating_the_odds',
  'as_expected',
  'below_expectation',
  'not_rated',
];

export const DESIGNATION_LABELS: Record<string, string> = {
  low_performing: 'Low-performing',
  csi: 'CSI',
  tsi: 'TSI',
  atsi: 'ATSI',
};

export function designationText(row: Pick<DiagnosticSchoolRow, 'identification'>): string {
  const names = [...new Set(row.identification.designations.map((d) => d.designation))];
  return names.map((d) => DESIGNATION_LABELS[d] ?? d).join(', ');
}

export interface DiagnosticsFilter {
  query: string;
  level: SchoolLevel | 'all';
  /** A region (or town, see DistrictDiagnostics.region); '' for every region. */
  region: string;
  classification: ExpectationClass | 'all';
  identifiedOnly: boolean;
}

export const EMPTY_FILTER: DiagnosticsFilter = {
  query: '',
  level: 'all',
  region: '',
  classification: 'all',
  identifiedOnly: false,
};

/** The regions (or towns) the district's schools are in, for the filter; sorted by name. */
export function regionChoices(rows: readonly DiagnosticSchoolRow[]): string[] {
  const regions = new Set<string>();
  for (const r of rows) if (r.region !== null && r.region.trim() !== '') regions.add(r.region);
  return [...regions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The schools of the chosen level and region: what the chart, lists and table show. */
export function filterByPlace(
  rows: readonly DiagnosticSchoolRow[],
  place: Pick<DiagnosticsFilter, 'level' | 'region'>,
): DiagnosticSchoolRow[] {
  return rows.filter(
    (r) =>
      (place.level === 'all' || r.level === place.level) &&
      (place.region === '' || r.region === place.region),
  );
}

export function filterRows(
  rows: readonly DiagnosticSchoolRow[],
  filter: DiagnosticsFilter,
): DiagnosticSchoolRow[] {
  const q = filter.query.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (q === '' || r.name.toLowerCase().includes(q) || r.id.toLowerCase().includes(q)) &&
      (filter.level === 'all' || r.level === filter.level) &&
      (filter.region === '' || r.region === filter.region) &&
      (filter.classification === 'all' || r.classification === filter.classification) &&
      (!filter.identifiedOnly || r.identification.identified),
  );
}

export interface DiagnosticsColumn {
  key: string;
  label: string;
  title: string;
  isNumeric: boolean;
  value: (row: DiagnosticSchoolRow) => string | number | null;
}

export const COLUMNS: readonly DiagnosticsColumn[] = [
  { key: 'name', label: 'School', title: 'School name', isNumeric: false, value: (r) => r.name },
  {
    key: 'needIndex',
    label: 'Need index',
    title: 'Need index, 0–100 (higher: students need more)',
    isNumeric: true,
    value: (r) => r.needIndex,
  },
  {
    key: 'econDisadv',
    label: '% econ. disadv.',
    title: '% economically disadvantaged',
    isNumeric: true,
    value: (r) => r.econDisadv,
  },
  {
    key: 'actual',
    label: 'Actual',
    title: 'Actual result',
    isNumeric: true,
    value: (r) => r.actual,
  },
  {
    key: 'expected',
    label: 'Expected',
    title: 'Expected for its poverty (the regression line)',
    isNumeric: true,
    value: (r) => r.expected,
  },
  {
    key: 'residual',
    label: 'Residual',
    title: 'Actual minus expected, this year',
    isNumeric: true,
    value: (r) => r.residual,
  },
  {
    key: 'classification',
    label: 'Against expectation',
    title: 'Beating the odds, as expected or below expectation (3-year average residual)',
    isNumeric: false,
    value: (r) => CLASS_ORDER.indexOf(r.classification),
  },
  {
    key: 'identified',
    label: 'Identified',
    title: 'Identified under the rule set',
    isNumeric: false,
    value: (r) => (r.identification.identified ? designationText(r) : ''),
  },
  {
    key: 'tier',
    label: 'Tier',
    title: 'Support tier under the rule set',
    isNumeric: false,
    value: (r) => r.identification.tier,
  },
];

export function sortDiagnosticRows(
  rows: readonly DiagnosticSchoolRow[],
  sort: SortState,
): DiagnosticSchoolRow[] {
  const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0];
  if (!column) return [...rows];
  const valueOf = (r: DiagnosticSchoolRow) => {
    const v = column.value(r);
    return v === '' ? null : v;
  };
  return sortRows(rows, valueOf, sort.direction, (r) => r.name);
}

export function identifiedSchools(d: DistrictDiagnostics): DiagnosticSchoolRow[] {
  return d.schools
    .filter((s) => s.identification.identified)
    .sort((a, b) => compareText(a.name, b.name));
}

export interface ChartPoint {
  id: string;
  name: string;
  level: SchoolLevel;
  x: number;
  y: number;
  expected: number | null;
  classification: ExpectationClass;
  classLabel: string;
}

export function chartPoints(rows: readonly DiagnosticSchoolRow[]): ChartPoint[] {
  return rows.flatMap((r) =>
    r.econDisadv === null || r.actual === null
      ? []
      : [
          {
            id: r.id,
            name: r.name,
            level: r.level,
            x: r.econDisadv,
            y: r.actual,
            expected: r.expected,
            classification: r.classification,
            classLabel: CLASS_LABELS[r.classification],
          },
        ],
  );
}

const one = (v: number) => v.toFixed(1).replace(/^-/, '\u2212');

/** The chart in words: the fit, and how many schools fall in each class. */
export function describeChart(d: DistrictDiagnostics, points: readonly ChartPoint[]): string {
  if (d.fit === null) return d.methods.regression;
  const counts = CLASS_ORDER.filter((c) => c !== 'not_rated')
    .map(
      (c) =>
        `${points.filter((p) => p.classification === c).length} ${CLASS_LABELS[c].toLowerCase()}`,
    )
    .join(', ');
  return `${points.length} schools shown. Expected ${d.outcome.label.toLowerCase()} = ${one(d.fit.intercept)} ${d.fit.slope < 0 ? '−' : '+'} ${Math.abs(d.fit.slope).toFixed(2)} × % economically disadvantaged (R² = ${d.fit.rSquared.toFixed(2)}, n = ${d.fit.n}): each 10 points more poverty predicts ${one(Math.abs(d.fit.slope * 10))} points ${d.fit.slope < 0 ? 'lower' : 'higher'}. The shaded band is where a school is as expected in one year. ${counts}.`;
}
