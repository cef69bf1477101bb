// Request and response schemas of the staffing equity API (issue 5), for validation and the
// OpenAPI document.
import { z } from '@hono/zod-openapi';
import { EQUITY_MEASURES } from '../domain/equity/staffing.ts';
import { LICENCE_STATUSES } from '../domain/equity/columnar.ts';
import { EQUITY_PRESET_KEYS } from '../services/equity-data.ts';

const Year = z.coerce.number().int().min(1990).max(2100);
const MeasureSchema = z.enum(EQUITY_MEASURES);
const PresetSchema = z.enum(EQUITY_PRESET_KEYS);

/** "a,b , c" → ['a', 'b', 'c']; empty items dropped. */
const List = z
  .string()
  .max(500)
  .transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

export const EquityQuery = z.object({
  year: Year.optional().openapi({ example: 2019, description: 'School year (spring year).' }),
  preset: PresetSchema.optional().openapi({
    description: 'Definitions: nc (North Carolina), ma (Massachusetts), ca (California).',
  }),
  source: z.enum(['staff', 'published']).optional().openapi({
    description: 'Person-level staff records (default) or the school figures the state publishes.',
  }),
  quartileMethod: z.enum(['schools', 'students']).optional(),
  countBy: z.enum(['headcount', 'fte']).optional(),
  minimumN: z.coerce.number().int().min(1).max(1000).optional().openapi({
    description: 'Raise the minimum n (never below 10).',
  }),
  inexperiencedYears: z.coerce.number().int().min(0).max(40).optional(),
  inexperiencedComparison: z.enum(['less_than', 'at_most']).optional(),
  principalYears: z.coerce.number().int().min(0).max(40).optional(),
  ineffectiveLevels: List.optional().openapi({
    type: 'string',
    example: 'Needs Improvement,Unsatisfactory',
    description: 'Rating levels counted as ineffective, comma-separated.',
  }),
  provisionalStatuses: List.pipe(z.array(z.enum(LICENCE_STATUSES)))
    .optional()
    .openapi({ type: 'string', example: 'provisional,emergency' }),
});

export const EquityExportQuery = EquityQuery.extend({
  table: z.enum(['gaps', 'schools']).optional().openapi({
    description: 'gaps: one row per comparison and measure (default); schools: one per school.',
  }),
});

export const RetentionQuery = z.object({
  year: Year.optional().openapi({
    example: 2019,
    description: 'The later year: teachers of year − 1 followed into this year.',
  }),
  preset: PresetSchema.optional(),
  ineffectiveLevels: List.optional().openapi({ type: 'string', example: 'Needs Improvement' }),
  highLevels: List.optional().openapi({ type: 'string', example: 'Highly Effective' }),
  minimumN: z.coerce.number().int().min(1).max(1000).optional(),
});

const RateSchema = z
  .object({
    percent: z.number().nullable(),
    text: z.string(),
    count: z.number().nullable(),
    n: z.number().nullable(),
    status: z.enum(['reported', 'suppressed', 'missing']),
  })
  .openapi('EquityRate');

const GroupSchema = z.object({
  schools: z.number().int(),
  teacherWeighted: RateSchema,
  studentWeighted: RateSchema.extend({
    students: z.number(),
    schoolsWithoutEnrollment: z.number().int(),
  }).nullable(),
  schoolAverage: RateSchema,
});

const GapSchema = z.object({
  measure: MeasureSchema,
  quartiles: z.array(
    z.object({
      quartile: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      schools: z.number().int(),
      rate: RateSchema,
    }),
  ),
  label: z.string(),
  high: GroupSchema,
  low: GroupSchema,
  gapPoints: z.number().nullable(),
  studentWeightedGapPoints: z.number().nullable(),
  schoolAverageGapPoints: z.number().nullable(),
  explanation: z.string(),
  drivers: z.array(
    z.object({
      schoolId: z.string(),
      name: z.string(),
      rate: RateSchema,
      contributionPoints: z.number(),
      explanation: z.string(),
    }),
  ),
  driversHidden: z.number().int(),
});

const DimensionSchema = z.object({
  dimension: z.enum(['poverty', 'minority']),
  label: z.string(),
  grouping: z.array(z.string()),
  gaps: z.array(GapSchema),
});

/** The statewide-quartile comparison (present when the state's figures are loaded). */
const StatewideSchema = z
  .object({
    available: z.boolean(),
    note: z.string(),
    state: z.string(),
    year: z.number().int().nullable(),
    years: z.array(z.number().int()),
    stateSchools: z.number().int().nullable(),
    sourceFiles: z.array(z.string()),
    definitions: z.partialRecord(MeasureSchema, z.string()),
    comparisons: z.array(
      z.object({
        dimension: z.enum(['poverty', 'minority']),
        label: z.string(),
        cuts: z.object({
          lowMax: z.number(),
          highMin: z.number(),
          rankedSchools: z.number().int(),
        }),
        placed: z.object({
          high: z.number().int(),
          middle: z.number().int(),
          low: z.number().int(),
          unplaced: z.number().int(),
          byDistrictShare: z.number().int(),
        }),
        district: DimensionSchema,
        state: DimensionSchema,
      }),
    ),
    notes: z.array(z.string()),
  })
  .openapi('EquityStatewide');

const Quartile = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const Placement = z.object({ share: z.number().nullable(), quartile: Quartile.nullable() });

export const EquityReportSchema = z
  .object({
    district: z.object({ id: z.string(), name: z.string() }),
    year: z.number().int(),
    years: z.array(z.number().int()),
    source: z.enum(['staff', 'published']),
    preset: PresetSchema,
    presets: z.array(z.object({ key: PresetSchema, name: z.string() })),
    definitions: z.object({
      key: z.string(),
      name: z.string(),
      lines: z.array(z.string()),
      overridden: z.array(z.string()),
      measures: z.partialRecord(MeasureSchema, z.string()),
    }),
    minimumN: z.number().int(),
    quartileMethod: z.enum(['schools', 'students']),
    countBy: z.enum(['headcount', 'fte']),
    scope: z.enum(['district', 'school']),
    measures: z.array(z.object({ key: MeasureSchema, label: z.string(), of: z.string() })),
    dimensions: z.array(DimensionSchema),
    trend: z.array(
      z.object({
        year: z.number().int(),
        dimension: z.enum(['poverty', 'minority']),
        measure: MeasureSchema,
        high: RateSchema,
        low: RateSchema,
        gapPoints: z.number().nullable(),
      }),
    ),
    schools: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        enrollment: z.number().nullable(),
        poverty: Placement,
        minority: Placement,
        measures: z.partialRecord(MeasureSchema, RateSchema),
      }),
    ),
    statewide: StatewideSchema,
    sources: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .openapi('EquityReport');

export const RetentionSchema = z
  .object({
    district: z.object({ id: z.string(), name: z.string() }),
    from: z.number().int(),
    to: z.number().int(),
    pairs: z.array(z.object({ from: z.number().int(), to: z.number().int() })),
    minimumN: z.number().int(),
    scope: z.enum(['district', 'school']),
    levels: z.array(z.string()),
    highLevels: z.array(z.string()),
    lowLevels: z.array(z.string()),
    cells: z.array(
      z.object({
        rating: z.string(),
        quartile: z.union([Quartile, z.literal('all')]),
        n: z.number().int().nullable(),
        stayed: RateSchema,
        moved: RateSchema,
        left: RateSchema,
        kept: RateSchema,
      }),
    ),
    sentences: z.array(
      z.object({ quartile: z.union([Quartile, z.literal('all')]), text: z.string() }),
    ),
    unrated: z.number().int().nullable(),
    trend: z.array(
      z.object({
        from: z.number().int(),
        to: z.number().int(),
        high: RateSchema,
        low: RateSchema,
      }),
    ),
    definitions: z.array(z.string()),
    sources: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .openapi('Retention');
