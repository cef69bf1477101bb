// The district overview and the school page: what a signed-in user sees of every school.
import type { Actor } from '../domain/access/access.ts';
import { canViewSchoolAggregates } from '../domain/access/access.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';
import { forbidden, notFound } from '../domain/shared/errors.ts';
import { applyMinimumN, type Figure } from '../domain/shared/suppression.ts';
import type { Db } from '../db/connection.ts';
import type { MeasureValuesTable, MeasuresTable, SchoolsTable } from '../db/schema.ts';
import {
  batchSources,
  getDistrict,
  getSchool,
  latestValues,
  listMeasures,
  listSchools,
  listYears,
  schoolValues,
} from '../db/queries/schools.ts';

/** The columns of the district table, in order (DOMAIN.md §1: needs and headline results). */
export const HEADLINE_MEASURES = [
  'enrollment',
  'pct_econ_disadv',
  'pct_el',
  'pct_swd',
  'spg_score',
  'spg_grade',
  'achievement_score',
  'growth_status',
  'grad_rate_4yr',
  'chronic_absence_rate',
] as const;

export interface MeasureInfo {
  key: string;
  label: string;
  category: MeasuresTable['category'];
  unit: MeasuresTable['unit'];
  higherIsBetter: boolean | null;
  description: string;
  source: string;
}

export interface SchoolSummary {
  id: string;
  name: string;
  level: SchoolsTable['level'];
  gradeSpan: string | null;
  isTitleI: boolean | null;
  city: string | null;
  region: string | null;
  figures: Record<string, Figure>;
}

export interface DistrictOverview {
  district: { id: string; name: string; state: string; isDemo: boolean };
  years: number[];
  measures: MeasureInfo[];
  schools: SchoolSummary[];
}

function toMeasureInfo(m: MeasuresTable): MeasureInfo {
  return {
    key: m.key,
    label: m.label,
    category: m.category,
    unit: m.unit,
    higherIsBetter: m.higher_is_better,
    description: m.description,
    source: m.source,
  };
}

/** A stored value as the page shows it: a rate about fewer than the minimum n is suppressed. */
export function toFigure(
  row: Pick<
    MeasureValuesTable,
    'school_year' | 'value' | 'value_text' | 'status' | 'n' | 'source_marker'
  >,
  unit: MeasuresTable['unit'] | undefined,
): Figure {
  const figure: Figure = {
    year: row.school_year,
    value: row.value,
    text: row.value_text,
    status: row.status,
    n: row.n,
    marker: row.source_marker,
  };
  // Rates about people obey the minimum n; counts and money are not about a group of people.
  return unit === 'percent' ? applyMinimumN(figure) : figure;
}

/**
 * A school, every value stored for it and the district's measures, for a user who may see the
 * school page (the page itself, and its figures as CSV: school-figures-export.ts).
 */
export async function loadSchoolValues(db: Db, actor: Actor, schoolId: string) {
  assertCanView(actor);
  const school = await getSchool(db, actor.districtId, schoolId);
  if (!school) throw notFound(`School ${schoolId}`);
  const [values, measures] = await Promise.all([
    schoolValues(db, actor.districtId, schoolId),
    listMeasures(db, actor.districtId),
  ]);
  // The import batches the values came from (their files).
  const batches = await batchSources(db, actor.districtId, [
    ...new Set(values.map((v) => v.batch_id)),
  ]);
  return { school, values, measures, batches };
}

const CATALOGUE_ORDER = new Map(STANDARD_MEASURES.map((m, i) => [m.key, i]));

/** The school page's order of a school's figures: measures as the catalogue lists them (others
 * after, by key), all students before the groups (by key). */
export function compareSeries(
  aMeasure: string,
  aGroup: string,
  bMeasure: string,
  bGroup: string,
): number {
  return (
    (CATALOGUE_ORDER.get(aMeasure) ?? 999) - (CATALOGUE_ORDER.get(bMeasure) ?? 999) ||
    aMeasure.localeCompare(bMeasure) ||
    Number(bGroup === 'all') - Number(aGroup === 'all') ||
    aGroup.localeCompare(bGroup)
  );
}

function assertCanView(actor: Actor) {
  if (!canViewSchoolAggregates(actor)) throw forbidden();
}

export async function getDistrictOverview(db: Db, actor: Actor): Promise<DistrictOverview> {
  assertCanView(actor);
  const district = await getDistrict(db, actor.districtId);
  if (!district) throw notFound('The district');
  const [schools, measures, latest, years] = await Promise.all([
    listSchools(db, actor.districtId),
    listMeasures(db, actor.districtId, HEADLINE_MEASURES),
    latestValues(db, actor.districtId, HEADLINE_MEASURES),
    listYears(db, actor.districtId),
  ]);
  const units = new Map(measures.map((m) => [m.key, m.unit]));
  const bySchool = new Map<string, Record<string, Figure>>();
  for (const row of latest) {
    const figures = bySchool.get(row.school_id) ?? {};
    figures[row.measure_key] = toFigure(row, units.get(row.measure_key));
    bySchool.set(row.school_id, figures);
  }
  const order = new Map<string, number>(HEADLINE_MEASURES.map((k, i) => [k, i]));
  return {
    district: {
      id: district.id,
      name: district.name,
      state: district.state,
      isDemo: district.is_demo,
    },
    years,
    measures: measures
      .map(toMeasureInfo)
      .sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0)),
    schools: schools.map((s) => ({
      id: s.id,
      name: s.name,
      level: s.level,
      gradeSpan: s.grade_span,
      isTitleI: s.is_title_i,
      city: s.city,
      region: s.region,
      figures: bySchool.get(s.id) ?? {},
    })),
  };
}

export interface SchoolSeries {
  measure: MeasureInfo;
  studentGroup: string;
  points: Figure[];
}

export interface SchoolDetail {
  school: SchoolSummary & {
    stateId: string | null;
    ncesId: string | null;
    street: string | null;
    state: string | null;
    zip: string | null;
    latitude: number | null;
    longitude: number | null;
  };
  years: number[];
  series: SchoolSeries[];
  sources: Array<{
    batchId: string;
    fileName: string;
    kind: string;
    mapping: string | null;
    importedAt: string;
  }>;
}

export async function getSchoolDetail(
  db: Db,
  actor: Actor,
  schoolId: string,
): Promise<SchoolDetail> {
  const { school, values, measures, batches } = await loadSchoolValues(db, actor, schoolId);
  const info = new Map(measures.map((m) => [m.key, toMeasureInfo(m)]));
  const seriesByKey = new Map<string, SchoolSeries>();
  for (const row of values) {
    const measure = info.get(row.measure_key);
    if (!measure) continue;
    const key = `${row.measure_key}\u0000${row.student_group}`;
    let series = seriesByKey.get(key);
    if (!series) {
      series = { measure, studentGroup: row.student_group, points: [] };
      seriesByKey.set(key, series);
    }
    series.points.push(toFigure(row, measure.unit));
  }
  const series = [...seriesByKey.values()].sort((a, b) =>
    compareSeries(a.measure.key, a.studentGroup, b.measure.key, b.studentGroup),
  );
  const years = [...new Set(values.map((v) => v.school_year))].sort((a, b) => a - b);
  const latest = Object.fromEntries(
    series
      .filter((s) => s.studentGroup === 'all' && s.points.length > 0)
      .map((s) => [s.measure.key, s.points[s.points.length - 1] as Figure]),
  );
  return {
    school: {
      id: school.id,
      name: school.name,
      level: school.level,
      gradeSpan: school.grade_span,
      isTitleI: school.is_title_i,
      city: school.city,
      region: school.region,
      figures: latest,
      stateId: school.state_id,
      ncesId: school.nces_id,
      street: school.street,
      state: school.state,
      zip: school.zip,
      latitude: school.latitude,
      longitude: school.longitude,
    },
    years,
    series,
    sources: batches.map((b) => ({
      batchId: b.id,
      fileName: b.file_name,
      kind: b.source_kind,
      mapping: b.mapping_name,
      importedAt: new Date(b.created_at).toISOString(),
    })),
  };
}
