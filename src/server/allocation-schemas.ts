// Request and response schemas of the allocation, funding and comparability API (issue #5). The
// rules themselves are validated by the service's schema (src/services/allocation-rules.ts) so
// that one place owns them and its problems name the field.
import { z } from '@hono/zod-openapi';
import { RULE_SET_KEYS } from '../services/diagnostics-shared.ts';

const Year = z.coerce.number().int().min(1990).max(2100);

export const ScenarioIdParam = z.object({
  id: z.uuid('A scenario id is a UUID.').openapi({
    param: { name: 'id', in: 'path' },
    example: '7f1c7a8e-0000-4000-8000-000000000000',
  }),
});

export const RunQuery = z.object({
  year: Year.optional().openapi({
    description: 'School year of the need index (latest if omitted).',
  }),
  ruleSet: z.enum(RULE_SET_KEYS).optional().openapi({
    description: 'Whose tiers to use (default federal-essa).',
  }),
});

export const CompareQuery = RunQuery.extend({
  ids: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){1,3}$/, 'Give 2–4 scenario ids, comma-separated.')
    .openapi({ description: 'Two to four scenario ids, comma-separated.' }),
});

const RulesBody = z.record(z.string(), z.unknown()).openapi('AllocationRules', {
  description:
    'name, unit (fte | dollars), pool; optional needExponent, perStudent, minimumNeed, tiersFirst, floor, floorByTier, cap, capByTier, capBySchool, increment.',
});

export const ScenarioBodySchema = RulesBody;
export const RunBodySchema = z
  .object({
    rules: RulesBody,
    ruleSet: z.enum(RULE_SET_KEYS).optional(),
    year: z.number().int().optional(),
  })
  .openapi('RunAllocation');

const Loose = z.unknown();

export const ScenarioSchema = z
  .object({ id: z.string(), rules: Loose, createdAt: z.string(), updatedAt: z.string() })
  .openapi('AllocationScenario');

export const ScenarioListSchema = z
  .object({ scenarios: z.array(ScenarioSchema), canManage: z.boolean() })
  .openapi('AllocationScenarioList');

export const AllocationRunSchema = z
  .object({ result: Loose, basis: Loose, scenario: Loose.optional() })
  .openapi('AllocationRun');

export const ComparisonSchema = z
  .object({
    results: z.array(Loose),
    rows: z.array(Loose),
    scenarios: z.array(Loose),
    basis: Loose,
  })
  .openapi('AllocationComparison');

export const FundingBodySchema = z
  .object({ formula: z.record(z.string(), z.unknown()), year: z.number().int().optional() })
  .openapi('ComputeFunding');

export const SaveFormulaSchema = z
  .object({ formula: z.record(z.string(), z.unknown()) })
  .openapi('SaveFundingFormula');

export const FormulaListSchema = z
  .object({
    presets: z.array(Loose),
    formulas: z.array(Loose),
    countKeys: Loose,
    canManage: z.boolean(),
  })
  .openapi('FundingFormulaList');

export const FundingRunSchema = z
  .object({
    year: z.number().int().nullable(),
    formula: Loose,
    schools: z.array(Loose),
    total: z.number(),
    skipped: z.array(Loose),
    methods: z.array(z.string()),
  })
  .openapi('FundingRun');

export const ComparabilityQuery = z.object({
  threshold: z.coerce.number().min(1).max(2).optional().openapi({ example: 1.1 }),
  average: z.enum(['pooled', 'mean_of_schools']).optional(),
  excludeBelowStudents: z.coerce.number().int().min(0).max(10_000).optional(),
  year: Year.optional(),
});

export const ComparabilitySchema = z
  .object({
    staffYear: z.number().int().nullable(),
    schoolYear: z.number().int().nullable(),
    threshold: z.number(),
    average: z.enum(['pooled', 'mean_of_schools']),
    schools: z.array(Loose),
    allComparable: z.boolean(),
    counts: z.object({
      comparable: z.number().int(),
      notComparable: z.number().int(),
      notTested: z.number().int(),
      comparison: z.number().int(),
    }),
    methods: z.array(z.string()),
  })
  .openapi('Comparability');
