// Imports started from the web app run in the background, so that a large file does not hold an
// HTTP request open; the page polls the job for progress (rows read, bytes read of the total,
// phase) and, when it is done, the summary or the refusal with every problem. Jobs live in this
// process, like uploads (uploads.ts): a finished job is kept for an hour for the page to read.
// A statewide job loads several uploads together as the state's reference data (statewide-
// import.ts): one batch, all or nothing, or a dry run that writes nothing and keeps the uploads.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError, isAppError, notFound } from '../domain/shared/errors.ts';
import type { ImportProblem } from '../importers/apply.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { assertCanImport } from './import-batches.ts';
import { problemsOf, withUploadName } from './import-preview.ts';
import { importStandardsUpload } from './import-standards-upload.ts';
import { importFile, ImportRefusedError, type ImportSummary, type OnProblems } from './imports.ts';
import type { StandardsImportSummary } from './standards-import.ts';
import { loadStatewideFiles, type StatewideLoadSummary } from './statewide-import.ts';
import type { Upload, UploadStore } from './uploads.ts';

const KEEP_FINISHED_MS = 60 * 60 * 1000;

export type JobPhase = 'queued' | 'reading' | 'finishing' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  districtId: string;
  userId: string;
  fileName: string;
  kind: 'table' | 'edfi' | 'oneroster' | 'statewide';
  phase: JobPhase;
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  startedAt: Date;
  finishedAt: Date | null;
  /** When done: the import's summary. */
  summary:
    Omit<ImportSummary, 'rejectedCsv'> | StandardsImportSummary | StatewideLoadSummary | null;
  /** When failed: what refused it, with every problem (the first 1,000). */
  failure: { message: string; problems: ImportProblem[]; problemCount: number } | null;
}

export interface StartImportOptions {
  uploadId: string;
  mapping?: string | MappingInput;
  /** For an .xlsx, the worksheet to read (see ImportFileOptions.sheet). */
  sheet?: string | undefined;
  onProblems: OnProblems;
  unknownSchools?: 'error' | 'skip';
}

const jobs = new Map<string, ImportJob>();
const running = new Set<string>();

export function startImportJob(
  db: Db,
  actor: Actor,
  store: UploadStore,
  options: StartImportOptions,
): ImportJob {
  assertCanImport(actor, actor.districtId);
  const upload = store.get(actor, options.uploadId);
  if (running.has(upload.id)) {
    throw new AppError('conflict', `${upload.fileName} is being imported already.`);
  }
  dropOldJobs();
  const job: ImportJob = {
    id: randomUUID(),
    districtId: actor.districtId,
    userId: actor.userId,
    fileName: upload.fileName,
    kind: upload.kind,
    phase: 'queued',
    rowsRead: 0,
    bytesRead: 0,
    totalBytes: upload.size,
    startedAt: new Date(),
    finishedAt: null,
    summary: null,
    failure: null,
  };
  jobs.set(job.id, job);
  running.add(upload.id);
  const run = async () => {
    job.phase = 'reading';
    if (upload.kind !== 'table') {
      return importStandardsUpload(db, actor, store, upload, { dryRun: false });
    }
    const { rejectedCsv: _inline, ...summary } = await importFile(db, actor, {
      districtId: actor.districtId,
      path: upload.path,
      fileName: upload.fileName,
      ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
      sheet: options.sheet,
      onProblems: options.onProblems,
      unknownSchools: options.unknownSchools ?? 'error',
      notes: 'Imported in the web app.',
      onProgress: (p) => {
        job.rowsRead = p.rowsRead;
        job.bytesRead = p.bytesRead;
        job.totalBytes = p.totalBytes;
        // The last chunk is written and duplicates are checked once every byte is read.
        if (p.totalBytes > 0 && p.bytesRead >= p.totalBytes) job.phase = 'finishing';
      },
    });
    return summary;
  };
  run()
    .then((summary) => {
      job.summary = summary;
      job.bytesRead = job.totalBytes;
      job.phase = 'done';
    })
    .catch((error: unknown) => {
      job.phase = 'failed';
      job.failure = describeFailure(withUploadName(error, upload), upload.fileName);
    })
    .finally(() => {
      job.finishedAt = new Date();
      running.delete(upload.id);
      // Imported (or refused): the file is not kept. A refused file is uploaded again after
      // it is fixed.
      void store.remove(upload.id);
    });
  return job;
}

export interface StartStatewideOptions {
  uploadIds: readonly string[];
  /** Check the files and say what a load would do; nothing is written, the uploads are kept. */
  dryRun?: boolean;
}

/** Loads the actor's uploads as the state's reference data, in the background. */
export function startStatewideJob(
  db: Db,
  actor: Actor,
  store: UploadStore,
  options: StartStatewideOptions,
): ImportJob {
  assertCanImport(actor, actor.districtId);
  const ids = [...new Set(options.uploadIds)];
  if (ids.length === 0) throw new AppError('bad_request', 'Upload the state’s files first.');
  const uploads = ids.map((id) => store.get(actor, id));
  const notTable = uploads.find((u) => u.kind !== 'table');
  if (notTable) {
    throw new AppError(
      'bad_request',
      `${notTable.fileName} is not a table: statewide reference data is read from the state’s CSV files.`,
    );
  }
  const busy = uploads.find((u) => running.has(u.id));
  if (busy) throw new AppError('conflict', `${busy.fileName} is being imported already.`);
  dropOldJobs();
  const totalBytes = uploads.reduce((sum, u) => sum + u.size, 0);
  const job: ImportJob = {
    id: randomUUID(),
    districtId: actor.districtId,
    userId: actor.userId,
    fileName: uploads.map((u) => u.fileName).join(', '),
    kind: 'statewide',
    phase: 'queued',
    rowsRead: 0,
    bytesRead: 0,
    totalBytes,
    startedAt: new Date(),
    finishedAt: null,
    summary: null,
    failure: null,
  };
  jobs.set(job.id, job);
  for (const u of uploads) running.add(u.id);
  const sizeOfFirst = (count: number) =>
    uploads.slice(0, count).reduce((sum: number, u: Upload) => sum + u.size, 0);
  job.phase = 'reading';
  loadStatewideFiles(db, actor, {
    districtId: actor.districtId,
    paths: uploads.map((u) => u.path),
    fileNames: uploads.map((u) => u.fileName),
    dryRun: options.dryRun === true,
    notes: 'Loaded in the web app (Data imports, statewide reference data).',
    onProgress: (p) => {
      job.rowsRead = p.rowsRead;
      job.bytesRead = sizeOfFirst(p.filesRead);
      if (p.file === null) job.phase = 'finishing';
    },
  })
    .then((summary) => {
      job.summary = summary;
      job.bytesRead = job.totalBytes;
      job.phase = 'done';
    })
    .catch((error: unknown) => {
      job.phase = 'failed';
      // Problems already name the uploads (fileNames); other messages may hold a stored path.
      const named =
        error instanceof ImportRefusedError
          ? error
          : uploads.reduce<unknown>((e, u) => withUploadName(e, u), error);
      job.failure = describeFailure(named, job.fileName);
    })
    .finally(() => {
      job.finishedAt = new Date();
      for (const u of uploads) running.delete(u.id);
      // Loaded (or refused): the files are not kept. A dry run keeps them for the load.
      if (!options.dryRun) for (const u of uploads) void store.remove(u.id);
    });
  return job;
}

/** The actor's job (someone else's is "not found"). */
export function getImportJob(actor: Actor, jobId: string): ImportJob {
  assertCanImport(actor, actor.districtId);
  const job = jobs.get(jobId);
  if (!job || job.districtId !== actor.districtId || job.userId !== actor.userId) {
    throw notFound('The import job');
  }
  return job;
}

function describeFailure(error: unknown, fileName: string): ImportJob['failure'] {
  if (isAppError(error) && error.kind !== 'internal') {
    try {
      const problems = problemsOf(error, fileName);
      const problemCount =
        error instanceof ImportRefusedError ? error.problemCount : problems.length;
      return { message: error.message, problems, problemCount };
    } catch {
      return { message: error.message, problems: [], problemCount: 0 };
    }
  }
  // Logged without the file's contents; the user gets a plain message.
  console.error(
    `import job for ${fileName} failed:`,
    error instanceof Error ? error.message : error,
  );
  return {
    message: 'The import failed unexpectedly; nothing was written. It has been logged.',
    problems: [],
    problemCount: 0,
  };
}

function dropOldJobs() {
  const now = Date.now();
  for (const [id, job] of jobs) {
    if (job.finishedAt && now - job.finishedAt.getTime() > KEEP_FINISHED_MS) jobs.delete(id);
  }
}
