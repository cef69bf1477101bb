// The equity report (issue 5; ESSA §1111(g)(1)(B), §1112(b)(2); DOMAIN.md §5) for a district and
// school year: rates of inexperienced, ineffective, out-of-field and provisional teachers,
// turnover and inexperienced principals in the highest- against the lowest-poverty (and
// -minority) quartile of the district's schools, teacher- and student-weighted with school
// averages labelled beside, the gap in points, the schools that drive it, and the gap over every
// loaded year. From person-level staff records (the columnar path) or from the school-level
// figures NC DPI publishes. Every rate under the minimum n is suppressed, its count withheld.
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { staffingFromColumns, type SchoolYearShares } from '../domain/equity/columnar.ts';
import { describeDefinitions, type EquityDefinitions } from '../domain/equity/definitions.ts';
import {
  computeEquityReport,
  type EquityComparison,
  type EquityReport,
  type EquitySchool,
} from '../domain/equity/equity-report.ts';
import {
  assignQuartiles,
  type Quartile,
  type QuartileMethod,
  type SchoolGroups,
} from '../domain/equity/quartiles.ts';
import {
  EQUITY_MEASURES,
  MEASURE_LABELS,
  type EquityMeasure,
  type SchoolStaffing,
} from '../domain/equity/staffing.ts';
import {
  chooseYear,
  defaultPreset,
  equityScope,
  loadEquityData,
  PRESET_LIST,
  resolveDefinitions,
  resolveMinimumN,
  sharesForYear,
  type DefinitionOverrides,
  type EquityData,
  type EquityPresetKey,
} from './equity-data.ts';
import { publishedStaffing, publishedYears } from './equity-published.ts';
import { statewideComparison, type StatewideView } from './equity-statewide.ts';
import {
  quartileRates,
  rateView,
  tallyView,
  toDimensionView,
  type DimensionView,
  type RateView,
} from './equity-views.ts';

export type { DimensionView, RateView } from './equity-views.ts';
export type { StatewideComparisonView, StatewideView } from './equity-statewide.ts';

export interface EquityQuery extends DefinitionOverrides {
  year?: number;
  preset?: EquityPresetKey;
  source?: 'staff' | 'published';
  quartileMethod?: QuartileMethod;
  countBy?: 'headcount' | 'fte';
  minimumN?: number;
}

export interface TrendPoint {
  year: number;
  dimension: 'poverty' | 'minority';
  measure: EquityMeasure;
  high: RateView;
  low: RateView;
  gapPoints: number | null;
}

export interface SchoolEquityRow {
  id: string;
  name: string;
  enrollment: number | null;
  poverty: { share: number | null; quartile: Quartile | null };
  minority: { share: number | null; quartile: Quartile | null };
  measures: Partial<Record<EquityMeasure, RateView>>;
}

export interface EquityReportView {
  district: { id: string; name: string };
  year: number;
  years: number[];
  source: 'staff' | 'published';
  preset: EquityPresetKey;
  presets: { key: EquityPresetKey; name: string }[];
  definitions: {
    key: string;
    name: string;
    lines: string[];
    overridden: string[];
    /** Per measure: what it counts, in words, with its source. */
    measures: Partial<Record<EquityMeasure, string>>;
  };
  minimumN: number;
  quartileMethod: QuartileMethod;
  countBy: 'headcount' | 'fte';
  scope: 'district' | 'school';
  measures: { key: EquityMeasure; label: string; of: string }[];
  dimensions: DimensionView[];
  trend: TrendPoint[];
  schools: SchoolEquityRow[];
  statewide: StatewideView;
  sources: string[];
  notes: string[];
}

interface YearInputs {
  schools: EquitySchool[];
  staffing: SchoolStaffing[];
  comparisons: EquityComparison[];
  groups: { poverty: SchoolGroups | null; minority: SchoolGroups | null };
  shareNotes: string[];
  shares: SchoolYearShares;
  definitions: Partial<Record<EquityMeasure, string>>;
}

function yearInputs(
  data: EquityData,
  year: number,
  source: 'staff' | 'published',
  definitions: EquityDefinitions,
  options: { quartileMethod: QuartileMethod; countBy: 'headcount' | 'fte' },
): YearInputs {
  const { shares, notes } = sharesForYear(data, year);
  const ids = data.columns.schoolIds;
  const known = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
  const schools = ids.map((schoolId, s) => ({
    schoolId,
    name: data.names.get(schoolId) ?? schoolId,
    enrollment: known(shares.enrollment[s]),
  }));
  const rank = (values: Float64Array, label: string): SchoolGroups | null => {
    const rankable = ids.map((schoolId, s) => ({
      schoolId,
      share: known(values[s]),
      students: known(shares.enrollment[s]),
    }));
    const usable = rankable.filter(
      (r) => r.share !== null && (options.quartileMethod === 'schools' || r.students !== null),
    );
    if (usable.length < 4) {
      notes.push(`Fewer than 4 schools have a known ${label} in ${year}: no ${label} quartiles.`);
      return null;
    }
    return assignQuartiles(rankable, { method: options.quartileMethod, shareLabel: label });
  };
  const poverty = rank(shares.poverty, '% economically disadvantaged');
  const minority = rank(shares.minority, '% students of colour');
  const comparisons: EquityComparison[] = [];
  if (poverty) {
    comparisons.push({
      dimension: 'poverty',
      label: 'Poverty quartiles within the district',
      groups: poverty,
    });
  }
  if (minority) {
    comparisons.push({
      dimension: 'minority',
      label: 'Minority quartiles within the district',
      groups: minority,
    });
  }
  if (source === 'published') {
    const published = publishedStaffing(data, year);
    return {
      schools,
      staffing: published.staffing,
      comparisons,
      groups: { poverty, minority },
      shareNotes: notes,
      shares,
      definitions: published.definitions,
    };
  }
  const lines = describeDefinitions(definitions);
  return {
    schools,
    staffing: staffingFromColumns(data.columns, definitions, year, { countBy: options.countBy }),
    comparisons,
    groups: { poverty, minority },
    shareNotes: notes,
    shares,
    definitions: {
      inexperienced: `${lines[1] ?? ''} ${definitions.inexperienced.source}`,
      ineffective: `${lines[3] ?? ''} ${definitionSource(definitions)}`,
      outOfField: `${lines[4] ?? ''} ${definitions.outOfField.source}`,
      provisional: `${lines[5] ?? ''} ${definitions.provisional.source}`,
      turnover:
        'Turnover: last year’s teachers at the school who do not teach there this year (moved or left).',
      inexperiencedPrincipal: `${lines[2] ?? ''} ${definitions.inexperiencedPrincipal.source}`,
    },
  };
}

const definitionSource = (d: EquityDefinitions) => d.ineffective.source;

export async function getEquityReport(
  db: Db,
  actor: Actor,
  query: EquityQuery = {},
): Promise<EquityReportView> {
  const scope = equityScope(actor);
  const minimumN = resolveMinimumN(query.minimumN);
  const data = await loadEquityData(db, actor.districtId);
  const preset = query.preset ?? defaultPreset(data.district.state);
  const { definitions, overridden } = resolveDefinitions(preset, query);
  const source = query.source ?? (data.staffYears.length > 0 ? 'staff' : 'published');
  const years = source === 'staff' ? data.staffYears : publishedYears(data);
  const year = chooseYear(years, query.year);
  const options = {
    quartileMethod: query.quartileMethod ?? 'schools',
    countBy: query.countBy ?? 'headcount',
  } as const;

  const reportOf = (y: number, inputs: YearInputs, topDrivers: number): EquityReport =>
    computeEquityReport({
      year: y,
      schools: inputs.schools,
      staffing: inputs.staffing,
      comparisons: inputs.comparisons,
      minimumN,
      topDrivers,
    });
  const current = yearInputs(data, year, source, definitions, options);
  const measures = EQUITY_MEASURES.filter((m) =>
    current.staffing.some((s) => s.measures[m] !== undefined),
  );
  const notes = [...current.shareNotes];
  if (source === 'published') {
    notes.push(
      'Figures are NC DPI’s published school-level shares (counts are share × teachers); the ' +
        'definitions are the publisher’s, shown with each measure.',
    );
  }

  let dimensions: DimensionView[] = [];
  let trend: TrendPoint[] = [];
  if (scope.kind === 'district') {
    const report = reportOf(year, current, 10);
    dimensions = report.dimensions.map((d) => {
      const groups = d.dimension === 'poverty' ? current.groups.poverty : current.groups.minority;
      return toDimensionView(d, minimumN, quartileRates(current.staffing, groups, year, minimumN));
    });
    trend = years.flatMap((y) => {
      const inputs = y === year ? current : yearInputs(data, y, source, definitions, options);
      return reportOf(y, inputs, 0).dimensions.flatMap((d) =>
        d.gaps.map((g) => ({
          year: y,
          dimension: d.dimension,
          measure: g.measure,
          high: rateView(g.high.teacherWeighted, minimumN),
          low: rateView(g.low.teacherWeighted, minimumN),
          gapPoints: g.gapPoints,
        })),
      );
    });
  } else {
    notes.push(
      'You see your own school’s figures. District-wide gaps name other schools and are shown to ' +
        'district leaders, analysts and HR.',
    );
  }

  const statewide = await statewideComparison(db, {
    data,
    year,
    source,
    staffing: current.staffing,
    schools: current.schools,
    shares: current.shares,
    quartileMethod: options.quartileMethod,
    minimumN,
    isDistrictScope: scope.kind === 'district',
  });

  const visible = scope.kind === 'district' ? null : new Set(scope.schoolIds);
  const staffingBySchool = new Map(current.staffing.map((s) => [s.schoolId, s]));
  const known = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
  const schools: SchoolEquityRow[] = current.schools.flatMap((s, index) => {
    const isShown = visible ? visible.has(s.schoolId) : staffingBySchool.has(s.schoolId);
    if (!isShown) return [];
    const staffing = staffingBySchool.get(s.schoolId);
    const placed = (groups: SchoolGroups | null) =>
      groups?.groups.get(s.schoolId)?.quartile ?? null;
    const row: SchoolEquityRow = {
      id: s.schoolId,
      name: s.name ?? s.schoolId,
      enrollment: s.enrollment,
      poverty: {
        share: known(current.shares.poverty[index]),
        quartile: placed(current.groups.poverty),
      },
      minority: {
        share: known(current.shares.minority[index]),
        quartile: placed(current.groups.minority),
      },
      measures: {},
    };
    for (const measure of measures) {
      const tally = staffing?.measures[measure];
      if (tally) row.measures[measure] = tallyView(tally, year, minimumN);
    }
    return [row];
  });

  return {
    district: { id: data.district.id, name: data.district.name },
    year,
    years,
    source,
    preset,
    presets: PRESET_LIST,
    definitions: {
      key: definitions.key,
      name: definitions.name,
      lines: describeDefinitions(definitions),
      overridden,
      measures: current.definitions,
    },
    minimumN,
    quartileMethod: options.quartileMethod,
    countBy: options.countBy,
    scope: scope.kind === 'district' ? 'district' : 'school',
    measures: measures.map((key) => ({
      key,
      label: MEASURE_LABELS[key].noun,
      of: MEASURE_LABELS[key].of,
    })),
    dimensions,
    trend,
    schools,
    statewide,
    sources: [
      ...(source === 'staff'
        ? [
            'Person-level staff records: assignments, evaluation ratings and licences loaded for the district' +
              (data.records.length > 0 ? '' : ' (none loaded)') +
              '.',
            'School shares: % economically disadvantaged (NC DPI rcd_acc_eds), % students of colour (NC DPI ec_pupils), enrollment.',
          ]
        : [
            'NC DPI School Report Card research files: rcd_eq, rcd_effectiveness3, rcd_experience, personnel.',
            'School shares: % economically disadvantaged (NC DPI rcd_acc_eds), % students of colour (NC DPI ec_pupils), enrollment.',
          ]),
      ...(statewide.available
        ? [
            `Statewide reference figures (${statewide.state}, ${statewide.year}, ${(statewide.stateSchools ?? 0).toLocaleString('en-US')} state schools): ${statewide.sourceFiles.join(', ')}.`,
          ]
        : []),
    ],
    notes,
  };
}
