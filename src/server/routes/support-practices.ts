// The practice exchange (issue #6 part B): practices, their artifacts, adoptions, improvement
// goals and the pockets of success a practice can come from. Artifacts are uploaded as JSON
// (base64) under a body limit, and always downloaded as attachments with nosniff, never shown
// inline (docs/decisions/011-support.md "Artifacts").
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../domain/shared/errors.ts';
import {
  AdoptionInputSchema,
  adoptionsCsv,
  ArtifactInputSchema,
  createGoal,
  createPractice,
  GoalInputSchema,
  getPractice,
  listGoals,
  listPockets,
  listPractices,
  PracticeInputSchema,
  readArtifact,
  setAdoption,
  uploadArtifact,
} from '../../services/practices.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import { problemResponse } from '../problem.ts';
import {
  GoalListSchema,
  PocketListSchema,
  PracticeDetailSchema,
  PracticeListSchema,
} from '../support-responses.ts';
import {
  ArtifactParam,
  defineCsvDownload,
  defineRoute,
  IdParam,
  PocketsQuery,
} from '../support-schemas.ts';
import { fileContent, fileResponse } from '../downloads.ts';
import { problemResponses } from '../schemas.ts';

/** 5 MiB of file as base64 (4/3) plus the JSON around it. */
const UPLOAD_BODY_LIMIT = Math.ceil((5 * 1024 * 1024 * 4) / 3) + 64 * 1024;

export const practiceRoutes = new OpenAPIHono<AppEnv>();

defineCsvDownload(
  practiceRoutes,
  {
    path: '/support/adoptions.csv',
    summary: 'Every school’s adoption of a practice from the exchange, as CSV',
    fileName: 'practice-adoptions.csv',
  },
  ({ db, actor }) => adoptionsCsv(db, actor),
);

practiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/support/practices/{id}/artifacts/{artifactId}',
    tags: ['School support'],
    summary: 'A file attached to a practice, exactly as uploaded (always a download)',
    request: { params: ArtifactParam },
    responses: {
      200: {
        description: 'The file, with the media type it was uploaded with',
        ...fileContent('application/octet-stream'),
      },
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { id, artifactId } = c.req.valid('param');
    const file = await readArtifact(c.get('db'), requireSession(c).actor, id, artifactId);
    // Always a download, and sandboxed should a browser render it anyway.
    return fileResponse(c, file.content, file.mediaType, file.fileName, {
      'content-security-policy': "default-src 'none'; sandbox",
      etag: `"${file.sha256}"`,
    });
  },
);

defineRoute(
  practiceRoutes,
  {
    method: 'get',
    path: '/support/practices',
    summary: 'The library of practices with their evidence and adoption counts',
    response: PracticeListSchema,
  },
  async ({ db, actor }) => ({ practices: await listPractices(db, actor) }),
);
defineRoute(
  practiceRoutes,
  {
    method: 'post',
    path: '/support/practices',
    summary: 'Record a practice, optionally from a pocket of success (its figures are kept)',
    response: PracticeDetailSchema,
    body: PracticeInputSchema,
    status: 201,
  },
  ({ db, actor, body }) => createPractice(db, actor, body),
);
defineRoute(
  practiceRoutes,
  {
    method: 'get',
    path: '/support/practices/{id}',
    summary: 'A practice: evidence, artifacts, adoptions over time and schools with the same goal',
    response: PracticeDetailSchema,
    params: IdParam,
  },
  ({ db, actor, params }) => getPractice(db, actor, params.id ?? ''),
);
defineRoute(
  practiceRoutes,
  {
    method: 'post',
    path: '/support/practices/{id}/artifacts',
    summary:
      'Upload a file (PDF, Word, Excel, PowerPoint, PNG, JPEG, text, CSV, Markdown; at most 5 MB) as base64',
    response: PracticeDetailSchema,
    params: IdParam,
    body: ArtifactInputSchema,
    status: 201,
    middleware: [
      bodyLimit({
        maxSize: UPLOAD_BODY_LIMIT,
        onError: (c) =>
          problemResponse(
            c,
            new AppError('bad_request', 'The file is larger than the limit of 5 MB.', {
              problems: [{ field: 'contentBase64', message: 'Larger than 5 MB.' }],
            }),
          ),
      }),
    ],
  },
  ({ db, actor, params, body }) => uploadArtifact(db, actor, params.id ?? '', body),
);
defineRoute(
  practiceRoutes,
  {
    method: 'put',
    path: '/support/practices/{id}/adoptions',
    summary: 'Record or update a school’s adoption of a practice',
    response: PracticeDetailSchema,
    params: IdParam,
    body: AdoptionInputSchema,
  },
  ({ db, actor, params, body }) => setAdoption(db, actor, params.id ?? '', body),
);
defineRoute(
  practiceRoutes,
  {
    method: 'get',
    path: '/support/goals',
    summary: 'Improvement goals grouped by measure and student group: schools with the same goal',
    response: GoalListSchema,
  },
  async ({ db, actor }) => ({ goals: await listGoals(db, actor) }),
);
defineRoute(
  practiceRoutes,
  {
    method: 'post',
    path: '/support/goals',
    summary: 'Record a school’s improvement goal',
    response: GoalListSchema,
    body: GoalInputSchema,
    status: 201,
  },
  async ({ db, actor, body }) => ({ goals: await createGoal(db, actor, body) }),
);
defineRoute(
  practiceRoutes,
  {
    method: 'get',
    path: '/support/pockets',
    summary: 'Pockets of success found by the diagnostics, for linking a practice to its evidence',
    response: PocketListSchema,
    query: PocketsQuery,
  },
  ({ db, actor, query }) => listPockets(db, actor, query as Parameters<typeof listPockets>[2]),
);
