// Equity definitions as settings (DOMAIN.md §5). ESSA §1111(g)(1)(B) requires states to ensure
// low-income and minority students are not taught at disproportionate rates by ineffective,
// out-of-field or inexperienced teachers, and leaves each definition to the state; §1111(h)(1)(C)(ix)
// adds teachers on emergency or provisional credentials to the report card. So every rule here is a
// setting with a named, cited preset, and a district may override any part of one.

/** A teacher's licence, in the vocabulary of staff_credentials.status (src/db/schema.ts). */
export type LicenceStatus =
  'full' | 'provisional' | 'lateral_entry' | 'emergency' | 'expired' | 'other' | 'none';

/**
 * Years of experience count *completed* years before the school year (Ed-Fi's "years of prior
 * teaching experience"): a first-year teacher has 0.
 */
export interface ExperienceRule {
  comparison: 'less_than' | 'at_most';
  years: number;
  source: string;
}

export type IneffectiveRule =
  | { basis: 'rating'; levels: readonly string[]; source: string }
  | {
      // California defines "ineffective" by credential, not by evaluation (CDE, Updated Teacher
      // Equity Definitions, SBE 6 Nov 2019): emergency permits, no credential, or misassigned.
      basis: 'credential';
      statuses: readonly LicenceStatus[];
      includesMisassigned: boolean;
      source: string;
    };

export interface EquityDefinitions {
  key: string;
  name: string;
  inexperienced: ExperienceRule;
  inexperiencedPrincipal: ExperienceRule;
  ineffective: IneffectiveRule;
  /** Out-of-field: teaching a subject without the licence or demonstrated competence for it. */
  outOfField: { source: string };
  /** Licence statuses reported as "emergency or provisional" (ESSA §1111(h)(1)(C)(ix)(II)). */
  provisional: { statuses: readonly LicenceStatus[]; source: string };
}

export const NORTH_CAROLINA = {
  key: 'north_carolina',
  name: 'North Carolina',
  inexperienced: {
    comparison: 'less_than',
    years: 3,
    source: 'NC DPI "beginning teacher": fewer than 3 years of experience (rcd_eq; DOMAIN.md §5).',
  },
  inexperiencedPrincipal: {
    comparison: 'less_than',
    years: 3,
    source: 'NC DPI rcd_eq inexp_count_prin: principals with fewer than 3 years as principal.',
  },
  ineffective: {
    basis: 'rating',
    levels: ['Needs Improvement'],
    source: 'NC EVAAS educator effectiveness status "Needs Improvement" (rcd_effectiveness3.ni).',
  },
  outOfField: { source: 'Teaching outside the licensure area (DOMAIN.md §5).' },
  provisional: {
    statuses: ['provisional', 'emergency'],
    source: 'NC DPI rcd_eq prov_teachers: provisional or emergency licence.',
  },
} as const satisfies EquityDefinitions;

export const MASSACHUSETTS = {
  key: 'massachusetts',
  name: 'Massachusetts',
  inexperienced: {
    comparison: 'less_than',
    years: 1,
    source: 'Massachusetts tracks first-year teachers (DOMAIN.md §5).',
  },
  inexperiencedPrincipal: {
    comparison: 'less_than',
    years: 1,
    source: 'Assumed the same as for teachers (first year); set your own if your plan differs.',
  },
  ineffective: {
    basis: 'rating',
    levels: ['Needs Improvement', 'Unsatisfactory'],
    source: 'MA educator evaluation: Needs Improvement or Unsatisfactory (DOMAIN.md §5).',
  },
  outOfField: { source: 'Not licensed in the subject taught (DOMAIN.md §5).' },
  provisional: {
    statuses: ['emergency', 'provisional'],
    source: 'Emergency licence or waiver (ESSA §1111(h)(1)(C)(ix)(II)).',
  },
} as const satisfies EquityDefinitions;

export const CALIFORNIA = {
  key: 'california',
  name: 'California',
  inexperienced: {
    comparison: 'at_most',
    years: 2,
    source: 'CDE Teacher Equity Definitions: two or fewer years of teaching (also NCTQ).',
  },
  inexperiencedPrincipal: {
    comparison: 'at_most',
    years: 2,
    source: 'Assumed the same as for teachers (two or fewer years); set your own if it differs.',
  },
  ineffective: {
    basis: 'credential',
    statuses: ['emergency', 'none'],
    includesMisassigned: true,
    source:
      'CDE Updated Teacher Equity Definitions (SBE, 6 Nov 2019): emergency permit, no credential, ' +
      'or misassigned.',
  },
  outOfField: {
    source:
      'CDE: credentialed but not yet shown subject-matter competence for the assignment. Person ' +
      'records carry only "in field", so misassigned teachers count as both out-of-field and ' +
      'ineffective here.',
  },
  provisional: {
    statuses: ['provisional', 'emergency'],
    source: 'Intern, provisional and emergency permits (ESSA §1111(h)(1)(C)(ix)(II)).',
  },
} as const satisfies EquityDefinitions;

/** DCPS IMPACT rating levels (DOMAIN.md §5): a rating rule districts on IMPACT can borrow. */
export const DCPS_IMPACT_INEFFECTIVE = {
  basis: 'rating',
  levels: ['Ineffective', 'Minimally Effective'],
  source: 'DCPS IMPACT: Ineffective or Minimally Effective (DOMAIN.md §5).',
} as const satisfies IneffectiveRule;

export const EQUITY_PRESETS = {
  north_carolina: NORTH_CAROLINA,
  massachusetts: MASSACHUSETTS,
  california: CALIFORNIA,
} as const satisfies Record<string, EquityDefinitions>;

/** A preset with a district's changes laid over it; the key records that it was changed. */
export function withOverrides(
  base: EquityDefinitions,
  overrides: Partial<Omit<EquityDefinitions, 'key' | 'name'>>,
): EquityDefinitions {
  return { ...base, ...overrides, key: `${base.key}+custom`, name: `${base.name} (customised)` };
}

/** null when the years are unknown: unknown is not "experienced". */
export function meetsExperienceRule(rule: ExperienceRule, years: number | null): boolean | null {
  if (years === null || !Number.isFinite(years)) return null;
  return rule.comparison === 'less_than' ? years < rule.years : years <= rule.years;
}

const normalise = (label: string) => label.trim().toLowerCase().replace(/\s+/g, ' ');

export function isIneffective(
  definitions: EquityDefinitions,
  teacher: { rating: string | null; licenceStatus: LicenceStatus | null; inField: boolean | null },
): boolean | null {
  const rule = definitions.ineffective;
  if (rule.basis === 'rating') {
    if (teacher.rating === null) return null;
    const rating = normalise(teacher.rating);
    return rule.levels.some((level) => normalise(level) === rating);
  }
  if (teacher.licenceStatus === null) return null;
  if (rule.statuses.includes(teacher.licenceStatus)) return true;
  if (rule.includesMisassigned && teacher.inField === false) return true;
  return rule.includesMisassigned && teacher.inField === null ? null : false;
}

export function isProvisional(
  definitions: EquityDefinitions,
  status: LicenceStatus | null,
): boolean | null {
  return status === null ? null : definitions.provisional.statuses.includes(status);
}

export function isOutOfField(inField: boolean | null): boolean | null {
  return inField === null ? null : !inField;
}

function describeExperience(rule: ExperienceRule, who: string): string {
  const years = rule.years === 1 ? '1 year' : `${rule.years} years`;
  return rule.comparison === 'less_than'
    ? `${who} with fewer than ${years} of experience`
    : `${who} with ${years} of experience or fewer`;
}

/** One plain sentence per definition, for the top of a report. */
export function describeDefinitions(definitions: EquityDefinitions): string[] {
  const rule = definitions.ineffective;
  const ineffective =
    rule.basis === 'rating'
      ? `Ineffective: teachers rated ${rule.levels.map((l) => `"${l}"`).join(' or ')}.`
      : `Ineffective: teachers on ${rule.statuses.join(' or ')} credentials` +
        (rule.includesMisassigned ? ', or teaching outside their credential.' : '.');
  return [
    `Definitions: ${definitions.name}.`,
    `Inexperienced: ${describeExperience(definitions.inexperienced, 'teachers')}.`,
    `Inexperienced principals: ${describeExperience(definitions.inexperiencedPrincipal, 'principals')}.`,
    ineffective,
    'Out-of-field: teaching a subject without the licence or demonstrated competence for it.',
    `Provisional: teachers on ${definitions.provisional.statuses.join(' or ')} licences.`,
  ];
}
