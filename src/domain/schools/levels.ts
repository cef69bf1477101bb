// School levels as people say them.
import type { SchoolLevel } from '../../db/schema.ts';

export const LEVEL_LABELS: Record<SchoolLevel, string> = {
  elementary: 'Elementary',
  middle: 'Middle',
  high: 'High',
  combined: 'Combined',
  other: 'Other',
};
