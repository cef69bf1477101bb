// The mapping a user builds in the form: for each source column, what it feeds (nothing, the
// school id, the school year, or a measure for a student group), plus suppression markers. Pure
// functions, so the form and its tests share them; the result is an ordinary mapping document
// (src/importers/mapping.ts), validated by the server like any other.
import type { MappingInput } from '../../../importers/mapping.ts';
import {
  isStudentGroup,
  STANDARD_MEASURES,
  valueTypeOf,
  type StudentGroup,
} from '../../../domain/shared/catalogue.ts';

export type ColumnRole = 'ignore' | 'school' | 'year' | 'measure';

export interface ColumnChoice {
  role: ColumnRole;
  /** For a measure: its key in the catalogue. */
  measure: string;
  /** For a measure: the student group the column is for (one column per group is
   * "wide-to-long": each becomes its own row). */
  group: StudentGroup;
  /** For a percent measure: the column holds fractions (0.45), stored as 45. */
  isFraction: boolean;
  /** For a measure: the column giving how many students it counts (its n), '' for none. The n
   * is what small-group suppression reads (DOMAIN.md §6). */
  nColumn: string;
}

export interface BuilderState {
  columns: Record<string, ColumnChoice>;
  /** The school year when no column gives it, as typed (spring year, e.g. 2019). */
  fixedYear: string;
  /** Extra suppression markers, comma-separated (the standard ones are always known). */
  markers: string;
}

const blank = (): ColumnChoice => ({
  role: 'ignore',
  measure: STANDARD_MEASURES[0]?.key ?? 'enrollment',
  group: 'all',
  isFraction: false,
  nColumn: '',
});

/** A first guess from the header: a column named like a school code or a year is taken so. */
export function initialBuilder(header: readonly string[]): BuilderState {
  const columns: Record<string, ColumnChoice> = {};
  let hasSchool = false;
  let hasYear = false;
  for (const name of header) {
    const choice = blank();
    const lower = name.toLowerCase();
    if (!hasSchool && /(school|agency).*(code|id|number)|^(code|school_?id|dese id)$/.test(lower)) {
      choice.role = 'school';
      hasSchool = true;
    } else if (!hasYear && /year/.test(lower)) {
      choice.role = 'year';
      hasYear = true;
    } else {
      const measure = STANDARD_MEASURES.find(
        (m) => m.key === lower || m.label.toLowerCase() === lower,
      );
      if (measure) Object.assign(choice, { role: 'measure', measure: measure.key });
    }
    columns[name] = choice;
  }
  return { columns, fixedYear: '', markers: '' };
}

export function choiceOf(state: BuilderState, column: string): ColumnChoice {
  return state.columns[column] ?? blank();
}

/** A measure the form can offer: the standard catalogue's, and the district's own (those a
 * mapping defined), as the server lists them. */
export interface MeasureOption {
  key: string;
  label: string;
  unit: string;
}

export interface BuiltMapping {
  mapping: MappingInput | null;
  /** What the form still needs, in words. */
  missing: string[];
}

/** The mapping document the form describes, or what is missing before there can be one. */
export function buildMapping(
  header: readonly string[],
  state: BuilderState,
  catalogue: readonly MeasureOption[] = STANDARD_MEASURES,
): BuiltMapping {
  const entries = header.map((c) => [c, choiceOf(state, c)] as const);
  const school = entries.find(([, c]) => c.role === 'school')?.[0];
  const yearColumn = entries.find(([, c]) => c.role === 'year')?.[0];
  const measures = entries.filter(([, c]) => c.role === 'measure');
  const fixedYear = Number(state.fixedYear);
  const hasFixedYear = Number.isInteger(fixedYear) && fixedYear >= 1990 && fixedYear <= 2100;
  const missing: string[] = [];
  if (!school) missing.push('a column with the school id');
  if (!yearColumn && !hasFixedYear)
    missing.push('a school year column, or the year the file is for');
  if (measures.length === 0) missing.push('at least one measure column');
  if (!school || (!yearColumn && !hasFixedYear) || measures.length === 0) {
    return { mapping: null, missing };
  }
  const extraMarkers = state.markers
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const counts = measures.flatMap(([, c]) =>
    c.nColumn !== '' && header.includes(c.nColumn) ? [c.nColumn] : [],
  );
  const used = [
    ...new Set([
      school,
      ...(yearColumn ? [yearColumn] : []),
      ...measures.map(([c]) => c),
      ...counts,
    ]),
  ];
  return {
    missing: [],
    mapping: {
      kind: 'measures',
      name: 'built-in-the-web-app',
      title: 'Mapping built in the web app',
      description: 'Built column by column on the Data imports page.',
      match: { requiredColumns: used },
      school: { column: school },
      year: yearColumn ? { column: yearColumn } : { value: fixedYear },
      ...(extraMarkers.length > 0 ? { cells: { extraMarkers } } : {}),
      measures: measures.map(([column, c]) => {
        const unit = catalogue.find((m) => m.key === c.measure)?.unit;
        const isText = unit !== undefined && valueTypeOf(unit) === 'text';
        return {
          measure: c.measure,
          type: isText ? ('text' as const) : ('number' as const),
          column,
          ...(c.group === 'all' ? {} : { studentGroup: c.group }),
          ...(!isText && unit === 'percent' && c.isFraction ? { scale: 100 } : {}),
          ...(c.nColumn !== '' && header.includes(c.nColumn) ? { n: { column: c.nColumn } } : {}),
        };
      }),
    },
  };
}

/** A title to offer when saving a mapping built for a file: its name, as a person would say it
 * ("attendance_march (1).csv" → "attendance march"). */
export function titleFromFileName(fileName: string): string {
  return fileName
    .replace(/(\.(csv|txt|xlsx|gz))+$/i, '')
    .replace(/\s*\(\d+\)$/, '')
    .replace(/[_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How the page reads the file: a saved or built-in mapping by name; one built in the form —
 * from scratch, or as a changed copy of a saved one (`replaces`), which takes its place when
 * saved; or a mapping file the user wrote (docs/mappings.md), opened from their computer. */
export type Choice =
  | { kind: 'named'; name: string }
  | { kind: 'custom'; builder: BuilderState; replaces?: { name: string; title: string } }
  | {
      kind: 'file';
      fileName: string;
      document: Record<string, unknown>;
      /** The saved mapping of the file's `name` (one downloaded, changed by hand, opened again),
       * which it takes the place of when saved. */
      replaces?: { name: string; title: string };
    };

/** A mapping file is a few kilobytes; the largest built-in mapping, as JSON, is under 20 kB. */
export const MAX_MAPPING_FILE_BYTES = 1_000_000;

/**
 * A mapping file's text as the document the server is sent, or why it cannot be one. Only the
 * JSON is checked here; what the mapping says, the server validates, naming the field.
 */
export function readMappingFile(
  fileName: string,
  text: string,
): { document: Record<string, unknown> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const reason = e instanceof Error ? e.message : 'not JSON';
    return { error: `${fileName} is not a JSON mapping file: ${reason}.` };
  }
  if (!isJson(parsed)) {
    return { error: `${fileName} is not a mapping: a mapping file holds one JSON object ({ … }).` };
  }
  return { document: parsed };
}

type Json = Record<string, unknown>;
const isJson = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const onlyKeys = (x: Json, keys: readonly string[]) =>
  Object.keys(x).every((k) => keys.includes(k) || x[k] === undefined);

/**
 * The form that would build `doc` for a file with `header`: the inverse of buildMapping, for a
 * mapping of the shapes the form makes (school and year columns or a fixed year, one catalogued
 * measure per column, for a student group, as fractions, with its n, extra markers). Null for
 * anything else (a mapping written by hand may do more than the form can show). A column the
 * mapping reads that this file lacks is left out: the form shows this file's columns.
 */
export function builderFromMapping(
  doc: unknown,
  header: readonly string[],
  catalogue: readonly MeasureOption[] = STANDARD_MEASURES,
): BuilderState | null {
  if (!isJson(doc) || doc.kind !== 'measures') return null;
  const top = ['kind', 'name', 'title', 'description', 'match', 'school', 'year', 'cells'];
  if (!onlyKeys(doc, [...top, 'measures'])) return null;
  const { school, year, cells, measures } = doc;
  if (!isJson(school) || !onlyKeys(school, ['column']) || typeof school.column !== 'string') {
    return null;
  }
  if (!isJson(year)) return null;
  const yearColumn = onlyKeys(year, ['column']) && typeof year.column === 'string';
  const fixedYear = onlyKeys(year, ['value']) && typeof year.value === 'number';
  if (!yearColumn && !fixedYear) return null;
  let markers = '';
  if (cells !== undefined) {
    if (!isJson(cells) || !onlyKeys(cells, ['extraMarkers'])) return null;
    const extra = cells.extraMarkers ?? [];
    if (!Array.isArray(extra) || !extra.every((m) => typeof m === 'string')) return null;
    markers = extra.join(', ');
  }
  if (!Array.isArray(measures)) return null;
  const columns: Record<string, ColumnChoice> = {};
  const has = (column: string) => header.includes(column);
  if (has(school.column)) columns[school.column] = { ...blank(), role: 'school' };
  if (yearColumn && has(String(year.column))) {
    columns[String(year.column)] = { ...blank(), role: 'year' };
  }
  for (const m of measures) {
    if (!isJson(m) || !onlyKeys(m, ['measure', 'type', 'column', 'studentGroup', 'scale', 'n'])) {
      return null;
    }
    const def = catalogue.find((d) => d.key === m.measure);
    const group = m.studentGroup ?? 'all';
    const n = m.n;
    if (
      !def ||
      typeof m.column !== 'string' ||
      typeof group !== 'string' ||
      !isStudentGroup(group) ||
      (m.scale !== undefined && m.scale !== 100) ||
      (n !== undefined && !(isJson(n) && onlyKeys(n, ['column']) && typeof n.column === 'string'))
    ) {
      return null;
    }
    if (!has(m.column)) continue;
    if (columns[m.column]) return null; // a column read twice: more than the form can show
    columns[m.column] = {
      role: 'measure',
      measure: def.key,
      group,
      isFraction: m.scale === 100,
      nColumn: isJson(n) && typeof n.column === 'string' && has(n.column) ? n.column : '',
    };
  }
  return { columns, fixedYear: fixedYear ? String(year.value) : '', markers };
}
