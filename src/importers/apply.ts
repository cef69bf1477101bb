// Applies a mapping to one CSV row. Pure: the header, the row and the mapping in; the school
// and measure values it yields, the problems it has, or why it was skipped, out. The service
// streams rows through this and writes what comes back (ENGINEERING.md "Pure domain functions").
import type { MeasureStatus, SchoolLevel } from '../db/schema.ts';
import type { StudentGroup } from '../domain/shared/catalogue.ts';
import type { Condition, Mapping, MeasureSpec, SchoolFields } from './mapping.ts';
import { columnsOf, normaliseColumn } from './mapping-columns.ts';
import { patternFinds, patternGroup } from './patterns.ts';
import {
  combine,
  divide,
  normaliseCode,
  parseCount,
  parseNumber,
  parseNumberCell,
  parseSchoolYear,
  parseTextCell,
  scaleNumber,
  transformText,
  type CellResult,
  type ParsedCell,
} from './values.ts';

export interface ImportProblem {
  file: string;
  /** 1-based line in the file; 1 is the header. */
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface SchoolRecord {
  id: string;
  name: string;
  stateId: string | null;
  ncesId: string | null;
  level: SchoolLevel;
  gradeSpan: string | null;
  isTitleI: boolean | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  region: string | null;
}

export interface ValueRecord {
  schoolId: string;
  schoolYear: number;
  measureKey: string;
  studentGroup: StudentGroup;
  value: number | null;
  valueText: string | null;
  n: number | null;
  status: MeasureStatus;
  marker: string | null;
}

export type SkipReason = 'filtered' | 'student_group_not_mapped';

export interface RowResult {
  schoolId: string | null;
  school: SchoolRecord | null;
  values: ValueRecord[];
  problems: ImportProblem[];
  skipped: SkipReason | null;
}

/** A mapping resolved against one file's header: column positions and file-level facts. */
export interface BoundMapping {
  mapping: Mapping;
  file: string;
  /** The school year when it does not come from a column (a fixed value or the file name). */
  fixedYear: number | null;
  column(name: string): number;
}

/** Resolves a mapping against a header. Problems here (a missing column) concern the file. */
export function bindMapping(
  mapping: Mapping,
  header: readonly string[],
  file: string,
): { bound: BoundMapping | null; problems: ImportProblem[] } {
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = normaliseColumn(h);
    positions.set(key, [...(positions.get(key) ?? []), i]);
  });
  const problems: ImportProblem[] = [];
  const fileProblem = (column: string | null, value: string | null, reason: string) =>
    problems.push({ file, row: 1, column, value, reason });
  for (const col of columnsOf(mapping)) {
    const found = positions.get(normaliseColumn(col)) ?? [];
    if (found.length === 0) fileProblem(col, null, `the header has no column "${col}"`);
    if (found.length > 1) fileProblem(col, null, `the header has "${col}" ${found.length} times`);
  }
  let fixedYear: number | null = null;
  if (mapping.year && 'value' in mapping.year) fixedYear = mapping.year.value;
  if (mapping.year && 'fromFileName' in mapping.year) {
    const found = patternGroup(mapping.year.fromFileName, file.replaceAll('\\', '/'));
    fixedYear = found ? parseSchoolYear(found) : null;
    if (fixedYear === null) {
      fileProblem(
        null,
        file,
        `the file name does not give a school year (${mapping.year.fromFileName})`,
      );
    }
  }
  if (problems.length > 0) return { bound: null, problems };
  // Looked up for every cell of every row: each name is normalised once.
  const resolved = new Map<string, number>();
  const column = (name: string) => {
    let at = resolved.get(name);
    if (at === undefined) {
      at = positions.get(normaliseColumn(name))?.[0] ?? -1;
      resolved.set(name, at);
    }
    return at;
  };
  return { bound: { mapping, file, fixedYear, column }, problems };
}

/** The trimmed text of a named cell. */
export function cellOf(bound: BoundMapping, cells: readonly string[], column: string): string {
  return (cells[bound.column(column)] ?? '').trim();
}

export function meetsAll(
  bound: BoundMapping,
  cells: readonly string[],
  conditions: readonly Condition[],
): boolean {
  for (const c of conditions) if (!meets(c, cellOf(bound, cells, c.column))) return false;
  return true;
}

function meets(c: Condition, value: string): boolean {
  if (c.equals !== undefined) return value === c.equals;
  if (c.notEquals !== undefined) return value !== c.notEquals;
  if (c.in !== undefined) return c.in.includes(value);
  if (c.notIn !== undefined) return !c.notIn.includes(value);
  if (c.matches !== undefined) return patternFinds(c.matches, value);
  if (c.notMatches !== undefined) return !patternFinds(c.notMatches, value);
  return true;
}

export function applyRow(bound: BoundMapping, cells: readonly string[], row: number): RowResult {
  const { mapping, file } = bound;
  // Most rows of some files are filtered out (7 in 8 of NC's rcd_funds2): they cost no more
  // than the filter.
  if (mapping.filter && !meetsAll(bound, cells, mapping.filter)) return skippedRow('filtered');
  const result: RowResult = {
    schoolId: null,
    school: null,
    values: [],
    problems: [],
    skipped: null,
  };
  const problem = (column: string | null, value: string | null, reason: string) =>
    result.problems.push({ file, row, column, value, reason });

  const rawId = cellOf(bound, cells, mapping.school.column);
  const id = normaliseSchoolId(rawId, mapping.school);
  if (!id.ok) {
    problem(mapping.school.column, rawId, id.reason);
    return result;
  }
  result.schoolId = id.id;

  let year = bound.fixedYear;
  if (mapping.year && 'column' in mapping.year) {
    const rawYear = cellOf(bound, cells, mapping.year.column);
    year = parseSchoolYear(rawYear);
    if (year === null)
      problem(mapping.year.column, rawYear, 'is not a school year (e.g. 2019 or 2018-19)');
  }

  let group: StudentGroup = 'all';
  if (mapping.studentGroup && 'value' in mapping.studentGroup) group = mapping.studentGroup.value;
  if (mapping.studentGroup && 'column' in mapping.studentGroup) {
    const code = cellOf(bound, cells, mapping.studentGroup.column);
    const mapped = Object.hasOwn(mapping.studentGroup.map, code)
      ? mapping.studentGroup.map[code]
      : undefined;
    if (mapped === undefined) return { ...result, skipped: 'student_group_not_mapped' };
    group = mapped;
  }

  if (mapping.kind === 'schools') {
    const school = readSchool(bound, cells, id.id, mapping.fields);
    result.problems.push(...school.problems.map((p) => ({ file, row, ...p })));
    result.school = school.record;
  }

  if (year === null) return result;
  for (const spec of mapping.measures ?? []) {
    if (spec.when && !meetsAll(bound, cells, spec.when)) continue;
    const measured = applyMeasure(bound, cells, spec);
    for (const p of measured.problems) problem(p.column, p.value, p.reason);
    if (!measured.cell) continue;
    result.values.push({
      schoolId: id.id,
      schoolYear: year,
      measureKey: spec.measure,
      studentGroup: spec.studentGroup ?? group,
      ...measured.cell,
    });
  }
  return result;
}

const skippedRow = (skipped: SkipReason): RowResult => ({
  schoolId: null,
  school: null,
  values: [],
  problems: [],
  skipped,
});

type CellProblem = Omit<ImportProblem, 'file' | 'row'>;

/**
 * A school id as the mapping normalises it: an all-digit id is left-padded with zeros to
 * padStart (spreadsheets turn NC's '010303' into 10303), then it must match the pattern.
 */
export function normaliseSchoolId(
  raw: string,
  spec: Mapping['school'],
): { ok: true; id: string } | { ok: false; reason: string } {
  if (raw === '') return { ok: false, reason: 'the school id is blank' };
  const id = spec.padStart && /^\d+$/.test(raw) ? raw.padStart(spec.padStart, '0') : raw;
  if (spec.pattern && !patternFinds(spec.pattern, id)) {
    return { ok: false, reason: `is not a school id of the form ${spec.pattern}` };
  }
  return { ok: true, id };
}

function readSchool(
  bound: BoundMapping,
  cells: readonly string[],
  id: string,
  fields: SchoolFields,
): { record: SchoolRecord | null; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const text = (field: SchoolFields['name'] | undefined): string | null => {
    if (!field) return null;
    if ('value' in field) return field.value;
    const raw = cellOf(bound, cells, field.column);
    if (raw === '') return null;
    const out = transformText(raw, field.transform);
    if (out === null)
      problems.push({ column: field.column, value: raw, reason: `is not a ${field.transform}` });
    return out;
  };
  const mapped = <T>(
    field: { column: string; map: Record<string, T> } | undefined,
    blank: T | null,
  ) => {
    if (!field) return blank;
    const raw = cellOf(bound, cells, field.column);
    if (Object.hasOwn(field.map, raw)) return field.map[raw] ?? blank;
    if (raw === '') return blank;
    const known = Object.keys(field.map).map((k) => `"${k}"`);
    problems.push({
      column: field.column,
      value: raw,
      reason: `is not one of ${known.join(', ')}`,
    });
    return blank;
  };
  const coordinate = (field: { column: string } | undefined, limit: number): number | null => {
    if (!field) return null;
    const raw = cellOf(bound, cells, field.column);
    if (raw === '') return null;
    const parsed = parseNumber(raw);
    if (parsed && Math.abs(parsed.value) <= limit) return parsed.value;
    problems.push({ column: field.column, value: raw, reason: `is not a coordinate` });
    return null;
  };
  const name = text(fields.name);
  if (name === null) {
    const column = 'column' in fields.name ? fields.name.column : null;
    problems.push({ column, value: '', reason: 'the school name is blank' });
  }
  const record: SchoolRecord = {
    id,
    name: name ?? '',
    stateId: text(fields.stateId),
    ncesId: text(fields.ncesId),
    level: mapped(fields.level, 'other') ?? 'other',
    gradeSpan: text(fields.gradeSpan),
    isTitleI: mapped(fields.isTitleI, null),
    street: text(fields.street),
    city: text(fields.city),
    state: text(fields.state),
    zip: text(fields.zip),
    latitude: coordinate(fields.latitude, 90),
    longitude: coordinate(fields.longitude, 180),
    region: text(fields.region),
  };
  return { record: problems.length > 0 ? null : record, problems };
}

type MeasuredCell = Pick<ValueRecord, 'value' | 'valueText' | 'n' | 'status' | 'marker'>;

/** One measure of one row: its cell (or none, with problems). */
export function applyMeasure(
  bound: BoundMapping,
  cells: readonly string[],
  spec: MeasureSpec,
): { cell: MeasuredCell | null; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const options = spec.cells ?? bound.mapping.cells ?? {};
  const cell = (column: string): string => cellOf(bound, cells, column);
  const check = (column: string, result: CellResult): ParsedCell | null => {
    if (result.ok) return result.cell;
    problems.push({ column, value: cell(column), reason: result.reason });
    return null;
  };

  let parsed: ParsedCell | null = null;
  if (spec.column !== undefined && spec.type === 'number') {
    const scaled = spec.scale === undefined ? options : { ...options, scale: spec.scale };
    parsed = check(spec.column, parseNumberCell(cell(spec.column), scaled));
  } else if (spec.column !== undefined) {
    const text = { ...options, allowed: spec.allowed, map: spec.map };
    parsed = check(spec.column, parseTextCell(cell(spec.column), text));
  } else if (spec.sumOf) {
    parsed = combine(
      spec.sumOf.map((c) => check(c, parseNumberCell(cell(c), options))),
      (sum) => scaleNumber(sum, spec.scale),
    );
  } else if (spec.ratio) {
    const part = (cols: string[]) =>
      combine(
        cols.map((c) => check(c, parseNumberCell(cell(c), options))),
        (sum) => sum,
      );
    const num = part(spec.ratio.numerator);
    const den = part(spec.ratio.denominator);
    parsed = num && den ? divide(num, den, spec.scale) : null;
  } else if (spec.yesIfAny) {
    const values = spec.yesIfAny.columns.map(cell);
    const equals = spec.yesIfAny.equals;
    parsed = values.every((v) => v === '')
      ? { status: 'missing', value: null, valueText: null, marker: null }
      : {
          status: 'reported',
          value: null,
          valueText: values.includes(equals) ? 'Y' : 'N',
          marker: null,
        };
  }

  if (spec.maskingColumn !== undefined) {
    const code = normaliseCode(cell(spec.maskingColumn));
    const codes = bound.mapping.maskingCodes ?? {};
    if (code !== '' && !Object.hasOwn(codes, code)) {
      problems.push({
        column: spec.maskingColumn,
        value: code,
        reason: 'is not a known masking code',
      });
    }
    const marker = codes[code];
    // The publisher masked the value (NC fills such cells with the bound, e.g. 95 for '>95%'):
    // it is suppressed whatever the value cell says.
    if (parsed && code !== '' && marker) {
      parsed = { status: 'suppressed', value: null, valueText: null, marker };
    }
  }

  let n: number | null = null;
  if (spec.n) {
    // The sum of the counts; unknown (null) if one is.
    let isKnown = true;
    let sum = 0;
    for (const c of 'column' in spec.n ? [spec.n.column] : spec.n.sumOf) {
      const result = parseCount(cell(c));
      if (!result.ok) problems.push({ column: c, value: cell(c), reason: result.reason });
      if (result.ok && result.n !== null) sum += result.n;
      else isKnown = false;
    }
    n = isKnown ? sum : null;
  }
  if (problems.length > 0 || !parsed) return { cell: null, problems };
  return { cell: { ...parsed, n }, problems };
}
