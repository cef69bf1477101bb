// The mapping format: a small declarative JSON document that says how one layout of a CSV file
// becomes schools and measure values (issue #3 "CSV and XLSX with a mapping"). Mappings are
// data, not code, so that a district can write one for a file nobody here has seen; they are
// validated here, at the boundary, and a bad one is refused with the field that is wrong.
//
// A mapping, in brief (every column name is matched ignoring case and repeated spaces):
//
//   name, title, description        identity; name is kebab-case and unique
//   kind: 'schools' | 'measures'    'schools' creates/updates the directory (and may carry
//                                   measures such as enrollment); 'measures' only feeds values
//                                   for schools already in the directory
//   match: { fileName?, requiredColumns }   how pickMapping recognises the file: every required
//                                   column present and, if given, fileName (a regex, tested on
//                                   the base name, ignoring case) matching
//   sheet?: name                    for an .xlsx, the worksheet to read (ignoring case); the
//                                   first sheet when omitted; a CSV ignores it
//   filter?: [condition]            rows to keep (all must hold); others are skipped, counted
//   school: { column, padStart?, pattern? } the school's id; digits are left-padded with zeros to
//                                   padStart (spreadsheets drop them), then must match pattern
//   year?: { column } | { value } | { fromFileName: regex with one capture group, tested on the
//                                   path as given } — the school year, as its spring year (2019
//                                   for 2018-19; '2018-19' and '2019.0' are read too)
//   studentGroup?: { column, map: { sourceCode: group } } | { value: group }
//                                   default 'all'; a code not in map skips the row (counted)
//   maskingCodes?: { code: marker | null }  for sources with a separate masking column
//   cells?: { extraMarkers?, negativeIsSuppressed? }  more suppression markers for this source
//   fields (kind 'schools'): name, stateId, ncesId, level, gradeSpan, isTitleI, street, city,
//                                   state, zip, latitude, longitude, region — each
//                                   { column, transform? } or { column, map } or { value }
//   measures: [{ measure, type: 'number'|'text', one of column | sumOf | ratio | yesIfAny,
//                scale?, allowed?, map?, n?: { column } | { sumOf }, maskingColumn?,
//                studentGroup? (a fixed group, for wide files), when?: [condition],
//                cells? (this measure's suppression markers, in place of the mapping's: NC's
//                rcd_courses2 writes '5.0' for "<5%" in its shares but means 5 in its counts),
//                note? }]
//   defineMeasures?: [{ measure, label, unit, category, higherIsBetter?, description? }]
//                                   measures the standard catalogue lacks, added to the district's
//                                   catalogue by the first import that feeds them
//
// A condition is { column, and exactly one of equals | notEquals | in | notIn | matches |
// notMatches } (matches: a regular expression). Every pattern (fileName, fromFileName, pattern,
// matches) is in RE2's syntax, run in time linear in the text (importers/patterns.ts). See
// src/importers/mappings/nc-dpi.ts for complete examples; docs/mappings.md is the guide for
// people writing one.
import { z } from 'zod';
import { normaliseColumn } from './mapping-columns.ts';
import { patternError, patternFinds } from './patterns.ts';

export { columnsOf, nameFromTitle, normaliseColumn } from './mapping-columns.ts';
import { AppError } from '../domain/shared/errors.ts';
import type { MeasureUnit } from '../db/schema.ts';
import {
  isStudentGroup,
  MEASURE_CATEGORIES,
  MEASURE_UNITS,
  STANDARD_MEASURES,
  valueTypeOf,
  type StudentGroup,
} from '../domain/shared/catalogue.ts';

const Column = z.string().trim().min(1, 'a column name is required');
// A regular expression in RE2's syntax (importers/patterns.ts says why not JavaScript's).
const Regex = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    const error = patternError(source);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  });
const Group = z.custom<StudentGroup>(
  (v) => typeof v === 'string' && isStudentGroup(v),
  'is not a standard student group (src/domain/shared/catalogue.ts STUDENT_GROUPS)',
);
const MeasureKey = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case measure key');

const OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'matches', 'notMatches'] as const;

export const ConditionSchema = z
  .strictObject({
    column: Column,
    equals: z.string().optional(),
    notEquals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    notIn: z.array(z.string()).min(1).optional(),
    matches: Regex.optional(),
    notMatches: Regex.optional(),
  })
  .refine((c) => OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
    message: `needs exactly one of ${OPERATORS.join(', ')}`,
  });

const YearSchema = z.union([
  z.strictObject({ column: Column }),
  z.strictObject({ value: z.number().int().min(1990).max(2100) }),
  z.strictObject({ fromFileName: Regex }),
]);

const StudentGroupSchema = z.union([
  z.strictObject({ column: Column, map: z.record(z.string(), Group) }),
  z.strictObject({ value: Group }),
]);

const CountSource = z.union([
  z.strictObject({ column: Column }),
  z.strictObject({ sumOf: z.array(Column).min(1) }),
]);

const SOURCES = ['column', 'sumOf', 'ratio', 'yesIfAny'] as const;

const CellsSchema = z.strictObject({
  extraMarkers: z.array(z.string().min(1)).optional(),
  negativeIsSuppressed: z.boolean().optional(),
});

export const MeasureSpecSchema = z
  .strictObject({
    measure: MeasureKey,
    type: z.enum(['number', 'text']),
    column: Column.optional(),
    /** number: the sum of these cells (suppressed if any is suppressed). */
    sumOf: z.array(Column).min(1).optional(),
    /** number: Σ numerator / Σ denominator (then × scale). */
    ratio: z
      .strictObject({ numerator: z.array(Column).min(1), denominator: z.array(Column).min(1) })
      .optional(),
    /** text: 'Y' when any of the columns equals `equals`, else 'N'. */
    yesIfAny: z.strictObject({ columns: z.array(Column).min(1), equals: z.string() }).optional(),
    scale: z.number().positive().optional(),
    allowed: z.array(z.string()).min(1).optional(),
    map: z.record(z.string(), z.string()).optional(),
    n: CountSource.optional(),
    maskingColumn: Column.optional(),
    studentGroup: Group.optional(),
    when: z.array(ConditionSchema).min(1).optional(),
    /** This measure's own suppression markers, in place of the mapping's `cells`. */
    cells: CellsSchema.optional(),
    note: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    const given = SOURCES.filter((s) => m[s] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `needs exactly one of ${SOURCES.join(', ')}` });
    }
    const numberOnly = (['sumOf', 'ratio', 'scale'] as const).filter((k) => m[k] !== undefined);
    if (m.type === 'text' && numberOnly.length > 0) {
      ctx.addIssue({ code: 'custom', path: [numberOnly[0]!], message: 'is for number measures' });
    }
    const textOnly = (['yesIfAny', 'allowed', 'map'] as const).filter((k) => m[k] !== undefined);
    if (m.type === 'number' && textOnly.length > 0) {
      ctx.addIssue({ code: 'custom', path: [textOnly[0]!], message: 'is for text measures' });
    }
  });

// A measure the standard catalogue lacks (a survey score, a suspension rate), defined by the
// mapping that feeds it: the issue's "which measure it feeds (… unit)". The first import adds it to
// the district's catalogue, where the school pages and exports find its label and unit.

export const MeasureDefinitionSchema = z.strictObject({
  measure: MeasureKey,
  label: z.string().trim().min(1).max(80),
  unit: z.enum(MEASURE_UNITS),
  category: z.enum(MEASURE_CATEGORIES),
  /** Whether a higher value is better (null or left out: neither, e.g. enrolment). */
  higherIsBetter: z.boolean().nullable().optional(),
  description: z.string().max(500).optional(),
});

const TextField = z.union([
  z.strictObject({ column: Column, transform: z.enum(['zip', 'gradeSpan']).optional() }),
  z.strictObject({ value: z.string() }),
]);
const LEVELS = ['elementary', 'middle', 'high', 'combined', 'other'] as const;

export const SchoolFieldsSchema = z.strictObject({
  name: TextField,
  stateId: TextField.optional(),
  ncesId: TextField.optional(),
  /** Blank cells (or a '' key) give 'other' unless the map says otherwise. */
  level: z.strictObject({ column: Column, map: z.record(z.string(), z.enum(LEVELS)) }).optional(),
  gradeSpan: TextField.optional(),
  /** A '' key gives the value for a blank cell (e.g. NC's "Y indicator" columns). */
  isTitleI: z.strictObject({ column: Column, map: z.record(z.string(), z.boolean()) }).optional(),
  street: TextField.optional(),
  city: TextField.optional(),
  state: TextField.optional(),
  zip: TextField.optional(),
  latitude: z.strictObject({ column: Column }).optional(),
  longitude: z.strictObject({ column: Column }).optional(),
  region: TextField.optional(),
});

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  title: z.string().min(1),
  description: z.string(),
  match: z.strictObject({
    fileName: Regex.optional(),
    requiredColumns: z.array(Column).min(1),
  }),
  sheet: z.string().trim().min(1).max(31, 'is longer than Excel allows (31)').optional(),
  filter: z.array(ConditionSchema).optional(),
  school: z.strictObject({
    column: Column,
    padStart: z.number().int().min(1).max(32).optional(),
    pattern: Regex.optional(),
  }),
  studentGroup: StudentGroupSchema.optional(),
  maskingCodes: z.record(z.string(), z.string().nullable()).optional(),
  cells: CellsSchema.optional(),
  defineMeasures: z.array(MeasureDefinitionSchema).min(1).optional(),
};

export const MappingSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('schools'),
      ...common,
      year: YearSchema.optional(),
      fields: SchoolFieldsSchema,
      measures: z.array(MeasureSpecSchema).optional(),
    }),
    z.strictObject({
      kind: z.literal('measures'),
      ...common,
      year: YearSchema,
      measures: z.array(MeasureSpecSchema).min(1),
    }),
  ])
  .superRefine((m, ctx) => {
    const measures = m.measures ?? [];
    if (measures.length > 0 && m.year === undefined) {
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'is required with measures' });
    }
    const defined = new Map<string, MeasureUnit>();
    (m.defineMeasures ?? []).forEach((d, i) => {
      const standard = STANDARD_MEASURES.find((s) => s.key === d.measure);
      const path = ['defineMeasures', i, 'measure'];
      if (standard) {
        const message = `is a standard measure ("${standard.label}"); leave it out, the catalogue defines it`;
        ctx.addIssue({ code: 'custom', path, message });
      } else if (defined.has(d.measure)) {
        ctx.addIssue({ code: 'custom', path, message: 'is defined twice' });
      }
      defined.set(d.measure, d.unit);
    });
    measures.forEach((spec, i) => {
      const unit = defined.get(spec.measure);
      if (unit !== undefined && spec.type !== valueTypeOf(unit)) {
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'type'],
          message: `must be "${valueTypeOf(unit)}" for a measure in ${unit}`,
        });
      }
    });
    measures.forEach((spec, i) => {
      if (spec.maskingColumn !== undefined && m.maskingCodes === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'maskingColumn'],
          message: 'needs maskingCodes on the mapping',
        });
      }
    });
  });

export type Mapping = z.infer<typeof MappingSchema>;
/** A mapping as written, before validation (built-in mappings are typed with this). */
export type MappingInput = z.input<typeof MappingSchema>;
export type MeasureSpec = z.infer<typeof MeasureSpecSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type SchoolFields = z.infer<typeof SchoolFieldsSchema>;

/** Validates a mapping (a parsed JSON document); a bad one is refused naming each bad field. */
export function parseMapping(input: unknown): Mapping {
  const result = MappingSchema.safeParse(input);
  if (result.success) return result.data;
  const name =
    typeof input === 'object' && input !== null && 'name' in input && typeof input.name === 'string'
      ? input.name
      : '(unnamed)';
  const problems = result.error.issues
    .flatMap((issue) => flattenIssue(issue, []))
    .map(({ path, message }) => ({
      field: path.length > 0 ? path.map(String).join('.') : '(mapping)',
      message,
    }));
  const first = problems[0];
  throw new AppError(
    'bad_request',
    `Mapping "${name}" is not valid: ${first ? `${first.field} ${first.message}` : 'unknown error'}.`,
    { problems },
  );
}

type Issue = z.core.$ZodIssue;

/**
 * A union that matched no branch reports "Invalid input" at the union; the author needs the
 * problem inside the branch they meant: the one that got furthest (fewest unknown or absent
 * keys, then fewest issues).
 */
function flattenIssue(
  issue: Issue,
  prefix: PropertyKey[],
): Array<{ path: PropertyKey[]; message: string }> {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const wrongShape = (i: Issue) =>
      i.code === 'unrecognized_keys' || (i.code === 'invalid_type' && i.input === undefined);
    const score = (branch: Issue[]) => branch.filter(wrongShape).length * 100 + branch.length;
    const [best] = issue.errors.toSorted((a, b) => score(a) - score(b));
    if (best && best.length > 0) return best.flatMap((i) => flattenIssue(i, path));
  }
  return [{ path, message: issue.message }];
}

/** Whether a header has every column a mapping requires (names compared loosely), whatever
 * the file is called. */
export function fitsColumns(mapping: Mapping, header: readonly string[]): boolean {
  const have = new Set(header.map(normaliseColumn));
  return mapping.match.requiredColumns.every((c) => have.has(normaliseColumn(c)));
}

/**
 * The built-in mapping for a file: every required column present (names compared loosely) and,
 * where the mapping names a file pattern, the file's base name matching it (NC's rcd_acc_elp
 * has every column rcd_chronic_absent's mapping needs, and means something else); then the most
 * specific (most required columns). Two equally good fits are an error, not a guess.
 */
export function pickMappingFrom(
  mappings: readonly Mapping[],
  header: readonly string[],
  fileName: string,
): Mapping | null {
  const base = fileName.replaceAll('\\', '/').split('/').pop() ?? fileName;
  // A browser that finds the name taken saves the second download as `rcd_acc_eds (1).csv`
  // (Chrome, Firefox, Edge); the file is still the state's rcd_acc_eds.csv.
  const original = base.replace(/\s*\(\d+\)(?=(\.[a-z0-9]+)+$)/i, '');
  // The state's CSV opened in Excel and saved as a workbook keeps its name but not its
  // extension: rcd_acc_eds.xlsx is rcd_acc_eds.csv to a pattern written for the CSV.
  const names = [...new Set([base, original])].flatMap((name) => [
    name,
    name.replace(/\.xlsx$/i, '.csv'),
  ]);
  const pool = mappings
    .filter(
      (m) =>
        fitsColumns(m, header) &&
        (m.match.fileName === undefined ||
          names.some((name) => patternFinds(m.match.fileName ?? '', name, { ignoreCase: true }))),
    )
    .toSorted((a, b) => b.match.requiredColumns.length - a.match.requiredColumns.length);
  const [best, next] = pool;
  if (!best) return null;
  if (next && next.match.requiredColumns.length === best.match.requiredColumns.length) {
    const names = pool.map((m) => m.name).join(', ');
    throw new AppError('bad_request', `${fileName}: several mappings fit (${names}); name one.`);
  }
  return best;
}
