// Importing a file: read it through a mapping and write what it yields as one import batch,
// atomically (issue #3; docs/decisions/005-imports.md). The file streams: rows are applied one at
// a time and written in chunks inside one transaction, so memory stays bounded whatever the
// file size. With onProblems 'abort' (the default), a row with a problem stops the writing, the
// rest of the file is still read so that every problem is reported, and the transaction is
// rolled back: a file with errors writes nothing. With 'skip-rows', rows with problems are
// rejected (stored with their reason, for download) and the valid rows are written. A dry run
// does the same work and always rolls back, so its counts are exactly what an import would do.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/access/access.ts';
import type { Db } from '../db/connection.ts';
import {
  getDistrictById,
  insertBatch,
  insertMissingMeasures,
  listMeasureUnits,
  listSchoolIds,
} from '../db/queries/imports.ts';
import type { ImportBatchesTable } from '../db/schema.ts';
import type { BulkTable } from '../db/queries/statistics.ts';
import { listSavedMappings, type SavedMappingRow } from '../db/queries/saved-mappings.ts';
import {
  STANDARD_MEASURES,
  valueTypeOf,
  type MeasureDefinition,
} from '../domain/shared/catalogue.ts';
import { AppError, isAppError } from '../domain/shared/errors.ts';
import { bindMapping, type BoundMapping, type ImportProblem } from '../importers/apply.ts';
import {
  parseMapping,
  fitsColumns,
  pickMappingFrom,
  type Mapping,
  type MappingInput,
} from '../importers/mapping.ts';
import { MA_DESE_MAPPINGS } from '../importers/mappings/ma-dese.ts';
import { NC_DPI_MAPPINGS } from '../importers/mappings/nc-dpi.ts';
import { NYC_DOE_MAPPINGS } from '../importers/mappings/nyc-doe.ts';
import { openTable, tableSourceKind } from '../importers/xlsx/open-table.ts';
import { finishImportBatch } from './import-finish.ts';
import { assertCanImport, buildRejectedCsv } from './import-batches.ts';
import type { OnProblems, ReadProgress } from '../importers/read-chunks.ts';
import { readRows, type ReadIn, type RowCounts } from './import-rows.ts';

export type { RowCounts, SkipKind } from './import-rows.ts';

// Built-in mappings are validated when this module loads: a broken one fails at start-up,
// naming its field, not halfway through someone's import.
// MA_DESE_MAPPINGS holds the 2017 directory file and the multi-year profile tables
// (ma-dese-profiles.ts); pickMappingFrom tells them apart by their required columns and file
// names (src/importers/mappings/ma-dese.test.ts checks every shared file picks its own).
const BUILT_IN: readonly Mapping[] = [
  ...NC_DPI_MAPPINGS,
  ...MA_DESE_MAPPINGS,
  ...NYC_DOE_MAPPINGS,
].map((m) => parseMapping(m));

/** At most this many problems are kept and reported (all are counted). */
export const MAX_PROBLEMS = 1000;
/** Rejected rows come back in the summary up to this many; all are stored for download. */
export const MAX_INLINE_REJECTIONS = 1000;

export type { OnProblems } from '../importers/read-chunks.ts';
export type ImportProgress = ReadProgress;

export interface ImportFileOptions {
  districtId: string;
  path: string;
  /** A built-in mapping's name or a mapping document; omitted, one is picked from the header. */
  mapping?: string | MappingInput;
  /** For an .xlsx, the worksheet to read (by name, ignoring case), over the mapping's `sheet`;
   * neither given, the first. A CSV ignores it. */
  sheet?: string | undefined;
  /** How the file is named in the batch and in problems (default: path). */
  fileName?: string;
  dryRun?: boolean;
  /** Measure rows for a school not in the directory: a problem (default) or skipped, counted. */
  unknownSchools?: 'error' | 'skip';
  /** 'abort' (default): one problem and nothing is written. 'skip-rows': rows with problems are
   * rejected and the rest written. A key given twice refuses the file either way. */
  onProblems?: OnProblems;
  /** Recorded on the batch (e.g. how it was made). */
  notes?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Where the rows are read (default 'auto': a worker thread for larger files). */
  readIn?: ReadIn;
}

export interface ImportIntoOptions extends ImportFileOptions {
  /** The user the batch is recorded as made by; null for the system (the demo loader). */
  createdBy?: string | null;
  /** Who the audit event names; omitted, no event (the demo loader, inside its own load). */
  audit?: { actor: Actor | null };
}

export interface ImportSummary extends RowCounts {
  batchId: string | null;
  mappingName: string;
  fileName: string;
  fileSha256: string;
  dryRun: boolean;
  onProblems: OnProblems;
  /** With 'skip-rows': the problems of the rejected rows (the first MAX_PROBLEMS). */
  problems: ImportProblem[];
  problemCount: number;
  /** The rejected rows as CSV (their cells, and why), when there are 1..MAX_INLINE_REJECTIONS;
   * otherwise null (rejectedRowsCsv gives them all for a stored batch). */
  rejectedCsv: string | null;
}

/** A file refused as a whole; `problems` holds the first MAX_PROBLEMS of `problemCount`. */
export class ImportRefusedError extends AppError {
  constructor(
    fileName: string,
    /** The problems with file, row, column and value apart (the web app lists them so). */
    readonly importProblems: readonly ImportProblem[],
    readonly problemCount: number,
  ) {
    const problems = importProblems;
    const first = problems[0];
    const where = first ? ` First: row ${first.row}${first.column ? `, ${first.column}` : ''}` : '';
    const what = first ? `${first.value ? ` "${first.value}"` : ''} ${first.reason}.` : '';
    const n = `${problemCount} problem${problemCount === 1 ? '' : 's'}`;
    super('bad_request', `${fileName}: ${n}; nothing was imported.${where}${what}`, {
      problems: problems.map((p) => ({
        field: `${p.file}:${p.row}:${p.column ?? ''}`,
        message: p.value ? `"${p.value}" ${p.reason}` : p.reason,
      })),
    });
  }
}

export function listMappings(): readonly Mapping[] {
  return BUILT_IN;
}

export const isBuiltInMapping = (mapping: Mapping) => BUILT_IN.includes(mapping);

/**
 * The mappings the district saved from the Data imports page (saved-mappings.ts), as mappings.
 * Each was validated when saved; one that no longer is (saved before a change of the format) is
 * left out rather than failing every import of the district, and naming it says why.
 */
export async function savedMappingsOf(db: Db, districtId: string): Promise<SavedMappings> {
  const rows = await listSavedMappings(db, districtId);
  const valid: Mapping[] = [];
  const invalid = new Map<string, AppError>();
  for (const row of rows) {
    try {
      valid.push(parseMapping(row.document));
    } catch (error) {
      if (!isAppError(error)) throw error;
      invalid.set(row.name, error);
    }
  }
  return { rows, valid, invalid };
}

export interface SavedMappings {
  /** As stored, with who saved each and when. */
  rows: readonly SavedMappingRow[];
  valid: readonly Mapping[];
  /** Saved documents that no longer validate, by name, with why. */
  invalid: ReadonlyMap<string, AppError>;
}

const NO_SAVED: SavedMappings = { rows: [], valid: [], invalid: new Map() };

/** The saved mappings an import or a preview may need to pick or name its mapping: none to read
 * when it was given a document or a built-in's name. */
async function savedMappingsFor(
  db: Db,
  districtId: string,
  spec: string | MappingInput | undefined,
): Promise<SavedMappings> {
  const isBuiltInName = typeof spec === 'string' && BUILT_IN.some((m) => m.name === spec);
  if (typeof spec === 'object' || isBuiltInName) return NO_SAVED;
  return savedMappingsOf(db, districtId);
}

/** The mapping a preview or an import reads with (resolveMapping), the district's saved ones
 * read only when needed. `header` is empty until the file is open: then a mapping is resolved
 * only when one is named. */
export async function resolveMappingFor(
  db: Db,
  districtId: string,
  spec: string | MappingInput | undefined,
  fileName: string,
): Promise<{ named: Mapping | null; saved: SavedMappings }> {
  const saved = await savedMappingsFor(db, districtId, spec);
  return { named: spec === undefined ? null : resolveMapping(spec, [], fileName, saved), saved };
}

/**
 * The mapping that fits a file (see pickMappingFrom), or null: one the district saved first —
 * made for the district's own files, it knows them better than a built-in that also fits — then
 * a built-in.
 */
export function pickMapping(
  header: readonly string[],
  fileName: string,
  saved: readonly Mapping[] = [],
): Mapping | null {
  return pickMappingFrom(saved, header, fileName) ?? pickMappingFrom(BUILT_IN, header, fileName);
}

/** The saved and built-in mappings whose required columns a header has, whatever the file's
 * name: what to offer when none was picked (a state file renamed, or saved under another name). */
export function mappingsFittingColumns(
  header: readonly string[],
  saved: readonly Mapping[] = [],
): Mapping[] {
  return [...saved, ...BUILT_IN].filter((m) => fitsColumns(m, header));
}

class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/** Imports one file as one batch for `actor` (null: the system), who must be allowed to. */
export async function importFile(
  db: Db,
  actor: Actor | null,
  options: ImportFileOptions,
): Promise<ImportSummary> {
  assertCanImport(actor, options.districtId);
  const into: ImportIntoOptions = {
    ...options,
    createdBy: actor?.userId ?? null,
    audit: { actor },
  };
  if (!options.dryRun) {
    return db
      .transaction()
      .execute(async (trx) => importInto(trx, into, tableSourceKind(options.path)));
  }
  try {
    await db.transaction().execute(async (trx) => {
      throw new DryRunDone(await importInto(trx, into, tableSourceKind(options.path)));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return { ...error.summary, batchId: null, dryRun: true };
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

/** The import itself, inside a transaction the caller owns (the demo loads many files in one),
 * after the caller has checked permission. */
export async function importInto(
  trx: Db,
  options: ImportIntoOptions,
  sourceKind: ImportBatchesTable['source_kind'],
): Promise<ImportSummary> {
  const { districtId } = options;
  const fileName = options.fileName ?? options.path;
  const onProblems = options.onProblems ?? 'abort';
  if (!(await getDistrictById(trx, districtId))) {
    throw new AppError('not_found', `District ${districtId} was not found.`);
  }
  // Which worksheet of an .xlsx to read: the one chosen for this import, else the one a mapping
  // named up front says, else the first. A mapping picked from the header is picked from that
  // sheet's header.
  const { named, saved } = await resolveMappingFor(trx, districtId, options.mapping, fileName);
  const sheet = options.sheet ?? named?.sheet;
  const reader = await openTable(options.path, () => undefined, {
    raggedRows: 'yield',
    ...(sheet === undefined ? {} : { sheet }),
  });
  // A workbook of several sheets: the batch and its problems name the sheet read.
  const source =
    reader.sheet && reader.sheet.of > 1 ? `${fileName} (sheet "${reader.sheet.name}")` : fileName;
  let bound: BoundMapping;
  let knownSchools: Set<string>;
  try {
    const mapping = named ?? resolveMapping(undefined, reader.header, source, saved);
    bound = bindOrRefuse(mapping, reader.header, source);
    knownSchools = new Set(await listSchoolIds(trx, districtId));
  } catch (error) {
    reader.close();
    throw error;
  }
  const batchId = randomUUID();
  const result = await readRows(trx, {
    reader,
    path: options.path,
    sheet,
    bound,
    districtId,
    batchId,
    fileName: source,
    onProblems,
    unknownSchools: options.unknownSchools ?? 'error',
    knownSchools,
    // What the writes need in the database: run while a reading worker starts up.
    setUp: async () => {
      await registerMeasures(trx, districtId, bound.mapping);
      await insertBatch(trx, {
        district_id: districtId,
        id: batchId,
        source_kind: sourceKind,
        file_name: source,
        file_sha256: '0'.repeat(64), // set when the whole file has been read
        mapping_name: bound.mapping.name,
        created_by: options.createdBy ?? null,
        on_problems: onProblems,
        source_columns: JSON.stringify(reader.header),
        notes: options.notes ?? null,
      });
    },
    maxProblems: MAX_PROBLEMS,
    onProgress: options.onProgress,
    readIn: options.readIn ?? 'auto',
  });
  if (result.isRefused) {
    throw new ImportRefusedError(source, result.problems, result.problemCount);
  }
  const { fileSha256 } = result;
  // A directory mapping writes schools (and may write values); a measures mapping only values.
  const tables: BulkTable[] =
    bound.mapping.kind === 'schools' ? ['schools', 'measure_values'] : ['measure_values'];
  await finishImportBatch(
    trx,
    { districtId, batchId, fileName: source, sourceKind, fileSha256, tables, ...result.counts },
    options.audit ?? null,
  );
  const { rowsRejected } = result.counts;
  const rejectedCsv =
    rowsRejected > 0 && rowsRejected <= MAX_INLINE_REJECTIONS
      ? await buildRejectedCsv(trx, districtId, batchId, reader.header)
      : null;
  return {
    batchId,
    mappingName: bound.mapping.name,
    fileName: source,
    fileSha256,
    dryRun: false,
    onProblems,
    ...result.counts,
    problems: result.problems,
    problemCount: result.problemCount,
    rejectedCsv,
  };
}

/** The mapping bound to the file's header, or the import refused naming what does not fit. */
function bindOrRefuse(mapping: Mapping, header: string[], fileName: string): BoundMapping {
  const bind = bindMapping(mapping, header, fileName);
  if (!bind.bound) throw new ImportRefusedError(fileName, bind.problems, bind.problems.length);
  return bind.bound;
}

/**
 * The mapping an import reads with: a document as given; a name, a built-in's or one the
 * district saved; none, the one that fits the header (pickMapping).
 */
export function resolveMapping(
  spec: string | MappingInput | undefined,
  header: readonly string[],
  fileName: string,
  saved: SavedMappings = NO_SAVED,
): Mapping {
  if (spec === undefined) {
    const picked = pickMapping(header, fileName, saved.valid);
    if (picked) return picked;
    throw new AppError(
      'bad_request',
      `${fileName}: no built-in or saved mapping fits this file's columns; choose or write a mapping.`,
    );
  }
  if (typeof spec !== 'string') return parseMapping(spec);
  const named = [...BUILT_IN, ...saved.valid].find((m) => m.name === spec);
  if (named) return named;
  const invalid = saved.invalid.get(spec);
  if (invalid) {
    throw new AppError(
      'bad_request',
      `The saved mapping "${spec}" is no longer valid: ${invalid.message}`,
      {
        problems: invalid.problems,
      },
    );
  }
  const known = [...BUILT_IN, ...saved.valid].map((m) => m.name).join(', ');
  throw new AppError('bad_request', `There is no mapping named "${spec}".`, {
    problems: [{ field: 'mapping', message: `known: ${known}` }],
  });
}

/** The catalogue row for a standard measure. */
export function measureRow(districtId: string, def: MeasureDefinition, source: string) {
  return {
    district_id: districtId,
    key: def.key,
    label: def.label,
    category: def.category,
    unit: def.unit,
    higher_is_better: def.higherIsBetter,
    description: def.description,
    source,
  };
}

/**
 * Refuses a mapping whose measures the district cannot take, naming the field: a definition
 * giving a measure the district has another unit (its values would change meaning), a measure
 * read as the wrong type for its unit, a measure neither the district, the standard catalogue
 * nor the mapping defines. Also checked when a mapping is saved (saved-mappings.ts). Returns the
 * standard and defined measures the district lacks yet.
 */
export async function checkMappingMeasures(db: Db, districtId: string, mapping: Mapping) {
  const have = await listMeasureUnits(db, districtId);
  const definitions = mapping.defineMeasures ?? [];
  const clashes = definitions.flatMap((d, i) => {
    const unit = have.get(d.measure);
    return unit !== undefined && unit !== d.unit
      ? [
          {
            field: `defineMeasures.${i}.unit`,
            message: `is ${d.unit}, but the district's catalogue has "${d.measure}" in ${unit}; a mapping cannot change it`,
          },
        ]
      : [];
  });
  if (clashes.length > 0) {
    throw new AppError(
      'bad_request',
      `Mapping "${mapping.name}" defines a measure the district already has in another unit: ${clashes[0]?.field} ${clashes[0]?.message}.`,
      { problems: clashes },
    );
  }
  // Each measure fed as its unit says: a grade or status as text, the others as numbers (a
  // mapping checks its own definitions; this, the district's and the standard measures).
  const unitOf = (key: string) =>
    have.get(key) ?? STANDARD_MEASURES.find((d) => d.key === key)?.unit;
  const mistyped = (mapping.measures ?? []).flatMap((m, i) => {
    const unit = unitOf(m.measure);
    return unit !== undefined && m.type !== valueTypeOf(unit)
      ? [
          {
            field: `measures.${i}.type`,
            message: `must be "${valueTypeOf(unit)}" for "${m.measure}", a measure in ${unit}`,
          },
        ]
      : [];
  });
  if (mistyped.length > 0) {
    throw new AppError(
      'bad_request',
      `Mapping "${mapping.name}" reads a measure as the wrong type: ${mistyped[0]?.field} ${mistyped[0]?.message}.`,
      { problems: mistyped },
    );
  }
  const wanted = [...new Set((mapping.measures ?? []).map((m) => m.measure))];
  const missing = wanted.filter((k) => !have.has(k));
  const standard = STANDARD_MEASURES.filter((d) => missing.includes(d.key));
  const defined = definitions.filter((d) => missing.includes(d.measure));
  const known = new Set([...standard.map((d) => d.key), ...defined.map((d) => d.measure)]);
  const unknown = missing.filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new AppError(
      'bad_request',
      `Mapping "${mapping.name}" feeds measures this district does not have: ${unknown.join(', ')}. Define them under defineMeasures (docs/mappings.md).`,
      {
        problems: (mapping.measures ?? []).flatMap((m, i) =>
          unknown.includes(m.measure)
            ? [
                {
                  field: `measures.${i}.measure`,
                  message: `unknown measure "${m.measure}": not in the catalogue, nor defined under defineMeasures`,
                },
              ]
            : [],
        ),
      },
    );
  }
  return { standard, defined };
}

/**
 * The measures the mapping feeds, added to the district's catalogue if missing: standard ones
 * from the standard catalogue, others as the mapping defines them (`defineMeasures`). A
 * definition never changes a measure the district has: its label may have been edited there.
 */
async function registerMeasures(trx: Db, districtId: string, mapping: Mapping): Promise<void> {
  const { standard, defined } = await checkMappingMeasures(trx, districtId, mapping);
  const source = `Standard catalogue (added by import of mapping ${mapping.name})`;
  const definedBy = `Defined by mapping ${mapping.name}`;
  await insertMissingMeasures(trx, [
    ...standard.map((d) => measureRow(districtId, d, source)),
    ...defined.map((d) =>
      measureRow(
        districtId,
        {
          key: d.measure,
          label: d.label,
          category: d.category,
          unit: d.unit,
          higherIsBetter: d.higherIsBetter ?? null,
          description: d.description ?? '',
        },
        definedBy,
      ),
    ),
  ]);
}
