// The incentive program design as it crosses a boundary (a request, a stored row): the zod schema
// of src/domain/equity/incentives.ts IncentiveProgram plus the rule set whose tiers and
// designations the program's school categories name, and the presets a design can start from.
import { z } from 'zod';
import {
  DALLAS_HIGH_NEED_STIPENDS,
  DCPS_IMPACT_PLUS,
  hardToStaffAllowance,
  type IncentiveProgram,
} from '../domain/equity/incentives.ts';
import { RULE_SET_KEYS, type RuleSetKey } from './diagnostics-shared.ts';

const ROLES = [
  'teacher',
  'principal',
  'assistant_principal',
  'coach',
  'specialist',
  'other',
] as const;
const Role = z.enum(ROLES);
const Quartile = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const Label = z.string().trim().min(1).max(120);
const Money = z.number().min(0).max(1_000_000);

export const SchoolCategorySchema = z.object({
  category: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'A category key is 1–40 lower-case letters, digits, - or _.'),
  label: Label,
  povertyQuartiles: z.array(Quartile).min(1).max(4).optional(),
  tiers: z.array(Label).min(1).max(10).optional(),
  identifications: z.array(Label).min(1).max(10).optional(),
  hardToStaff: z.boolean().optional(),
  schoolIds: z.array(z.string().min(1).max(40)).min(1).max(2000).optional(),
});

export const AwardCellSchema = z.object({
  rating: Label,
  category: z.string().min(1).max(40),
  amount: Money,
  roles: z.array(Role).min(1).optional(),
});

export const ProgramDesignSchema = z
  .object({
    name: Label,
    source: z.string().trim().max(500).default('Designed by the district.'),
    roles: z.array(Role).min(1),
    categories: z.array(SchoolCategorySchema).min(1).max(20),
    awards: z.array(AwardCellSchema).min(1).max(200),
    capPerPerson: Money.positive().optional(),
    budgetCap: z.number().positive().max(10_000_000_000).optional(),
    budgetRule: z.enum(['prorate', 'report']).optional(),
    multiYear: z
      .object({
        mustStayYears: z.number().int().min(1).max(10),
        installments: z.array(z.number().gt(0).max(1)).min(1).max(10),
      })
      .optional(),
    /** Whose tiers and designations the categories name (diagnostics rule set). */
    ruleSet: z.enum(RULE_SET_KEYS).default('federal-essa'),
  })
  .superRefine((design, ctx) => {
    const keys = design.categories.map((c) => c.category);
    keys.forEach((key, index) => {
      if (keys.indexOf(key) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index, 'category'],
          message: `The category ${key} is listed twice.`,
        });
      }
    });
    design.awards.forEach((cell, index) => {
      if (!keys.includes(cell.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['awards', index, 'category'],
          message: `No school category is called ${cell.category}.`,
        });
      }
    });
    const plan = design.multiYear;
    if (plan) {
      const total = plan.installments.reduce((sum, part) => sum + part, 0);
      if (Math.abs(total - 1) > 1e-6) {
        ctx.addIssue({
          code: 'custom',
          path: ['multiYear', 'installments'],
          message: `The installments add up to ${(total * 100).toFixed(0)}% of the award; they must add up to 100%.`,
        });
      }
      if (plan.installments.length > plan.mustStayYears) {
        ctx.addIssue({
          code: 'custom',
          path: ['multiYear', 'installments'],
          message: 'There are more installments than years a person must stay.',
        });
      }
    }
  });

export type ProgramDesign = z.infer<typeof ProgramDesignSchema>;
export type ProgramDesignInput = z.input<typeof ProgramDesignSchema>;

/** The domain's program from a stored design: the key is the program's row id. */
export function toProgram(id: string, design: ProgramDesign): IncentiveProgram {
  const { ruleSet: _ruleSet, ...program } = design;
  return { ...program, key: id };
}

export const PRESET_KEYS = ['dcps_impact_plus', 'dallas_high_need', 'hard_to_staff'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];

export interface Preset {
  key: PresetKey;
  name: string;
  source: string;
  /** What the district must do for it to match any school. */
  setUp: string;
  design: ProgramDesign;
}

function designOf(program: IncentiveProgram, ruleSet: RuleSetKey): ProgramDesign {
  const { key: _key, ...rest } = program;
  // Round-tripping through the schema fills defaults and proves the preset is a valid design.
  return ProgramDesignSchema.parse({
    ...structuredClone(rest),
    ruleSet,
  });
}

/** The presets (DOMAIN.md §5), as designs a district then edits. */
export function listPresets(): Preset[] {
  return [
    {
      key: 'dcps_impact_plus',
      name: DCPS_IMPACT_PLUS.name,
      source: DCPS_IMPACT_PLUS.source,
      setUp:
        'The top amount goes to schools with the designation "target-40"; with the federal ESSA rule set, change it to "csi" to reach the comprehensive-support schools.',
      design: designOf(DCPS_IMPACT_PLUS, 'federal-essa'),
    },
    {
      key: 'dallas_high_need',
      name: DALLAS_HIGH_NEED_STIPENDS.name,
      source: DALLAS_HIGH_NEED_STIPENDS.source,
      setUp:
        'Stipends go to schools in the tier "high-need"; with the federal ESSA rule set, change it to "intensive" or "targeted".',
      design: designOf(DALLAS_HIGH_NEED_STIPENDS, 'federal-essa'),
    },
    {
      key: 'hard_to_staff',
      name: 'Hard-to-staff allowance',
      source: hardToStaffAllowance(0, ['-']).source,
      setUp:
        'A flat allowance for everyone teaching in the schools you list; by default, the highest-poverty quartile.',
      // The domain preset names schools; a district starts from its highest-poverty quartile and
      // then lists its own hard-to-staff schools instead.
      design: ProgramDesignSchema.parse({
        ...structuredClone({ ...hardToStaffAllowance(3_000, ['-']), key: undefined }),
        categories: [
          {
            category: 'hard_to_staff',
            label: 'a hard-to-staff school',
            povertyQuartiles: [4],
          },
        ],
        ruleSet: 'federal-essa',
      }),
    },
  ];
}

export function presetDesign(key: PresetKey): Preset {
  const preset = listPresets().find((p) => p.key === key);
  if (!preset) throw new Error(`Unknown preset ${key}`);
  return preset;
}
