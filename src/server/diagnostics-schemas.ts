// Request and response schemas of the diagnostics API (issue #4), for validation and the
// OpenAPI document.
import { z } from '@hono/zod-openapi';
import { OUTCOME_KEYS, RULE_SET_KEYS } from '../services/diagnostics-shared.ts';

const Year = z.coerce.number().int().min(1990).max(2100);
const LevelSchema = z.enum(['elementary', 'middle', 'high', 'combined', 'other']);
const ClassificationSchema = z.enum([
  'beating_the_odds',
  'as_expected',
  'below_expectation',
  'not_rated',
]);
const OutcomeSchema = z.enum(OUTCOME_KEYS);
// A preset's key or a saved rule set's id (GET /api/rule-sets).
const RuleSetKeySchema = z.union([z.enum(RULE_SET_KEYS), z.uuid()]);

export const DiagnosticsQuery = z.object({
  year: Year.optional().openapi({ example: 2019, description: 'School year (spring year).' }),
  outcome: OutcomeSchema.optional().openapi({ example: 'spg_score' }),
  ruleSet: RuleSetKeySchema.optional().openapi({ example: 'north-carolina' }),
});

export const SchoolDiagnosticsQuery = DiagnosticsQuery;

export const RecordIdentificationSchema = z
  .object({ ruleSet: RuleSetKeySchema, year: z.number().int().min(1990).max(2100) })
  .openapi('RecordIdentification');

export const RunIdParam = z.object({
  runId: z.uuid('A run id is a UUID.').openapi({
    param: { name: 'runId', in: 'path' },
    example: '7f1c7a8e-0000-4000-8000-000000000000',
  }),
});

const DesignationSchema = z.object({
  designation: z.enum(['csi', 'tsi', 'atsi', 'low_performing']),
  rule: z.string(),
  group: z.string().optional(),
});

const IdentificationSchema = z.object({
  identified: z.boolean(),
  designations: z.array(DesignationSchema),
  tier: z.string().nullable(),
  reasons: z.array(z.string()),
});

const RuleSetRefSchema = z.object({
  key: z.string(),
  id: z.string(),
  name: z.string(),
  minimumN: z.number().int(),
});

const OutcomeRefSchema = z.object({ key: OutcomeSchema, label: z.string(), source: z.string() });
/** One figure of the advanced-courses indicator (src/domain/diagnostics/course-access.ts). */
const AccessFigureSchema = z.object({
  status: z.enum(['shown', 'suppressed', 'missing']),
  value: z.number().nullable(),
  n: z.number().nullable(),
  marker: z.string().nullable(),
});

export const DistrictDiagnosticsSchema = z
  .object({
    district: z.object({ id: z.string(), name: z.string() }),
    year: z.number().int().nullable(),
    years: z.array(z.number().int()),
    outcome: OutcomeRefSchema,
    outcomes: z.array(
      z.object({ key: OutcomeSchema, label: z.string(), years: z.array(z.number().int()) }),
    ),
    ruleSet: RuleSetRefSchema,
    minimumN: z.number().int(),
    region: z.object({ source: z.enum(['region', 'town']), label: z.string() }).nullable(),
    fit: z
      .object({
        year: z.number().int(),
        intercept: z.number(),
        slope: z.number(),
        rSquared: z.number(),
        n: z.number().int(),
        degreesOfFreedom: z.number().int(),
        residualStandardError: z.number(),
        criticalT: z.number(),
        band: z.array(
          z.object({ x: z.number(), expected: z.number(), lower: z.number(), upper: z.number() }),
        ),
      })
      .nullable(),
    schools: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        level: LevelSchema,
        isTitleI: z.boolean().nullable(),
        region: z.string().nullable(),
        needIndex: z.number().nullable(),
        econDisadv: z.number().nullable(),
        actual: z.number().nullable(),
        expected: z.number().nullable(),
        residual: z.number().nullable(),
        averageResidual: z.number().nullable(),
        yearsUsed: z.array(z.number().int()),
        pValue: z.number().nullable(),
        classification: ClassificationSchema,
        classificationReason: z.string(),
        identification: IdentificationSchema,
      }),
    ),
    pockets: z.array(
      z.object({
        schoolId: z.string(),
        schoolName: z.string(),
        group: z.string(),
        groupLabel: z.string(),
        measure: z.string(),
        kind: z.enum(['residual', 'growth']),
        score: z.number(),
        reason: z.string(),
      }),
    ),
    counts: z.object({
      schools: z.number().int(),
      rated: z.number().int(),
      beatingTheOdds: z.number().int(),
      asExpected: z.number().int(),
      belowExpectation: z.number().int(),
      notRated: z.number().int(),
      identified: z.number().int(),
      byDesignation: z.record(z.string(), z.number().int()),
      byTier: z.record(z.string(), z.number().int()),
    }),
    methods: z.object({
      regression: z.string(),
      identification: z.string(),
      needIndex: z.string(),
      pockets: z.string(),
    }),
    canRecordIdentification: z.boolean(),
  })
  .openapi('DistrictDiagnostics');

export const SchoolDiagnosticsSchema = z
  .object({
    school: z.object({
      id: z.string(),
      name: z.string(),
      level: LevelSchema,
      isTitleI: z.boolean().nullable(),
    }),
    year: z.number().int().nullable(),
    years: z.array(z.number().int()),
    outcome: OutcomeRefSchema,
    ruleSet: RuleSetRefSchema,
    identification: z.array(IdentificationSchema.extend({ year: z.number().int() })),
    expectation: z
      .object({
        actual: z.number().nullable(),
        expected: z.number().nullable(),
        residual: z.number().nullable(),
        averageResidual: z.number().nullable(),
        yearsUsed: z.array(z.number().int()),
        pValue: z.number().nullable(),
        classification: ClassificationSchema,
        reason: z.string(),
      })
      .nullable(),
    peers: z.object({
      self: z.object({ econDisadv: z.number().nullable(), enrollment: z.number().nullable() }),
      schools: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          distance: z.number(),
          outcome: z.number().nullable(),
          econDisadv: z.number().nullable(),
          enrollment: z.number().nullable(),
        }),
      ),
      standing: z
        .object({
          value: z.number().nullable(),
          rank: z.number().int().nullable(),
          of: z.number().int(),
          percentile: z.number().nullable(),
          peerMedian: z.number().nullable(),
          differenceFromMedian: z.number().nullable(),
          sentence: z.string(),
        })
        .nullable(),
      imputed: z.array(z.string()),
      note: z.string().nullable(),
    }),
    gaps: z.array(
      z.object({
        group: z.string(),
        label: z.string(),
        status: z.enum(['shown', 'suppressed', 'missing']),
        value: z.number().nullable(),
        gapToAll: z.number().nullable(),
        gapToHighest: z.number().nullable(),
        sentence: z.string(),
      }),
    ),
    courseAccess: z
      .object({
        year: z.number().int(),
        kinds: z.array(z.object({ key: z.enum(['ap', 'ib', 'ccp']), label: z.string() })),
        groups: z.array(
          z.object({
            group: z.string(),
            label: z.string(),
            headcount: z.number().nullable(),
            shareOfSchool: z.number().nullable(),
            courses: z.array(
              z.object({
                kind: z.enum(['ap', 'ib', 'ccp']),
                students: z.number().nullable(),
                rate: AccessFigureSchema,
                share: AccessFigureSchema,
                ratio: AccessFigureSchema,
              }),
            ),
          }),
        ),
      })
      .nullable(),
    needIndex: z
      .object({
        index: z.number().nullable(),
        components: z.array(
          z.object({
            measure: z.string(),
            label: z.string(),
            value: z.number(),
            percentile: z.number(),
            weight: z.number(),
          }),
        ),
        missing: z.array(z.string()),
      })
      .nullable(),
    methods: z.object({
      regression: z.string(),
      identification: z.string(),
      peers: z.string(),
      needIndex: z.string(),
      gaps: z.string(),
      courseAccess: z.string(),
    }),
  })
  .openapi('SchoolDiagnostics');

export const IdentificationRunSummarySchema = z
  .object({
    id: z.string(),
    ruleSetId: z.string(),
    ruleSetName: z.string(),
    year: z.number().int(),
    runAt: z.string(),
    runBy: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
    schools: z.number().int(),
    identified: z.number().int(),
  })
  .openapi('IdentificationRunSummary');

export const IdentificationRunListSchema = z
  .object({ runs: z.array(IdentificationRunSummarySchema) })
  .openapi('IdentificationRunList');

export const IdentificationRunSchema = IdentificationRunSummarySchema.extend({
  // The full rule set as run (src/domain/diagnostics/rule-set.ts).
  ruleSet: z.record(z.string(), z.unknown()),
  method: z.string(),
  results: z.array(IdentificationSchema.extend({ schoolId: z.string(), schoolName: z.string() })),
}).openapi('IdentificationRun');

// ——— Saved rule sets (migration 005) ———

export const RuleSetIdParam = z.object({
  ruleSetId: z.uuid('A rule set id is a UUID.').openapi({
    param: { name: 'ruleSetId', in: 'path' },
    example: '7f1c7a8e-0000-4000-8000-000000000000',
  }),
});

// The rules' own shapes are checked by the service against RuleSetSchema
// (src/domain/diagnostics/rule-set.ts), which names the field of every problem.
export const RuleSetDraftBody = z
  .object({
    name: z.string().max(120),
    basedOn: z.enum(RULE_SET_KEYS),
    minimumN: z.number().int(),
    rules: z.array(z.record(z.string(), z.unknown())).max(50),
  })
  .openapi('RuleSetDraft');

export const RuleSetPreviewBody = z
  .object({
    draft: RuleSetDraftBody.extend({ name: z.string().max(120).optional() }),
    year: z.number().int().min(1990).max(2100).optional(),
  })
  .openapi('RuleSetPreviewRequest');

const Who = z.object({ userId: z.string(), name: z.string().nullable() }).nullable();

export const SavedRuleSetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    basedOn: z.enum(RULE_SET_KEYS),
    ruleSet: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    createdBy: Who,
    updatedAt: z.string(),
    updatedBy: Who,
  })
  .openapi('SavedRuleSet');

export const SavedRuleSetListSchema = z
  .object({ ruleSets: z.array(SavedRuleSetSchema) })
  .openapi('SavedRuleSetList');

export const RuleSetPreviewSchema = z
  .object({
    year: z.number().int().nullable(),
    ruleSet: z.record(z.string(), z.unknown()),
    method: z.string(),
    identified: z.number().int(),
    schools: z.array(
      z.object({ id: z.string(), name: z.string() }).extend(IdentificationSchema.shape),
    ),
  })
  .openapi('RuleSetPreview');
