// Allocation rules as they cross a boundary (a request, a stored scenario): the zod schema of
// src/domain/equity/allocation.ts AllocationRules.
import { z } from 'zod';
import type { AllocationRules } from '../domain/equity/allocation.ts';

const Amount = z.number().min(0).max(10_000_000_000);
const TierKey = z.string().regex(/^[1-9]$/, 'Tiers are numbered 1–9.');

export const AllocationRulesSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    unit: z.enum(['fte', 'dollars']),
    pool: Amount,
    needExponent: z.number().min(0).max(4).optional(),
    perStudent: z.boolean().optional(),
    minimumNeed: z.number().min(0).max(100).optional(),
    tiersFirst: z.boolean().optional(),
    floor: Amount.optional(),
    floorByTier: z.record(TierKey, Amount).optional(),
    cap: Amount.optional(),
    capByTier: z.record(TierKey, Amount).optional(),
    capBySchool: z.record(z.string().min(1).max(40), Amount).optional(),
    increment: z.number().positive().max(1_000_000).optional(),
  })
  .superRefine((rules, ctx) => {
    if (rules.floor !== undefined && rules.cap !== undefined && rules.floor > rules.cap) {
      ctx.addIssue({
        code: 'custom',
        path: ['floor'],
        message: 'The floor is above the cap: no school could meet both.',
      });
    }
  });

export type AllocationRulesInput = z.input<typeof AllocationRulesSchema>;

export function toRules(parsed: z.infer<typeof AllocationRulesSchema>): AllocationRules {
  return parsed;
}
