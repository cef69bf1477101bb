// What an uploaded file would do, before anything is written (issue #3 "pick or build a mapping
// with a live preview of the first rows as they will land, see every validation problem before
// anything is written"): its header, its first rows as read, the same rows through the mapping
// as they would be stored, and a full dry run of the import — every row read, checked and
// written inside a transaction that is then rolled back — so the counts and problems are
// exactly what "Import" would report.
import path from 'node:path';
import type { Db } from '../db/connection.ts';
import type { MeasureUnit } from '../db/schema.ts';
import { listMeasures } from '../db/queries/schools.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError, isAppError } from '../domain/shared/errors.ts';
import { applyRow, bindMapping, type ImportProblem } from '../importers/apply.ts';
import { type Mapping, type MappingInput } from '../importers/mapping.ts';
import { listSheets, openTable } from '../importers/xlsx/open-table.ts';
import { assertCanImport } from './import-batches.ts';
import { importStandardsUpload } from './import-standards-upload.ts';
import {
  importFile,
  ImportRefusedError,
  isBuiltInMapping,
  mappingsFittingColumns,
  pickMapping,
  resolveMappingFor,
  type ImportSummary,
} from './imports.ts';
import type { StandardsImportSummary } from './standards-import.ts';
import type { Upload, UploadStore } from './uploads.ts';

export const PREVIEW_ROWS = 20;

export interface PreviewOptions {
  /** A built-in or saved mapping's name or a mapping document; omitted, the best fit by header. */
  mapping?: string | MappingInput;
  /** For an .xlsx, the worksheet to read, over the mapping's `sheet`; neither given, the first. */
  sheet?: string;
  unknownSchools?: 'error' | 'skip';
}

export interface LandingRow {
  /** The source row (1 is the header). */
  row: number;
  school: string;
  year: number;
  measure: string;
  group: string;
  value: number | string | null;
  status: 'reported' | 'suppressed' | 'missing';
  marker: string | null;
  /** How many students the value is about, where the mapping reads it. */
  n: number | null;
}

export interface TablePreview {
  kind: 'table';
  fileName: string;
  /** An .xlsx file's worksheets in tab order (none for a CSV), and the one read. */
  sheets: string[];
  sheet: string | null;
  header: string[];
  /** The first PREVIEW_ROWS rows as read, with their row numbers. */
  sourceRows: Array<{ row: number; cells: string[] }>;
  /** The mapping used (picked or given), or null when none fits. */
  mapping: { name: string; title: string; isBuiltIn: boolean } | null;
  /** With no mapping picked: the built-in mappings whose columns the file has all the same (its
   * name is not the one they were written for, or several fit equally), to choose from. */
  fits: Array<{ name: string; title: string }>;
  /** Schools those rows add to or change in the directory (mappings of kind 'schools'). */
  schools: Array<{ row: number; id: string; name: string }>;
  landing: LandingRow[];
  /** The measures the mapping feeds, with their labels and units: the district's catalogue,
   * else the standard one, else the mapping's own definitions (a measure it adds). */
  measures: Array<{ key: string; label: string; unit: MeasureUnit | null }>;
  /** The dry run: what an import with skip-rows would read, write, skip and reject. */
  dryRun: Pick<
    ImportSummary,
    'rowsRead' | 'rowsWritten' | 'rowsSkipped' | 'rowsRejected' | 'skipped'
  > | null;
  /** True when the file would be refused whatever the choice (a missing column, a repeat). */
  isRefused: boolean;
  problems: ImportProblem[];
  problemCount: number;
}

export interface StandardsPreview {
  kind: 'edfi' | 'oneroster';
  fileName: string;
  dryRun: StandardsImportSummary | null;
  isRefused: boolean;
  problems: ImportProblem[];
  problemCount: number;
}

export type Preview = TablePreview | StandardsPreview;

export async function previewUpload(
  db: Db,
  actor: Actor,
  store: UploadStore,
  uploadId: string,
  options: PreviewOptions,
): Promise<Preview> {
  assertCanImport(actor, actor.districtId);
  const upload = store.get(actor, uploadId);
  // Listed apart from reading one, so that a sheet that cannot be read (empty, or not a table)
  // still leaves the others to choose from. A file that is no workbook at all is refused below,
  // when it is opened, with the reader's own message.
  const sheets =
    upload.kind === 'table'
      ? await listSheets(upload.path).catch((error: unknown) =>
          isAppError(error) ? [] : Promise.reject(error),
        )
      : [];
  try {
    return await previewOf(db, actor, store, upload, options, sheets);
  } catch (error) {
    const named = withUploadName(error, upload);
    // A file the reader refuses outright (an unclosed quote, an encoding) is a preview too:
    // the page shows why, as for any other problem.
    if (!(named instanceof AppError) || named.kind !== 'bad_request') throw named;
    const problems = problemsOf(named, upload.fileName);
    const base = {
      fileName: upload.fileName,
      isRefused: true,
      problems,
      problemCount: problems.length,
    };
    if (upload.kind !== 'table') return { ...base, kind: upload.kind, dryRun: null };
    // The mapping may be what was refused: the sheet is the one asked for, or a document's.
    const documentSheet = typeof options.mapping === 'object' ? options.mapping.sheet : undefined;
    return {
      ...base,
      kind: 'table',
      sheets,
      sheet: sheetAsked(sheets, options.sheet ?? documentSheet),
      header: [],
      sourceRows: [],
      mapping: null,
      fits: [],
      schools: [],
      landing: [],
      measures: [],
      dryRun: null,
    };
  }
}

async function previewOf(
  db: Db,
  actor: Actor,
  store: UploadStore,
  upload: Upload,
  options: PreviewOptions,
  sheets: string[],
): Promise<Preview> {
  if (upload.kind !== 'table') {
    try {
      const dryRun = await importStandardsUpload(db, actor, store, upload, { dryRun: true });
      return {
        kind: upload.kind,
        fileName: upload.fileName,
        dryRun,
        isRefused: false,
        problems: [],
        problemCount: 0,
      };
    } catch (error) {
      const problems = problemsOf(error, upload.fileName);
      return {
        kind: upload.kind,
        fileName: upload.fileName,
        dryRun: null,
        isRefused: true,
        problems,
        problemCount: problems.length,
      };
    }
  }
  return previewTable(db, actor, upload, options, sheets);
}

/** The sheet a preview reads, as the workbook spells it: the one asked for (by the options, else
 * by the mapping, as an import reads it), else the first; null for a CSV. One the workbook lacks
 * is kept as asked, and opening it then says which sheets there are. */
function sheetAsked(sheets: string[], asked: string | undefined): string | null {
  if (asked === undefined) return sheets[0] ?? null;
  return sheets.find((s) => s.toLowerCase() === asked.toLowerCase()) ?? asked;
}

async function previewTable(
  db: Db,
  actor: Actor,
  upload: Upload,
  options: PreviewOptions,
  sheets: string[],
): Promise<TablePreview> {
  const { fileName } = upload;
  const resolved = await resolveMappingFor(db, actor.districtId, options.mapping, fileName);
  const { saved } = resolved;
  let mapping: Mapping | null = resolved.named;
  // As importInto: the sheet chosen, else the named mapping's (a built-in, a saved one or a
  // document), else the first.
  const sheet = sheetAsked(sheets, options.sheet ?? mapping?.sheet);
  const reader = await openTable(upload.path, () => undefined, {
    raggedRows: 'yield',
    ...(sheet === null ? {} : { sheet }),
  });
  const sourceRows: TablePreview['sourceRows'] = [];
  try {
    for await (const { line, cells } of reader.rows) {
      sourceRows.push({ row: line, cells });
      if (sourceRows.length >= PREVIEW_ROWS) break;
    }
  } finally {
    reader.close();
  }
  const base: TablePreview = {
    kind: 'table',
    fileName,
    sheets,
    sheet,
    header: reader.header,
    sourceRows,
    mapping: null,
    fits: [],
    schools: [],
    landing: [],
    measures: [],
    dryRun: null,
    isRefused: false,
    problems: [],
    problemCount: 0,
  };
  if (mapping === null) {
    try {
      mapping = pickMapping(reader.header, fileName, saved.valid);
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
    if (mapping === null) {
      const fits = mappingsFittingColumns(reader.header, saved.valid);
      return { ...base, fits: fits.map((m) => ({ name: m.name, title: m.title })) };
    }
  }
  const isBuiltIn = isBuiltInMapping(mapping);
  base.mapping = { name: mapping.name, title: mapping.title, isBuiltIn };
  base.measures = await measuresOf(db, actor.districtId, mapping);
  const bind = bindMapping(mapping, reader.header, fileName);
  if (!bind.bound) {
    return {
      ...base,
      isRefused: true,
      problems: bind.problems,
      problemCount: bind.problems.length,
    };
  }
  for (const { row, cells } of sourceRows) {
    const result = applyRow(bind.bound, cells, row);
    if (result.school) base.schools.push({ row, id: result.school.id, name: result.school.name });
    for (const v of result.values) {
      base.landing.push({
        row,
        school: v.schoolId,
        year: v.schoolYear,
        measure: v.measureKey,
        group: v.studentGroup,
        value: v.value ?? v.valueText,
        status: v.status,
        marker: v.marker,
        n: v.n,
      });
    }
  }
  try {
    const summary = await importFile(db, actor, {
      districtId: actor.districtId,
      path: upload.path,
      fileName,
      mapping: options.mapping ?? mapping.name,
      ...(sheet === null ? {} : { sheet }),
      dryRun: true,
      onProblems: 'skip-rows',
      unknownSchools: options.unknownSchools ?? 'error',
    });
    const { rowsRead, rowsWritten, rowsSkipped, rowsRejected, skipped } = summary;
    return {
      ...base,
      dryRun: { rowsRead, rowsWritten, rowsSkipped, rowsRejected, skipped },
      problems: summary.problems,
      problemCount: summary.problemCount,
    };
  } catch (error) {
    const problems = problemsOf(error, fileName);
    const problemCount = error instanceof ImportRefusedError ? error.problemCount : problems.length;
    return { ...base, isRefused: true, problems, problemCount };
  }
}

/**
 * The readers name the file by its path; a user knows it by the name they uploaded, and the
 * server's folders are not theirs to see. The same error, with the path replaced.
 */
export function withUploadName(error: unknown, upload: Upload): unknown {
  if (!(error instanceof AppError)) return error;
  const unpacked = path.dirname(upload.path);
  const rename = (text: string) =>
    text
      .replaceAll(upload.path, upload.fileName)
      .replaceAll(`${path.join(unpacked, '.unpacked')}${path.sep}`, '')
      .replaceAll(`${unpacked}${path.sep}`, '');
  if (error instanceof ImportRefusedError) {
    const problems = error.importProblems.map((p) => ({ ...p, file: rename(p.file) }));
    return new ImportRefusedError(upload.fileName, problems, error.problemCount);
  }
  return new AppError(error.kind, rename(error.message), {
    problems: error.problems.map((p) => ({ field: rename(p.field), message: rename(p.message) })),
    cause: error,
  });
}

/** A refusal's problems with file, row, column and value apart, whatever raised it. */
export function problemsOf(error: unknown, fileName: string): ImportProblem[] {
  if (error instanceof ImportRefusedError) return [...error.importProblems];
  if (!(error instanceof AppError) || error.kind === 'internal' || error.kind === 'forbidden') {
    throw error;
  }
  if (error.problems.length === 0) {
    return [{ file: fileName, row: 0, column: null, value: null, reason: error.message }];
  }
  // Ed-Fi and OneRoster problems name their place as file:row:element-or-column.
  return error.problems.map((p) => {
    const [file, row, column] = p.field.split(':');
    const line = Number(row);
    return Number.isInteger(line) && file
      ? { file, row: line, column: column || null, value: null, reason: p.message }
      : { file: fileName, row: 0, column: p.field, value: null, reason: p.message };
  });
}

/** The measures a mapping feeds, as TablePreview['measures'] describes. */
async function measuresOf(
  db: Db,
  districtId: string,
  mapping: Mapping,
): Promise<TablePreview['measures']> {
  const keys = [...new Set((mapping.measures ?? []).map((m) => m.measure))];
  if (keys.length === 0) return [];
  const catalogue = new Map((await listMeasures(db, districtId, keys)).map((m) => [m.key, m]));
  return keys.map((key) => {
    const known = catalogue.get(key) ?? STANDARD_MEASURES.find((d) => d.key === key);
    const defined = mapping.defineMeasures?.find((d) => d.measure === key);
    return {
      key,
      label: known?.label ?? defined?.label ?? key,
      unit: known?.unit ?? defined?.unit ?? null,
    };
  });
}
