// Request and response schemas of the import API (issue #3), for validation and the OpenAPI
// document.
import { z } from '@hono/zod-openapi';
import { MEASURE_UNITS } from '../domain/shared/catalogue.ts';

const Uuid = (what: string) => z.uuid(`${what} is a UUID.`);

export const BatchIdParam = z.object({
  batchId: Uuid('A batch id').openapi({
    param: { name: 'batchId', in: 'path' },
    example: '7f1c7a8e-0000-4000-8000-000000000000',
  }),
});

export const JobIdParam = z.object({
  jobId: Uuid('A job id').openapi({
    param: { name: 'jobId', in: 'path' },
    example: '7f1c7a8e-0000-4000-8000-000000000000',
  }),
});

/** A measure as the import pages show it: its key, label and unit (null: a key nothing defines). */
const MeasureOptionSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.enum(MEASURE_UNITS).nullable(),
});

export const MappingListSchema = z
  .object({
    mappings: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        description: z.string(),
        kind: z.enum(['schools', 'measures']),
        requiredColumns: z.array(z.string()),
        fileName: z.string().nullable(),
        /** Every column the mapping reads. */
        columns: z.array(z.string()),
        source: z.enum(['built-in', 'saved']),
        savedBy: z.string().nullable(),
        savedAt: z.string().nullable(),
        /** For a saved mapping: the document, to change a copy of it. */
        document: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    measures: z.array(MeasureOptionSchema.extend({ unit: z.enum(MEASURE_UNITS) })).openapi({
      description:
        'The measures a mapping built on the page can feed: the standard catalogue, then the district’s own.',
    }),
  })
  .openapi('ImportMappingList');

export const MappingItemSchema = MappingListSchema.shape.mappings.element.openapi('ImportMapping');

export const SaveMappingSchema = z
  .object({
    title: z.string().min(1).max(120).openapi({ example: 'SIS attendance export' }),
    document: z.record(z.string(), z.unknown()).openapi({
      description:
        'The mapping document (its name and title are made from `title`); validated like any mapping.',
    }),
    replaces: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a mapping name (kebab-case)')
      .max(80)
      .optional()
      .openapi({
        description:
          'The saved mapping this one is a changed copy of: deleted in the same transaction.',
      }),
  })
  .openapi('SaveImportMapping');

export const MappingNameParam = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a mapping name (kebab-case)')
    .max(80)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'sis-attendance-export' }),
});

export const UploadSchema = z
  .object({
    uploadId: z.string(),
    fileName: z.string(),
    size: z.number().int(),
    kind: z.enum(['table', 'edfi', 'oneroster']),
    expiresAt: z.string(),
  })
  .openapi('ImportUpload');

/** A built-in or saved mapping's name, or a whole mapping document (validated by the service). */
const MappingChoice = z
  .union([z.string().min(1).max(100), z.record(z.string(), z.unknown())])
  .openapi({ description: 'A built-in or saved mapping’s name, or a mapping document (JSON).' });

export const PreviewRequestSchema = z
  .object({
    uploadId: Uuid('An upload id'),
    mapping: MappingChoice.optional(),
    sheet: z.string().trim().min(1).max(31, 'is longer than Excel allows (31)').optional().openapi({
      description:
        'For an .xlsx, the worksheet to read, over the mapping’s own; neither given, the first.',
    }),
    unknownSchools: z.enum(['error', 'skip']).optional(),
  })
  .openapi('ImportPreviewRequest');

export const StartImportSchema = PreviewRequestSchema.extend({
  onProblems: z.enum(['abort', 'skip-rows']).default('abort'),
}).openapi('StartImport');

export const ProblemRowSchema = z
  .object({
    file: z.string(),
    row: z.number().int(),
    column: z.string().nullable(),
    value: z.string().nullable(),
    reason: z.string(),
  })
  .openapi('ImportProblem');

const SkippedSchema = z.record(z.string(), z.number().int());

const StandardsSummarySchema = z.object({
  batchId: z.string().nullable(),
  districtId: z.string(),
  sourceKind: z.enum(['edfi', 'oneroster']),
  fileName: z.string(),
  fileSha256: z.string(),
  schoolYear: z.number().int().nullable(),
  dryRun: z.boolean(),
  counts: z.object({
    schools: z.number().int(),
    staff: z.number().int(),
    assignments: z.number().int(),
    credentials: z.number().int(),
    values: z.number().int(),
  }),
  rowsWritten: z.number().int(),
  skipped: SkippedSchema,
  files: z.array(z.object({ file: z.string(), used: z.boolean() })),
});

const TableSummarySchema = z.object({
  batchId: z.string().nullable(),
  mappingName: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  dryRun: z.boolean(),
  onProblems: z.enum(['abort', 'skip-rows']),
  rowsRead: z.number().int(),
  rowsWritten: z.number().int(),
  rowsSkipped: z.number().int(),
  rowsRejected: z.number().int(),
  skipped: SkippedSchema,
  unknownSchoolIds: z.array(z.string()),
  problems: z.array(ProblemRowSchema),
  problemCount: z.number().int(),
});

export const PreviewSchema = z
  .union([
    z.object({
      kind: z.literal('table'),
      fileName: z.string(),
      sheets: z.array(z.string()).openapi({
        description: 'An .xlsx file’s worksheets, in tab order; empty for a CSV.',
      }),
      sheet: z.string().nullable().openapi({ description: 'The worksheet read; null for a CSV.' }),
      header: z.array(z.string()),
      sourceRows: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
      mapping: z.object({ name: z.string(), title: z.string(), isBuiltIn: z.boolean() }).nullable(),
      fits: z.array(z.object({ name: z.string(), title: z.string() })).openapi({
        description:
          'With no mapping picked: built-in mappings whose required columns the file has (its name is not theirs, or several fit).',
      }),
      schools: z.array(z.object({ row: z.number().int(), id: z.string(), name: z.string() })),
      landing: z.array(
        z.object({
          row: z.number().int(),
          school: z.string(),
          year: z.number().int(),
          measure: z.string(),
          group: z.string(),
          value: z.union([z.number(), z.string()]).nullable(),
          status: z.enum(['reported', 'suppressed', 'missing']),
          marker: z.string().nullable(),
          /** How many students the value is about, where the mapping reads it. */
          n: z.number().int().nullable(),
        }),
      ),
      measures: z.array(MeasureOptionSchema).openapi({
        description:
          'The measures the mapping feeds, with their labels and units (the district’s catalogue, the standard one, or the mapping’s own definitions).',
      }),
      dryRun: z
        .object({
          rowsRead: z.number().int(),
          rowsWritten: z.number().int(),
          rowsSkipped: z.number().int(),
          rowsRejected: z.number().int(),
          skipped: SkippedSchema,
        })
        .nullable(),
      isRefused: z.boolean(),
      problems: z.array(ProblemRowSchema),
      problemCount: z.number().int(),
    }),
    z.object({
      kind: z.enum(['edfi', 'oneroster']),
      fileName: z.string(),
      dryRun: StandardsSummarySchema.nullable(),
      isRefused: z.boolean(),
      problems: z.array(ProblemRowSchema),
      problemCount: z.number().int(),
    }),
  ])
  .openapi('ImportPreview');

const StatewideSummarySchema = z.object({
  batchId: z.string().nullable(),
  state: z.string(),
  dryRun: z.boolean(),
  files: z.array(
    z.object({
      fileName: z.string(),
      mappingName: z.string(),
      sha256: z.string(),
      rowsRead: z.number().int(),
      rowsUsed: z.number().int(),
      rowsSkipped: z.number().int(),
      year: z.number().int().nullable(),
      otherYears: z.array(z.object({ year: z.number().int(), rows: z.number().int() })),
    }),
  ),
  years: z.array(
    z.object({
      year: z.number().int(),
      schools: z.number().int(),
      status: z.enum(['loaded', 'unchanged']),
    }),
  ),
  rowsWritten: z.number().int(),
});

export const StartStatewideSchema = z
  .object({
    uploadIds: z.array(Uuid('An upload id')).min(1).max(50),
    dryRun: z.boolean().default(false),
  })
  .openapi('StartStatewideLoad');

export const StatewideInfoSchema = z
  .object({
    state: z.string(),
    /** Whether statewide files can be loaded for the district (its state's files are known). */
    isSupported: z.boolean(),
    files: z.array(z.object({ mapping: z.string(), about: z.string() })),
    loaded: z.array(
      z.object({
        year: z.number().int(),
        schools: z.number().int(),
        batchId: z.string(),
        fileName: z.string(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('StatewideReferenceData');

export const JobSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    kind: z.enum(['table', 'edfi', 'oneroster', 'statewide']),
    phase: z.enum(['queued', 'reading', 'finishing', 'done', 'failed']),
    rowsRead: z.number().int(),
    bytesRead: z.number().int(),
    totalBytes: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    summary: z
      .union([TableSummarySchema, StandardsSummarySchema, StatewideSummarySchema])
      .nullable(),
    failure: z
      .object({
        message: z.string(),
        problems: z.array(ProblemRowSchema),
        problemCount: z.number().int(),
      })
      .nullable(),
  })
  .openapi('ImportJob');

export const BatchListSchema = z
  .object({
    batches: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['committed', 'rolled_back']),
        sourceKind: z.string(),
        fileName: z.string(),
        fileSha256: z.string(),
        mappingName: z.string().nullable(),
        rowsRead: z.number().int(),
        rowsWritten: z.number().int(),
        rowsSkipped: z.number().int(),
        rowsRejected: z.number().int(),
        onProblems: z.enum(['abort', 'skip-rows']),
        notes: z.string().nullable(),
        createdBy: z
          .object({
            userId: z.string(),
            username: z.string().nullable(),
            displayName: z.string().nullable(),
          })
          .nullable(),
        createdAt: z.string(),
        rolledBackAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('ImportBatchList');

export const RollbackSchema = z
  .object({
    batchId: z.string(),
    fileName: z.string(),
    restored: z.number().int(),
    deleted: z.number().int(),
  })
  .openapi('ImportRollback');
