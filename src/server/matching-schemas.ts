// Request and response schemas of the matching API (issue #6). Request bodies reuse the
// services' own schemas (the single source of what a setting may be); responses are described
// by their main fields, the rest passed through as the services present them.
import { z } from '@hono/zod-openapi';
import { PartnerRunInputSchema } from '../services/matching.ts';
import { PlacementInputSchema, PostInputSchema } from '../services/principal-placement.ts';
import { ResidencyInputSchema } from '../services/residencies.ts';

export const PartnerRunBody = PartnerRunInputSchema.openapi('PartnerMatchSettings');
export const PlacementBody = PlacementInputSchema.openapi('PlacementSettings');
export const PostBody = PostInputSchema.openapi('PrincipalPostInput');
export const ResidencyBody = ResidencyInputSchema.openapi('ResidencyInput');

export const CapacityBody = z
  .object({ capacity: z.number().int().min(0).max(20), note: z.string().max(500).default('') })
  .openapi('PartnerCapacity');
export const PostStatusBody = z
  .object({ status: z.enum(['open', 'filled', 'withdrawn']) })
  .openapi('PrincipalPostStatus');

export const MatchRunIdParam = z.object({
  runId: z.uuid('A run id is a UUID.').openapi({ param: { name: 'runId', in: 'path' } }),
});
export const ItemIdParam = z.object({
  id: z.uuid('An id is a UUID.').openapi({ param: { name: 'id', in: 'path' } }),
});
export const CapacitySchoolParam = z.object({
  schoolId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'schoolId', in: 'path' } }),
});

const PairView = z
  .object({
    needingId: z.string(),
    needingName: z.string(),
    partnerId: z.string(),
    partnerName: z.string(),
    fit: z.number(),
    contextDistance: z.number(),
    km: z.number().nullable(),
    isPinned: z.boolean(),
    cost: z.number(),
    reasons: z.array(z.string()),
  })
  .passthrough();

export const PartnerMatchSchema = z
  .object({
    year: z.number().int(),
    pairs: z.array(PairView),
    unmatched: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })),
    objective: z.number(),
    method: z.string(),
    travelNote: z.string(),
    needingCount: z.number().int(),
    strongCount: z.number().int(),
    canRecord: z.boolean(),
  })
  .passthrough()
  .openapi('PartnerMatch');

const RunSummary = z.object({
  id: z.string(),
  year: z.number().int(),
  objective: z.number(),
  summary: z.string(),
  runAt: z.string(),
  runBy: z.string().nullable(),
});
export const MatchRunListSchema = z.object({ runs: z.array(RunSummary) }).openapi('MatchRunList');
export const PartnerRunSchema = RunSummary.extend({
  match: PartnerMatchSchema,
  isFiltered: z.boolean(),
}).openapi('PartnerMatchRun');

export const PlacementSchema = z
  .object({
    year: z.number().int(),
    recommendations: z.array(
      z
        .object({
          principalId: z.string(),
          principalName: z.string(),
          schoolId: z.string(),
          schoolName: z.string(),
          kind: z.string(),
          value: z.number(),
          explanation: z.array(z.string()),
        })
        .passthrough(),
    ),
    unfilled: z.array(
      z.object({ schoolId: z.string(), schoolName: z.string(), reason: z.string() }),
    ),
    moves: z.number().int(),
    maxMoves: z.number().int(),
    method: z.string(),
  })
  .passthrough()
  .openapi('PrincipalPlacement');

export const PostListSchema = z
  .object({
    posts: z.array(
      z.object({
        id: z.string(),
        schoolId: z.string(),
        schoolName: z.string(),
        schoolYear: z.number().int(),
        reason: z.string(),
        status: z.string(),
        note: z.string(),
      }),
    ),
  })
  .openapi('PrincipalPostList');

export const ResidencyListSchema = z
  .object({
    residencies: z.array(z.object({ id: z.string(), residentName: z.string() }).passthrough()),
  })
  .openapi('ResidencyList');

export const CreatedSchema = z.object({ id: z.string() }).openapi('Created');
