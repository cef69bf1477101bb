// Response schemas of the school-support API (issue #6 part B), for the OpenAPI document. Each
// describes what its service returns (src/services/contracts.ts, supports*.ts, practices.ts,
// clusters.ts) as c.json sends it; defineRoute (support-schemas.ts) has tsc check the two
// against each other, so a service that drifts from its documented shape does not compile.
import { z } from '@hono/zod-openapi';
import { PracticeEvidenceSchema } from '../services/practices.ts';
import { SUPPORT_KINDS } from '../services/supports.ts';
import { DistrictDiagnosticsSchema } from './diagnostics-schemas.ts';
import { CreatedSchema } from './matching-schemas.ts';
import { MeasureInfoSchema, SchoolSummarySchema } from './schemas.ts';

// ——— Shared pieces ———

/** Dates are stored as SQL dates and read as text (src/db/connection.ts), never as Date. */
const DateText = z.iso.date().openapi({ example: '2025-08-15' });
/** Instants the services turn into ISO strings (toISOString: UTC, milliseconds). */
const Instant = z.iso.datetime().openapi({ example: '2025-08-15T14:03:00.000Z' });
const Money = z.number().openapi({ description: 'US dollars.' });
const Year = z.number().int().openapi({ description: 'School year as its spring year.' });
const Count = z.number().int();
const SchoolRef = z.object({ id: z.string(), name: z.string() });
const MeasureUnit = MeasureInfoSchema.shape.unit;
const ContractStatus = z.enum(['draft', 'active', 'completed', 'ended']);
const PlanStatus = z.enum(['draft', 'approved', 'in_progress', 'done']);
const PlanItemStatus = z.enum(['planned', 'in_progress', 'done', 'dropped']);
const SupportKind = z.enum(SUPPORT_KINDS);
const GroupLabel = z.string().openapi({ description: 'The student group as people say it.' });

/** Sent by routes whose service returns nothing. */
export const OkSchema = z.object({ ok: z.literal(true) }).openapi('Ok');
export { CreatedSchema };

// ——— Overview and reference ———

export const SupportOverviewSchema = z
  .object({
    identification: z.object({
      source: z.enum(['recorded', 'live']).openapi({
        description:
          'recorded: the newest recorded identification run; live: the North Carolina rule set run on the latest year.',
      }),
      label: z.string(),
      year: z.number().int().nullable(),
    }),
    schools: z.array(
      z.object({
        schoolId: z.string(),
        schoolName: z.string(),
        identified: z.boolean(),
        tier: z.string().nullable(),
        reasons: z.array(z.string()),
        plan: z
          .object({
            id: z.string(),
            schoolYear: Year,
            status: PlanStatus,
            totalCost: Money,
            items: Count,
          })
          .nullable()
          .openapi({ description: 'The plan of the newest school year.' }),
        contract: z
          .object({
            id: z.string(),
            partnerName: z.string(),
            status: ContractStatus,
            targetsMet: Count,
            targets: Count,
            balance: Money,
          })
          .nullable()
          .openapi({ description: 'The active contract, else the most recent one.' }),
      }),
    ),
    totals: z.object({
      identified: Count,
      withPlan: Count,
      withContract: Count,
      planCost: Money,
      owedUnderContracts: Money,
      paidUnderContracts: Money,
    }),
    canManage: z.boolean(),
  })
  .openapi('SupportOverview');

export const SupportReferenceSchema = z
  .object({
    schools: z.array(SchoolRef.extend({ level: SchoolSummarySchema.shape.level })),
    measures: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        unit: MeasureUnit,
        higherIsBetter: z.boolean().nullable(),
      }),
    ),
    studentGroups: z.array(z.object({ key: z.string(), label: z.string() })),
    supportKinds: z.array(z.object({ key: SupportKind, label: z.string() })),
    canManage: z.boolean(),
  })
  .openapi('SupportReference');

// ——— Partnership contracts ———

const ContractFields = {
  id: z.string(),
  supportedSchool: SchoolRef,
  partnerSchool: SchoolRef,
  areasOfNeed: z.array(z.string()),
  termStart: DateText,
  termEnd: DateText,
  status: ContractStatus,
  owed: Money.openapi({ description: 'Owed so far under the payment terms, net of reversals.' }),
  paid: Money,
  balance: Money.openapi({ description: 'Owed less paid.' }),
};

export const ContractSummarySchema = z
  .object({
    ...ContractFields,
    targets: z.object({ total: Count, met: Count, notMet: Count, pending: Count }),
  })
  .openapi('SupportContractSummary');

export const ContractListSchema = z
  .object({ contracts: z.array(ContractSummarySchema) })
  .openapi('SupportContractList');

export const ContractDetailSchema = z
  .object({
    ...ContractFields,
    notes: z.string(),
    canManage: z.boolean(),
    lastCheck: z
      .object({ batchId: z.string().nullable(), checkedAt: Instant })
      .nullable()
      .openapi({ description: 'When the targets were last judged, and on which import batch.' }),
    targets: z.array(
      z.object({
        id: z.string(),
        measureKey: z.string(),
        measureLabel: z.string(),
        unit: MeasureUnit.nullable().openapi({
          description: 'Null when the district has no such measure.',
        }),
        studentGroup: z.string(),
        studentGroupLabel: GroupLabel,
        baselineValue: z.number(),
        baselineYear: Year,
        targetValue: z.number(),
        targetYear: Year,
        description: z.string(),
        status: z.enum(['pending', 'met', 'not_met']),
        reason: z.string(),
        checked: z
          .object({
            value: z.number().nullable(),
            year: z.number().int().nullable(),
            n: z.number().nullable(),
            figureStatus: z.enum(['reported', 'suppressed', 'missing', 'small_n']).nullable(),
            batchId: z.string().nullable(),
            at: Instant.nullable(),
          })
          .openapi({ description: 'The figure the target was last judged on.' }),
      }),
    ),
    exchanges: z.array(
      z.object({
        id: z.string(),
        direction: z.enum(['partner_to_supported', 'supported_to_partner']),
        status: z.enum(['planned', 'done']),
        startDate: DateText,
        endDate: DateText,
        peopleCount: Count,
        names: z.string(),
        purpose: z.string(),
      }),
    ),
    reviews: z.array(
      z.object({
        id: z.string(),
        reviewDate: DateText,
        reviewer: z.string(),
        evidence: z.string(),
        judgement: z.enum(['on_track', 'some_progress', 'not_on_track']),
      }),
    ),
    paymentTerms: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['per_target_met', 'on_start', 'all_targets_met']),
        label: z.string(),
        amount: Money,
      }),
    ),
    ledger: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['owed', 'reversal', 'paid']),
        amount: Money.openapi({ description: 'US dollars; a reversal is negative.' }),
        reason: z.string(),
        entryDate: DateText,
        batchId: z.string().nullable().openapi({
          description: 'The import batch whose figures made it owed; null when no figure did.',
        }),
        targetId: z.string().nullable(),
        balanceAfter: Money.openapi({ description: 'Owed less paid after this entry.' }),
      }),
    ),
  })
  .openapi('SupportContract');

// ——— The menu of supports and support plans ———

export const SupportMenuSchema = z
  .object({
    catalogue: z.array(
      z.object({
        id: z.string(),
        kind: SupportKind,
        kindLabel: z.string(),
        name: z.string(),
        description: z.string(),
        unit: z.string().openapi({ description: 'What one of it is, e.g. "year" or "session".' }),
        unitCost: Money,
        isActive: z.boolean().openapi({ description: 'False once taken off the menu.' }),
      }),
    ),
    policies: z.array(
      z.object({
        id: z.string(),
        tier: z.string().openapi({ description: '"all" for a non-negotiable.' }),
        kind: z.enum(['non_negotiable', 'flexibility']),
        statement: z.string(),
      }),
    ),
  })
  .openapi('SupportMenu');

export const SupportPlanSchema = z
  .object({
    id: z.string(),
    schoolId: z.string(),
    schoolName: z.string(),
    schoolYear: Year,
    status: PlanStatus,
    notes: z.string(),
    items: z.array(
      z.object({
        id: z.string(),
        catalogueId: z.string(),
        supportName: z.string(),
        supportKind: SupportKind,
        supportKindLabel: z.string(),
        unit: z.string(),
        quantity: z.number(),
        unitCost: Money.openapi({ description: 'The unit cost when the item was added.' }),
        cost: Money.openapi({ description: 'Quantity × unit cost.' }),
        owner: z.string(),
        startDate: DateText,
        dueDate: DateText,
        status: PlanItemStatus,
      }),
    ),
    totalCost: Money.openapi({ description: 'The cost of the items not dropped.' }),
    canManage: z.boolean(),
    canUpdateItems: z.boolean().openapi({
      description: 'Whether the caller may change items’ status, owner and dates.',
    }),
  })
  .openapi('SupportPlan');

export const SupportPlanListSchema = z
  .object({ plans: z.array(SupportPlanSchema) })
  .openapi('SupportPlanList');

// ——— The practice exchange ———

const PracticeFields = {
  id: z.string(),
  title: z.string(),
  description: z.string(),
  school: SchoolRef,
  measureKey: z.string().nullable(),
  studentGroup: z.string().nullable(),
  studentGroupLabel: GroupLabel.nullable(),
  evidenceYear: z.number().int().nullable(),
  evidence: PracticeEvidenceSchema.openapi({
    description: 'The pocket of success the practice came from, as it was found.',
  }),
  createdAt: Instant,
};

export const PracticeSummarySchema = z
  .object({
    ...PracticeFields,
    adoptions: z.object({
      total: Count.openapi({
        description: 'Schools adopting, not counting those that dropped it.',
      }),
      inUse: Count,
    }),
  })
  .openapi('PracticeSummary');

export const PracticeListSchema = z
  .object({ practices: z.array(PracticeSummarySchema) })
  .openapi('PracticeList');

const GoalSchool = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  schoolYear: Year,
  statement: z.string(),
});

export const PracticeDetailSchema = z
  .object({
    ...PracticeFields,
    artifacts: z.array(
      z.object({
        id: z.string(),
        fileName: z.string(),
        mediaType: z.string(),
        sizeBytes: Count,
        sha256: z.string(),
        uploadedAt: Instant,
      }),
    ),
    adoptions: z.array(
      z.object({
        schoolId: z.string(),
        schoolName: z.string(),
        startedOn: DateText,
        status: z.enum(['planned', 'adopting', 'in_use', 'dropped']),
        notes: z.string(),
        canUpdate: z.boolean(),
      }),
    ),
    timeline: z
      .array(z.object({ month: z.string().openapi({ example: '2025-09' }), schools: Count }))
      .openapi({ description: 'Schools adopting by month, cumulative.' }),
    schoolsWithSameGoal: z.array(GoalSchool).openapi({
      description: 'Schools whose improvement goal is the practice’s measure and student group.',
    }),
    canAddArtifacts: z.boolean(),
  })
  .openapi('Practice');

export const GoalListSchema = z
  .object({
    goals: z.array(
      z.object({
        measureKey: z.string(),
        measureLabel: z.string(),
        studentGroup: z.string(),
        studentGroupLabel: GroupLabel,
        schools: z.array(GoalSchool),
      }),
    ),
  })
  .openapi('ImprovementGoalList');

const Diagnostics = DistrictDiagnosticsSchema.shape;

export const PocketListSchema = z
  .object({
    year: Diagnostics.year,
    outcome: Diagnostics.outcome,
    outcomes: Diagnostics.outcomes,
    method: z.string().openapi({ description: 'How the pockets were found.' }),
    pockets: Diagnostics.pockets,
  })
  .openapi('PocketList');

// ——— Clusters and visits ———

export const ClustersSchema = z
  .object({
    schoolYear: Year,
    allowance: z.number().openapi({ description: 'Visit days each teacher may use per year.' }),
    canManage: z.boolean(),
    canOverride: z.boolean().openapi({
      description: 'Whether the caller may log a visit beyond the allowance.',
    }),
    clusters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        jointPlan: z.string(),
        pooledFunding: Money,
        members: z.array(z.object({ schoolId: z.string(), schoolName: z.string() })),
        sharedStaff: z.array(
          z.object({ id: z.string(), name: z.string(), role: z.string(), fte: z.number() }),
        ),
        visitDays: z
          .object({
            teachersVisiting: Count,
            used: z.number(),
            allowance: z.number(),
            visitsUnderCluster: Count,
          })
          .openapi({ description: 'Visit days of the member schools’ teachers this year.' }),
        canManage: z.boolean(),
      }),
    ),
    teachers: z
      .array(
        z.object({
          staffId: z.string(),
          name: z.string(),
          homeSchoolId: z.string().nullable(),
          used: z.number(),
          allowance: z.number(),
          remaining: z.number(),
        }),
      )
      .openapi({ description: 'Only teachers whose school’s staff the caller may see.' }),
    visits: z.array(
      z.object({
        id: z.string(),
        staffId: z.string(),
        staffName: z.string(),
        hostSchoolId: z.string(),
        hostSchoolName: z.string(),
        visitDate: DateText,
        days: z.number(),
        purpose: z.string(),
        overrideReason: z.string().nullable().openapi({
          description: 'A district leader’s reason for a visit beyond the allowance.',
        }),
      }),
    ),
    totals: z.object({ teachersVisiting: Count, daysUsed: z.number() }),
  })
  .openapi('SupportClusters');

export const VisitLoggedSchema = z
  .object({ id: z.string(), schoolYear: Year })
  .openapi('VisitLogged');
