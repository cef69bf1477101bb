// Importing a file: read it through a mapping and write what it yields as one import batch,
// atomically (issue #3). The file streams: rows are applied one at a time and written in chunks
// inside one transaction; if any row has a problem, writing stops, the rest of the file is still
// read so that every problem is reported, and the transaction is rolled back, so a file with
// errors writes nothing. A dry run does the same work and always rolls back, so its counts
// (including rowsWritten) are exactly what a real import would do.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  finishBatch,
  getDistrictById,
  insertBatch,
  insertMissingMeasures,
  listMeasureKeys,
  listSchoolIds,
  UpsertBuffer,
} from '../db/queries/imports.ts';
import type { ImportBatchesTable } from '../db/schema.ts';
import { STANDARD_MEASURES, type MeasureDefinition } from '../domain/shared/catalogue.ts';
import { AppError } from '../domain/shared/errors.ts';
import {
  applyRow,
  bindMapping,
  type BoundMapping,
  type ImportProblem,
  type SchoolRecord,
  type SkipReason,
  type ValueRecord,
} from '../importers/apply.ts';
import { openCsv } from '../importers/csv.ts';
import {
  parseMapping,
  pickMappingFrom,
  type Mapping,
  type MappingInput,
} from '../importers/mapping.ts';
import { NC_DPI_MAPPINGS } from '../importers/mappings/nc-dpi.ts';

// Built-in mappings are validated when this module loads: a broken one fails at start-up,
// naming its field, not halfway through someone's import.
const BUILT_IN: readonly Mapping[] = NC_DPI_MAPPINGS.map((m) => parseMapping(m));

/** At most this many problems are kept and reported (all are counted). */
export const MAX_PROBLEMS = 1000;

export interface ImportProgress {
  fileName: string;
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportFileOptions {
  districtId: string;
  path: string;
  /** A built-in mapping's name or a mapping document; omitted, one is picked from the header. */
  mapping?: string | MappingInput;
  /** How the file is named in the batch and in problems (default: path). */
  fileName?: string;
  dryRun?: boolean;
  actorUserId?: string | null;
  /** Measure rows for a school not in the directory: a problem (default) or skipped, counted. */
  unknownSchools?: 'error' | 'skip';
  onProgress?: (progress: ImportProgress) => void;
}

export type SkipKind = SkipReason | 'unknown_school';

export interface ImportSummary {
  batchId: string | null;
  mappingName: string;
  fileName: string;
  fileSha256: string;
  dryRun: boolean;
  rowsRead: number;
  /** Schools and measure values inserted or changed (unchanged ones are not rewritten). */
  rowsWritten: number;
  rowsSkipped: number;
  skipped: Record<SkipKind, number>;
  unknownSchoolIds: string[];
  problems: ImportProblem[];
}

export function listMappings(): readonly Mapping[] {
  return BUILT_IN;
}

/** The built-in mapping that fits a file (see pickMappingFrom), or null. */
export function pickMapping(header: readonly string[], fileName: string): Mapping | null {
  return pickMappingFrom(BUILT_IN, header, fileName);
}

class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export async function importFile(db: Db, options: ImportFileOptions): Promise<ImportSummary> {
  if (!options.dryRun) return db.transaction().execute((trx) => importInto(trx, options, 'csv'));
  try {
    await db.transaction().execute(async (trx) => {
      throw new DryRunDone(await importInto(trx, options, 'csv'));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return { ...error.summary, batchId: null, dryRun: true };
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

/** The import itself, inside a transaction the caller owns (the demo loads many files in one). */
export async function importInto(
  trx: Db,
  options: ImportFileOptions,
  sourceKind: ImportBatchesTable['source_kind'],
): Promise<ImportSummary> {
  const { districtId } = options;
  const fileName = options.fileName ?? options.path;
  if (!(await getDistrictById(trx, districtId))) {
    throw new AppError('not_found', `District ${districtId} was not found.`);
  }
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const report = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const reader = await openCsv(options.path, ({ row, reason }) =>
    report({ file: fileName, row, column: null, value: null, reason: `the row ${reason}` }),
  );
  const bound = await prepareMapping(trx, options, reader.header, fileName).catch(
    (error: unknown) => {
      reader.close();
      throw error;
    },
  );
  const { mapping } = bound;

  const known = new Set(await listSchoolIds(trx, districtId));
  const batchId = randomUUID();
  await insertBatch(trx, {
    district_id: districtId,
    id: batchId,
    source_kind: sourceKind,
    file_name: fileName,
    file_sha256: '0'.repeat(64), // set when the whole file has been read
    mapping_name: mapping.name,
    created_by: options.actorUserId ?? null,
  });
  const writer = new UpsertBuffer(trx);
  const skipped: Record<SkipKind, number> = {
    filtered: 0,
    student_group_not_mapped: 0,
    unknown_school: 0,
  };
  const unknownSchoolIds = new Set<string>();
  // Natural keys already given, to refuse a file that says two things about one value. This
  // grows with the values in the file (about 100 bytes each); the rows themselves do not stay.
  const seen = new Map<string, number>();
  let rowsRead = 0;
  const progress = () =>
    options.onProgress?.({
      fileName,
      rowsRead,
      bytesRead: reader.bytesRead(),
      totalBytes: reader.totalBytes,
    });

  for await (const { line, cells } of reader.rows) {
    rowsRead++;
    if (rowsRead % 5000 === 0) progress();
    const result = applyRow(bound, cells, line);
    result.problems.forEach(report);
    if (result.skipped) {
      skipped[result.skipped]++;
      continue;
    }
    if (result.problems.length > 0 || result.schoolId === null) continue;
    const schoolId = result.schoolId;
    if (!result.school && !known.has(schoolId) && result.values.length > 0) {
      if (options.unknownSchools === 'skip') {
        skipped.unknown_school++;
        unknownSchoolIds.add(schoolId);
      } else {
        const reason = 'is not a school of this district (import the school directory first)';
        report({
          file: fileName,
          row: line,
          column: mapping.school.column,
          value: schoolId,
          reason,
        });
      }
      continue;
    }
    const keys = [
      ...(result.school ? [`school ${schoolId}`] : []),
      ...result.values.map(
        (v) => `${v.measureKey} for ${schoolId}, ${v.schoolYear}, group ${v.studentGroup}`,
      ),
    ];
    for (const key of keys) {
      const first = seen.get(key);
      if (first !== undefined) {
        const reason = `repeats ${key}, already given on row ${first}`;
        report({ file: fileName, row: line, column: null, value: null, reason });
      } else seen.set(key, line);
    }
    if (problemCount > 0) continue; // stop writing; keep reading to report every problem
    if (result.school) {
      known.add(schoolId);
      writer.addSchool(toSchoolRow(districtId, batchId, result.school));
    }
    for (const v of result.values) writer.addValue(toValueRow(districtId, batchId, v));
    await writer.flushIfFull();
  }
  progress();
  if (problemCount > 0) throw problemsError(fileName, problems, problemCount);
  const rowsWritten = await writer.flush();
  const fileSha256 = reader.sha256();
  await finishBatch(trx, districtId, batchId, {
    rowsRead,
    rowsWritten,
    rowsRejected: 0,
    fileSha256,
  });
  return {
    batchId,
    mappingName: mapping.name,
    fileName,
    fileSha256,
    dryRun: false,
    rowsRead,
    rowsWritten,
    rowsSkipped: skipped.filtered + skipped.student_group_not_mapped + skipped.unknown_school,
    skipped,
    unknownSchoolIds: [...unknownSchoolIds].sort(),
    problems: [],
  };
}

async function prepareMapping(
  trx: Db,
  options: ImportFileOptions,
  header: string[],
  fileName: string,
): Promise<BoundMapping> {
  const mapping = resolveMapping(options.mapping, header, fileName);
  const bind = bindMapping(mapping, header, fileName);
  if (!bind.bound) throw problemsError(fileName, bind.problems, bind.problems.length);
  await registerMeasures(trx, options.districtId, mapping);
  return bind.bound;
}

function resolveMapping(
  spec: string | MappingInput | undefined,
  header: readonly string[],
  fileName: string,
): Mapping {
  if (spec === undefined) {
    const picked = pickMapping(header, fileName);
    if (picked) return picked;
    throw new AppError(
      'bad_request',
      `${fileName}: no built-in mapping fits this file's columns; choose or write a mapping.`,
    );
  }
  if (typeof spec !== 'string') return parseMapping(spec);
  const named = BUILT_IN.find((m) => m.name === spec);
  if (named) return named;
  throw new AppError('bad_request', `There is no mapping named "${spec}".`, {
    problems: [{ field: 'mapping', message: `known: ${BUILT_IN.map((m) => m.name).join(', ')}` }],
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

/** Standard measures the mapping feeds are added to the district's catalogue if missing; any
 * other measure must already be there. */
async function registerMeasures(trx: Db, districtId: string, mapping: Mapping): Promise<void> {
  const have = new Set(await listMeasureKeys(trx, districtId));
  const wanted = [...new Set((mapping.measures ?? []).map((m) => m.measure))];
  const missing = wanted.filter((k) => !have.has(k));
  const standard = STANDARD_MEASURES.filter((d) => missing.includes(d.key));
  const unknown = missing.filter((k) => !standard.some((d) => d.key === k));
  if (unknown.length > 0) {
    throw new AppError(
      'bad_request',
      `Mapping "${mapping.name}" feeds measures this district does not have: ${unknown.join(', ')}.`,
      {
        problems: (mapping.measures ?? []).flatMap((m, i) =>
          unknown.includes(m.measure)
            ? [{ field: `measures.${i}.measure`, message: `unknown measure "${m.measure}"` }]
            : [],
        ),
      },
    );
  }
  const source = `Standard catalogue (added by import of mapping ${mapping.name})`;
  await insertMissingMeasures(
    trx,
    standard.map((d) => measureRow(districtId, d, source)),
  );
}

function toSchoolRow(districtId: string, batchId: string, s: SchoolRecord) {
  return {
    district_id: districtId,
    id: s.id,
    name: s.name,
    state_id: s.stateId,
    nces_id: s.ncesId,
    level: s.level,
    grade_span: s.gradeSpan,
    is_title_i: s.isTitleI,
    street: s.street,
    city: s.city,
    state: s.state,
    zip: s.zip,
    latitude: s.latitude,
    longitude: s.longitude,
    region: s.region,
    batch_id: batchId,
  };
}

function toValueRow(districtId: string, batchId: string, v: ValueRecord) {
  return {
    district_id: districtId,
    school_id: v.schoolId,
    school_year: v.schoolYear,
    measure_key: v.measureKey,
    student_group: v.studentGroup,
    value: v.value,
    value_text: v.valueText,
    n: v.n,
    status: v.status,
    source_marker: v.marker,
    batch_id: batchId,
  };
}

function problemsError(fileName: string, problems: ImportProblem[], total: number): AppError {
  const first = problems[0];
  const where = first ? ` First: row ${first.row}${first.column ? `, ${first.column}` : ''}` : '';
  const what = first ? `${first.value ? ` "${first.value}"` : ''} ${first.reason}.` : '';
  return new AppError(
    'bad_request',
    `${fileName}: ${total} problem${total === 1 ? '' : 's'}; nothing was imported.${where}${what}`,
    {
      problems: problems.map((p) => ({
        field: `${p.file}:${p.row}:${p.column ?? ''}`,
        message: p.value ? `"${p.value}" ${p.reason}` : p.reason,
      })),
    },
  );
}
