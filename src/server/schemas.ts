// Response and request schemas for the OpenAPI document (/api/openapi.json).
import { z } from '@hono/zod-openapi';
import { MEASURE_CATEGORIES, MEASURE_UNITS } from '../domain/shared/catalogue.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const problemResponses = (...codes: Array<400 | 401 | 403 | 404 | 409 | 429>) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: 'Problem',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );

export const FigureSchema = z
  .object({
    year: z.number().int(),
    value: z.number().nullable(),
    text: z.string().nullable(),
    status: z.enum(['reported', 'suppressed', 'missing']),
    n: z.number().int().nullable(),
    marker: z.string().nullable(),
  })
  .openapi('Figure');

export const MeasureInfoSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    category: z.enum(MEASURE_CATEGORIES),
    unit: z.enum(MEASURE_UNITS),
    higherIsBetter: z.boolean().nullable(),
    description: z.string(),
    source: z.string(),
  })
  .openapi('Measure');

const LevelSchema = z.enum(['elementary', 'middle', 'high', 'combined', 'other']);

export const SchoolSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: LevelSchema,
    gradeSpan: z.string().nullable(),
    isTitleI: z.boolean().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    figures: z.record(z.string(), FigureSchema),
  })
  .openapi('SchoolSummary');

export const DistrictOverviewSchema = z
  .object({
    district: z.object({
      id: z.string(),
      name: z.string(),
      state: z.string(),
      isDemo: z.boolean(),
    }),
    years: z.array(z.number().int()),
    measures: z.array(MeasureInfoSchema),
    schools: z.array(SchoolSummarySchema),
  })
  .openapi('DistrictOverview');

export const SchoolDetailSchema = z
  .object({
    school: SchoolSummarySchema.extend({
      stateId: z.string().nullable(),
      ncesId: z.string().nullable(),
      street: z.string().nullable(),
      state: z.string().nullable(),
      zip: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
    }),
    years: z.array(z.number().int()),
    series: z.array(
      z.object({
        measure: MeasureInfoSchema,
        studentGroup: z.string(),
        points: z.array(FigureSchema),
      }),
    ),
    sources: z.array(
      z.object({
        batchId: z.string(),
        fileName: z.string(),
        kind: z.string(),
        mapping: z.string().nullable(),
        importedAt: z.string(),
      }),
    ),
  })
  .openapi('SchoolDetail');

export const RoleSchema = z.enum([
  'district_leader',
  'analyst',
  'hr',
  'finance',
  'principal_supervisor',
  'principal',
  'teacher',
]);

export const SessionSchema = z
  .object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      grants: z.array(z.object({ role: RoleSchema, schoolId: z.string().nullable() })),
      mustChangePassword: z.boolean(),
    }),
    district: z.object({ id: z.string(), name: z.string() }),
    csrfToken: z.string(),
  })
  .openapi('Session');

export const SignInSchema = z
  .object({
    username: z.string().min(1, 'Enter your username.').max(200),
    password: z.string().min(1, 'Enter your password.').max(500),
  })
  .openapi('SignIn');

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1).max(500),
    newPassword: z.string().min(1).max(500),
  })
  .openapi('ChangePassword');

export const SchoolIdParam = z.object({
  schoolId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'A school id is letters, digits, - or _.')
    .openapi({ param: { name: 'schoolId', in: 'path' }, example: '920302' }),
});

export const StaffQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional().openapi({ example: 2019 }),
  ratings: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Include individual ratings (audited; needs the right role).' }),
});

export const SchoolStaffSchema = z
  .object({
    schoolId: z.string(),
    year: z.number().int().nullable(),
    years: z.array(z.number().int()),
    isSynthetic: z.boolean(),
    canSeeRatings: z.boolean(),
    ratingsIncluded: z.boolean(),
    staff: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        isSynthetic: z.boolean(),
        role: z.enum([
          'teacher',
          'principal',
          'assistant_principal',
          'coach',
          'specialist',
          'other',
        ]),
        subject: z.string().nullable(),
        fte: z.number(),
        yearsExperience: z.number().nullable(),
        isInField: z.boolean().nullable(),
        licence: z
          .enum(['full', 'provisional', 'lateral_entry', 'emergency', 'expired', 'other'])
          .nullable(),
        rating: z.string().nullable(),
      }),
    ),
  })
  .openapi('SchoolStaff');
