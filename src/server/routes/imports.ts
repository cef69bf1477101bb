// Data imports from the web app (issue #3): built-in mappings, uploads, preview (a dry run),
// background import jobs, batch history, rollback and rejected rows; and the state's whole files
// as statewide reference data (issue #5), a background job over several uploads. Every service checks that
// the user may import (district leaders and analysts, canImportData); imports and rollbacks are
// audited by the services.
import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { AppError } from '../../domain/shared/errors.ts';
import { parseMapping } from '../../importers/mapping.ts';
import {
  listBatches,
  rollbackBatch,
  streamRejectedRowsCsv,
  type BatchListing,
} from '../../services/import-batches.ts';
import {
  getImportJob,
  startImportJob,
  startStatewideJob,
  type ImportJob,
} from '../../services/import-jobs.ts';
import { getStatewideInfo } from '../../services/statewide-import.ts';
import { previewUpload } from '../../services/import-preview.ts';
import {
  deleteMapping,
  listMappingChoices,
  listMeasureOptions,
  saveMapping,
  type MappingChoice,
} from '../../services/saved-mappings.ts';
import { boundaryOf } from '../../services/upload-multipart.ts';
import { UPLOAD_TTL_MS, uploadStoreFor, UploadTooLargeError } from '../../services/uploads.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import { validationError } from '../problem.ts';
import { problemResponses } from '../schemas.ts';
import {
  BatchIdParam,
  BatchListSchema,
  JobIdParam,
  JobSchema,
  MappingItemSchema,
  MappingListSchema,
  MappingNameParam,
  PreviewRequestSchema,
  PreviewSchema,
  RollbackSchema,
  SaveMappingSchema,
  StartImportSchema,
  StartStatewideSchema,
  StatewideInfoSchema,
  UploadSchema,
} from '../imports-schemas.ts';
import { CSV_CONTENT_TYPE, downloadHeaders } from '../downloads.ts';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const tags = ['Imports'];

export const importRoutes = new OpenAPIHono<AppEnv>();

// A multipart body streams to disk (uploads.ts), so it is read here rather than through a
// declared body schema, which would buffer it.
importRoutes.post('/imports/uploads', async (c) => {
  const { actor } = requireSession(c);
  const store = uploadStoreFor(c.get('config').dataDir);
  const body = c.req.raw.body;
  if (!body) throw new AppError('bad_request', 'The upload has no file.');
  const length = Number(c.req.header('content-length') ?? NaN);
  try {
    const upload = await store.receive(
      actor,
      Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
      boundaryOf(c.req.header('content-type')),
      Number.isFinite(length) ? length : null,
    );
    const expiresAt = new Date(upload.createdAt + UPLOAD_TTL_MS).toISOString();
    return c.json(
      {
        uploadId: upload.id,
        fileName: upload.fileName,
        size: upload.size,
        kind: upload.kind,
        expiresAt,
      } satisfies z.infer<typeof UploadSchema>,
      201,
    );
  } catch (error) {
    if (!(error instanceof UploadTooLargeError)) throw error;
    // RFC 9110 §15.5.14; the connection is closed so the client stops sending the rest.
    return c.body(
      JSON.stringify({
        type: 'https://tandem.local/problems/too_large',
        title: 'The file is too large',
        status: 413,
        detail: error.message,
        instance: c.req.path,
      }),
      413,
      { 'content-type': 'application/problem+json', connection: 'close' },
    );
  }
});

importRoutes.get('/imports/batches/:batchId/rejected.csv', async (c) => {
  const parsed = BatchIdParam.safeParse(c.req.param());
  if (!parsed.success) throw validationError(parsed.error, 'path');
  const { batchId } = parsed.data;
  const { actor } = requireSession(c);
  const chunks = streamRejectedRowsCsv(c.get('db'), actor, actor.districtId, batchId);
  // The first chunk (the header) is read before answering, so that a refusal (403, 404) is a
  // problem response, not a broken download.
  const first = await chunks.next();
  const headers = downloadHeaders(CSV_CONTENT_TYPE, `rejected-rows-${batchId}.csv`);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return stream(c, async (out) => {
    if (!first.done) await out.write(first.value);
    for await (const chunk of chunks) await out.write(chunk);
  });
});

importRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/imports/mappings',
      tags,
      summary:
        'The mappings a file can be read with: those the district saved, then the built-in ones; what each reads and the header it matches',
      responses: {
        200: { description: 'Mappings', ...json(MappingListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const { actor } = requireSession(c);
      const choices = await listMappingChoices(c.get('db'), actor);
      const measures = await listMeasureOptions(c.get('db'), actor);
      return c.json({ mappings: choices.map(presentMapping), measures }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/imports/mappings',
      tags,
      summary:
        'Save a mapping for the district under a title (audited), or a changed copy of a saved one in its place; it is then offered and picked like a built-in one',
      request: { body: { required: true, ...json(SaveMappingSchema) } },
      responses: {
        201: { description: 'Saved', ...json(MappingItemSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { title, document, replaces } = c.req.valid('json');
      const saved = await saveMapping(c.get('db'), requireSession(c).actor, {
        title,
        document,
        replaces,
      });
      return c.json(presentMapping(saved), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/imports/mappings/{name}',
      tags,
      summary: 'Delete a mapping the district saved (audited); batches read with it keep its name',
      request: { params: MappingNameParam },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await deleteMapping(c.get('db'), requireSession(c).actor, c.req.valid('param').name);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/imports/previews',
      tags,
      summary:
        'An upload through a mapping: header, first rows as read and as they will land, and a dry run with every problem',
      request: { body: { required: true, ...json(PreviewRequestSchema) } },
      responses: {
        200: { description: 'Preview', ...json(PreviewSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { uploadId, mapping, sheet, unknownSchools } = c.req.valid('json');
      const { actor } = requireSession(c);
      const store = uploadStoreFor(c.get('config').dataDir);
      const options = {
        ...mappingOption(mapping),
        ...(sheet ? { sheet } : {}),
        ...(unknownSchools ? { unknownSchools } : {}),
      };
      return c.json(await previewUpload(c.get('db'), actor, store, uploadId, options), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/imports/jobs',
      tags,
      summary: 'Start importing an upload in the background; poll the job for progress',
      request: { body: { required: true, ...json(StartImportSchema) } },
      responses: {
        202: { description: 'Started', ...json(JobSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    (c) => {
      const { actor } = requireSession(c);
      const store = uploadStoreFor(c.get('config').dataDir);
      const { mapping, ...rest } = c.req.valid('json');
      const job = startImportJob(c.get('db'), actor, store, { ...rest, ...mappingOption(mapping) });
      return c.json(presentJob(job), 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/imports/statewide',
      tags,
      summary:
        'Statewide reference data: the state files a statewide load reads and the years loaded',
      responses: {
        200: { description: 'Statewide reference data', ...json(StatewideInfoSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const info = await getStatewideInfo(c.get('db'), requireSession(c).actor);
      return c.json(
        {
          ...info,
          loaded: info.loaded.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/imports/statewide-jobs',
      tags,
      summary:
        'Load uploads of the state’s whole school files as statewide reference data (one batch, all or nothing; or a dry run); poll the job',
      request: { body: { required: true, ...json(StartStatewideSchema) } },
      responses: {
        202: { description: 'Started', ...json(JobSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    (c) => {
      const { actor } = requireSession(c);
      const store = uploadStoreFor(c.get('config').dataDir);
      const job = startStatewideJob(c.get('db'), actor, store, c.req.valid('json'));
      return c.json(presentJob(job), 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/imports/jobs/{jobId}',
      tags,
      summary: 'An import job: phase, rows and bytes read, and the summary or problems when done',
      request: { params: JobIdParam },
      responses: {
        200: { description: 'Job', ...json(JobSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    (c) =>
      c.json(presentJob(getImportJob(requireSession(c).actor, c.req.valid('param').jobId)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/imports/batches',
      tags,
      summary: 'The district’s import batches, newest first',
      responses: {
        200: { description: 'Batches', ...json(BatchListSchema) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const { actor } = requireSession(c);
      const batches = await listBatches(c.get('db'), actor, actor.districtId);
      return c.json({ batches: batches.map(presentBatch) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/imports/batches/{batchId}/rollback',
      tags,
      summary: 'Undo a batch: restore what it replaced, remove what it added',
      request: { params: BatchIdParam },
      responses: {
        200: { description: 'Rolled back', ...json(RollbackSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { actor } = requireSession(c);
      const { batchId } = c.req.valid('param');
      return c.json(await rollbackBatch(c.get('db'), actor, actor.districtId, batchId), 200);
    },
  );

/** A mapping document is validated here, at the boundary; a bad one is a 400 naming its fields. */
function mappingOption(mapping: string | Record<string, unknown> | undefined) {
  if (mapping === undefined) return {};
  return { mapping: typeof mapping === 'string' ? mapping : parseMapping(mapping) };
}

function presentMapping(m: MappingChoice): z.infer<typeof MappingItemSchema> {
  return { ...m, savedAt: m.savedAt?.toISOString() ?? null };
}

function presentJob(job: ImportJob): z.infer<typeof JobSchema> {
  return {
    id: job.id,
    fileName: job.fileName,
    kind: job.kind,
    phase: job.phase,
    rowsRead: job.rowsRead,
    bytesRead: job.bytesRead,
    totalBytes: job.totalBytes,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    summary: job.summary,
    failure: job.failure,
  };
}

function presentBatch(b: BatchListing): z.infer<typeof BatchListSchema>['batches'][number] {
  return {
    ...b,
    createdAt: new Date(b.createdAt).toISOString(),
    rolledBackAt: b.rolledBackAt?.toISOString() ?? null,
  };
}
