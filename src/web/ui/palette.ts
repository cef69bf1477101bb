// Colours for charts, chosen to be told apart with common colour-vision deficiencies
// (after Okabe & Ito) and darkened to reach 3:1 against white (WCAG 1.4.11 non-text contrast).
import type { SchoolLevel } from '../api/types.ts';

export const LEVEL_COLORS: Record<SchoolLevel, string> = {
  elementary: '#1f5fa8',
  middle: '#b35900',
  high: '#17805a',
  combined: '#9a3f8f',
  other: '#5b6670',
};

export const LINE_COLOR = '#1f5fa8';
export const MUTED_INK = '#5b6670';

/** School levels in the order people list them. */
export const LEVELS: readonly SchoolLevel[] = ['elementary', 'middle', 'high', 'combined', 'other'];
