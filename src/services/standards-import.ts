// Importing interchange-standard exports: Ed-Fi Data Standard v5 XML and OneRoster 1.1 / 1.2
// CSV (issue #3). Each import reads its files first (streaming, nothing written), refuses the
// whole set when anything is wrong, and otherwise writes schools, measure values and staff in
// ONE transaction with one import_batches row. Every write is an upsert on the natural key that
// skips unchanged rows, so importing the same files again changes nothing but the new batch row.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import {
  getDistrictById,
  insertBatch,
  insertDistrict,
  insertMissingMeasures,
  upsertMeasureValues,
  upsertSchools,
} from '../db/queries/imports.ts';
import {
  upsertImportedStaff,
  type ImportedAssignment,
  type ImportedCredential,
  type ImportedStaff,
} from '../db/queries/staff-import.ts';
import type { ImportBatchesTable } from '../db/schema.ts';
import { canImportData, type Actor } from '../domain/access/access.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';
import { AppError, forbidden, notFound } from '../domain/shared/errors.ts';
import type { SchoolRecord, ValueRecord } from '../importers/apply.ts';
import { readEdFiInterchanges, type EdFiReadOptions } from '../importers/edfi/read.ts';
import { readOneRoster } from '../importers/oneroster/roster.ts';
import { finishImportBatch } from './import-finish.ts';
import { schoolRow } from './import-writer.ts';

export interface StandardsImportSummary {
  batchId: string | null;
  districtId: string;
  sourceKind: 'edfi' | 'oneroster';
  /** How the batch names its input: the directory, or the files. */
  fileName: string;
  fileSha256: string;
  schoolYear: number | null;
  dryRun: boolean;
  /** Rows the files yielded, by table. */
  counts: {
    schools: number;
    staff: number;
    assignments: number;
    credentials: number;
    values: number;
  };
  /** Rows inserted or changed (unchanged ones are not rewritten). */
  rowsWritten: number;
  /** What was left out on purpose, by reason (e.g. assessments of students linked to no school). */
  skipped: Record<string, number>;
  /** Interchange files read, and whether their records were used. */
  files: Array<{ file: string; used: boolean }>;
}

interface Loaded {
  schools: SchoolRecord[];
  staff: ImportedStaff[];
  assignments: ImportedAssignment[];
  credentials: ImportedCredential[];
  values: ValueRecord[];
}

export interface EdFiImportOptions extends EdFiReadOptions {
  /** The district to load into; by default the one the files' LocalEducationAgency describes
   * (created if it does not exist), or the actor's. */
  districtId?: string;
  paths: string[];
  /** How the batch names its input (default: the paths); an upload's name in the web app. */
  fileName?: string;
  dryRun?: boolean;
}

export async function importEdFi(
  db: Db,
  actor: Actor | null,
  options: EdFiImportOptions,
): Promise<StandardsImportSummary> {
  const requested = options.districtId ?? actor?.districtId;
  if (actor) authorize(actor, requested);
  const read = await readEdFiInterchanges(options.paths, options);
  const { rows } = read;
  if (rows.problems.length > 0) {
    throw problemsError(
      'The Ed-Fi files',
      rows.problems.map((p) => ({
        where: `${p.file}:${p.line}:${p.element}`,
        message: p.value === null ? p.reason : `"${p.value}" ${p.reason}`,
      })),
    );
  }
  const lea = rows.lea;
  const districtId =
    requested ?? (lea && lea.state ? `${lea.state.toLowerCase()}-${lea.id}` : null);
  if (districtId === null) {
    throw new AppError(
      'bad_request',
      `The Ed-Fi files describe ${lea ? 'a district without a state' : 'no single LocalEducationAgency'}; name the district to load into.`,
    );
  }
  return write(db, actor, {
    districtId,
    newDistrict:
      requested === undefined && lea
        ? { name: lea.name, state: lea.state ?? '', leaCode: lea.id }
        : null,
    sourceKind: 'edfi',
    mappingName: 'ed-fi-ds-5',
    fileName: options.fileName ?? options.paths.join(', '),
    fileSha256: read.sha256,
    schoolYear: rows.schoolYear,
    dryRun: options.dryRun ?? false,
    loaded: rows,
    skipped: rows.skipped,
    files: read.files.map(({ file, used }) => ({ file, used })),
  });
}

export interface OneRosterImportOptions {
  districtId: string;
  /** The directory of the export's CSV files. */
  dir: string;
  /** The school year, when academicSessions.csv does not give one. */
  schoolYear?: number;
  /** How the batch names its input (default: the directory). */
  fileName?: string;
  dryRun?: boolean;
}

export async function importOneRoster(
  db: Db,
  actor: Actor | null,
  options: OneRosterImportOptions,
): Promise<StandardsImportSummary> {
  if (actor) authorize(actor, options.districtId);
  const read = await readOneRoster(options.dir, options);
  if (read.problems.length > 0) {
    throw problemsError(
      'The OneRoster files',
      read.problems.map((p) => ({
        where: `${p.file}:${p.row}:${p.column ?? ''}`,
        message: p.value === null ? p.reason : `"${p.value}" ${p.reason}`,
      })),
    );
  }
  return write(db, actor, {
    districtId: options.districtId,
    newDistrict: null,
    sourceKind: 'oneroster',
    mappingName: 'oneroster-csv',
    fileName: options.fileName ?? options.dir,
    fileSha256: read.sha256,
    schoolYear: read.schoolYear,
    dryRun: options.dryRun ?? false,
    loaded: { ...read, credentials: [] },
    skipped: { staff_without_school: read.staffWithoutSchool },
    files: read.files.map(({ file }) => ({ file, used: true })),
  });
}

function authorize(actor: Actor, districtId: string | undefined) {
  if (!canImportData(actor)) throw forbidden();
  if (districtId !== undefined && districtId !== actor.districtId) throw forbidden();
}

interface WritePlan {
  districtId: string;
  newDistrict: { name: string; state: string; leaCode: string } | null;
  sourceKind: ImportBatchesTable['source_kind'] & StandardsImportSummary['sourceKind'];
  mappingName: string;
  fileName: string;
  fileSha256: string;
  schoolYear: number | null;
  dryRun: boolean;
  loaded: Loaded;
  skipped: Record<string, number>;
  files: StandardsImportSummary['files'];
}

class DryRunDone extends Error {
  constructor(readonly summary: StandardsImportSummary) {
    super('dry run');
  }
}

async function write(
  db: Db,
  actor: Actor | null,
  plan: WritePlan,
): Promise<StandardsImportSummary> {
  try {
    return await db.transaction().execute(async (trx) => {
      const summary = await writeInto(trx, actor, plan);
      if (plan.dryRun) throw new DryRunDone(summary);
      return summary;
    });
  } catch (error) {
    if (error instanceof DryRunDone) return { ...error.summary, batchId: null, dryRun: true };
    throw error;
  }
}

async function writeInto(
  trx: Db,
  actor: Actor | null,
  plan: WritePlan,
): Promise<StandardsImportSummary> {
  const { districtId, loaded } = plan;
  if (!(await getDistrictById(trx, districtId))) {
    if (!plan.newDistrict) throw notFound(`District ${districtId}`);
    const { name, state, leaCode } = plan.newDistrict;
    await insertDistrict(trx, { id: districtId, name, state, lea_code: leaCode, nces_id: null });
  }
  const batchId = randomUUID();
  await insertBatch(trx, {
    district_id: districtId,
    id: batchId,
    source_kind: plan.sourceKind,
    file_name: plan.fileName,
    file_sha256: plan.fileSha256,
    mapping_name: plan.mappingName,
    created_by: actor?.userId ?? null,
  });
  const keys = new Set(loaded.values.map((v) => v.measureKey));
  const source = `Standard catalogue (added by a ${plan.sourceKind} import)`;
  await insertMissingMeasures(
    trx,
    STANDARD_MEASURES.filter((d) => keys.has(d.key)).map((d) => ({
      district_id: districtId,
      key: d.key,
      label: d.label,
      category: d.category,
      unit: d.unit,
      higher_is_better: d.higherIsBetter,
      description: d.description,
      source,
    })),
  );
  const tag = { district_id: districtId, batch_id: batchId };
  // Schools before the values and assignments that refer to them; staff before theirs.
  let written = await upsertSchools(
    trx,
    loaded.schools.map((s) => ({ ...tag, ...schoolRow(s) })),
  );
  written += await upsertMeasureValues(
    trx,
    loaded.values.map((v) => ({ ...tag, ...valueRow(v) })),
  );
  written += await upsertImportedStaff(trx, tag, loaded);
  const counts = {
    schools: loaded.schools.length,
    staff: loaded.staff.length,
    assignments: loaded.assignments.length,
    credentials: loaded.credentials.length,
    values: loaded.values.length,
  };
  const rowsRead = Object.values(counts).reduce((a, b) => a + b, 0);
  await finishImportBatch(
    trx,
    {
      districtId,
      batchId,
      fileName: plan.fileName,
      sourceKind: plan.sourceKind,
      fileSha256: plan.fileSha256,
      rowsRead,
      rowsWritten: written,
      rowsSkipped: Object.values(plan.skipped).reduce((a, b) => a + b, 0),
      rowsRejected: 0,
    },
    { actor },
  );
  return {
    batchId,
    districtId,
    sourceKind: plan.sourceKind,
    fileName: plan.fileName,
    fileSha256: plan.fileSha256,
    schoolYear: plan.schoolYear,
    dryRun: false,
    counts,
    rowsWritten: written,
    skipped: plan.skipped,
    files: plan.files,
  };
}

function valueRow(v: ValueRecord) {
  return {
    school_id: v.schoolId,
    school_year: v.schoolYear,
    measure_key: v.measureKey,
    student_group: v.studentGroup,
    value: v.value,
    value_text: v.valueText,
    n: v.n,
    status: v.status,
    source_marker: v.marker,
  };
}

/** Every problem, with where it is; nothing was written. */
function problemsError(
  what: string,
  problems: Array<{ where: string; message: string }>,
): AppError {
  const first = problems[0];
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new AppError(
    'bad_request',
    `${what} have ${count}; nothing was imported.${first ? ` First: ${first.where}: ${first.message}.` : ''}`,
    { problems: problems.map((p) => ({ field: p.where, message: p.message })) },
  );
}
