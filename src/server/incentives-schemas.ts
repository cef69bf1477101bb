// Request and response schemas of the incentives API (issue #5), for validation and the OpenAPI
// document. The design schema is the service's own (src/services/incentives-design.ts), so the
// API and the service can never disagree on what a valid program is.
import { z } from '@hono/zod-openapi';
import { AwardInputSchema } from '../services/incentives-awards.ts';
import { PRESET_KEYS } from '../services/incentives-design.ts';

const Year = z.coerce.number().int().min(1990).max(2100);
const Unit = z.coerce.number().min(0).max(1);

export const ProgramIdParam = z.object({
  id: z.uuid('A program id is a UUID.').openapi({
    param: { name: 'id', in: 'path' },
    example: '7f1c7a8e-0000-4000-8000-000000000000',
  }),
});

// The design is validated in full by the service (with field paths in the problem); here it is
// an object, so that one schema owns the rules.
const DesignBody = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'An incentive program design (see the presets for examples).' });

export const CreateProgramSchema = z
  .object({
    presetKey: z.enum(PRESET_KEYS).optional(),
    design: DesignBody.optional(),
    status: z.enum(['draft', 'active']).optional(),
  })
  .openapi('CreateIncentiveProgram');

export const UpdateProgramSchema = z
  .object({ design: DesignBody, status: z.enum(['draft', 'active']).optional() })
  .openapi('UpdateIncentiveProgram');

export const PreviewSchema = z
  .object({ design: DesignBody, year: z.number().int().min(1990).max(2100).optional() })
  .openapi('PreviewIncentiveDesign');

export const EvaluationQuery = z.object({
  year: Year.optional().openapi({
    description: 'Staff school year (spring year); latest if omitted.',
  }),
  retentionOfEligible: Unit.optional().openapi({
    description: 'Share of eligible people who stay each year (0–1), for multi-year costs.',
  }),
});

export const ProjectionQuery = z.object({
  retentionOfEligible: Unit.openapi({ example: 0.9 }),
  movesIn: z.coerce.number().min(0).max(10_000).openapi({ example: 5 }),
  years: z.coerce.number().int().min(1).max(10).optional(),
  replacementRate: Unit.optional(),
  retentionWithoutProgram: Unit.optional(),
  retentionOfOthers: Unit.optional(),
  year: Year.optional(),
});

export const AwardBodySchema = AwardInputSchema.openapi('RecordAward');

export const UploadAwardsSchema = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(2_000_000)
      .openapi({ description: 'CSV text: staff_id, school_year, amount[, paid_on].' }),
  })
  .openapi('UploadAwards');

// Responses: the top level is described; nested figures are documented in the service types.
const Loose = z.unknown();

export const ProgramSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    presetKey: z.string().nullable(),
    status: z.enum(['draft', 'active']),
    design: Loose,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('IncentiveProgram');

export const ProgramListSchema = z
  .object({
    programs: z.array(ProgramSchema),
    presets: z.array(Loose),
    canManage: z.boolean(),
    canSeeNames: z.boolean(),
  })
  .openapi('IncentiveProgramList');

export const EvaluationSchema = z
  .object({
    program: Loose,
    staffYear: z.number().int(),
    schoolYear: z.number().int().nullable(),
    staffConsidered: z.number().int(),
    eligibleCount: z.number().int(),
    ineligibleCount: z.number().int(),
    cost: Loose,
    byCategory: z.array(Loose),
    bySchool: z.array(Loose),
    minimumN: z.number().int(),
    canSeeNames: z.boolean(),
    context: Loose,
    methods: z.array(z.string()),
  })
  .openapi('IncentiveEvaluation');

export const EligibleListSchema = z
  .object({
    program: z.string(),
    staffYear: z.number().int(),
    people: z.array(Loose),
    total: z.number(),
  })
  .openapi('IncentiveEligibleList');

export const ProjectionSchema = z
  .object({
    program: z.string(),
    staffYear: z.number().int(),
    baseline: Loose,
    withoutProgram: Loose,
    withProgram: Loose,
    changePoints: z.number(),
    explanation: z.array(z.string()),
    baselineFacts: Loose,
    definition: z.string(),
    series: z.array(Loose),
  })
  .openapi('IncentiveGapProjection');

export const AwardListSchema = z
  .object({ awards: z.array(Loose), byYear: z.array(Loose), canSeeNames: z.boolean() })
  .openapi('IncentiveAwardList');

export const UploadResultSchema = z
  .object({ recorded: z.number().int(), uploadId: z.string(), total: z.number() })
  .openapi('IncentiveUploadResult');

export const RetentionComparisonSchema = z
  .object({
    status: z.enum(['compared', 'no_awards', 'no_following_year']),
    years: z.array(z.object({ from: z.number().int(), to: z.number().int() })),
    comparison: Loose,
    message: z.string(),
  })
  .openapi('IncentiveRetentionComparison');
