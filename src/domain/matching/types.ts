// Shared shapes of the matching domain: a school's place and context, and the areas (a measure
// for a student group) in which a school needs support or is strong.
import type { SchoolLevel } from '../../db/schema.ts';

export interface Location {
  latitude: number | null;
  longitude: number | null;
  city: string | null;
}

/** Percent of students, 0–100; null where not published or suppressed. */
export interface SchoolContext {
  econDisadv: number | null;
  el: number | null;
  swd: number | null;
}

/** A measure for a student group, e.g. math proficiency of English learners. */
export interface Area {
  measure: string;
  group: string;
  /** "Math proficiency, English learners", written by the caller. */
  label: string;
  /** Need: how far below the level's schools (0–1); strength: how far above (0–1). */
  weight: number;
}

export interface Pair {
  from: string;
  to: string;
}

export type { SchoolLevel };

export const areaKey = (a: Pick<Area, 'measure' | 'group'>) => `${a.measure}\u0000${a.group}`;
