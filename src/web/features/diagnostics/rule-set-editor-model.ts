// The rule set editor's state and how it becomes a draft the API validates (POST /api/rule-sets,
// POST /api/rule-sets/preview). A district leader starts from a preset — its numbers are the
// domain's own (src/domain/diagnostics/rule-set.ts), not copied here — and changes the CSI
// percent, the graduation threshold, the TSI years, the minimum n and the district's tiers.
import type { RuleSetDraft, SavedRuleSet } from '../../api/types.ts';
import {
  federalEssaPreset,
  northCarolinaPreset,
  type Rule,
  type RuleSet,
} from '../../../domain/diagnostics/rule-set.ts';

export type PresetKey = RuleSetDraft['basedOn'];
export type Comparison = '<' | '<=' | '>' | '>=';
export type DesignationKey = 'csi' | 'tsi' | 'atsi' | 'low_performing';

export interface TierRow {
  tier: string;
  /** A designation the rules above give, or a threshold on a measure. */
  kind: 'designation' | 'measure';
  designation: DesignationKey;
  measure: string;
  comparison: Comparison;
  value: string;
}

export interface EditorState {
  /** The saved rule set being changed; null for a new one. */
  id: string | null;
  name: string;
  basedOn: PresetKey;
  minimumN: string;
  csiPercent: string;
  gradThreshold: string;
  tsiYears: string;
  tiers: TierRow[];
  otherwise: string;
}

export const PRESET_LABELS: Record<PresetKey, string> = {
  'north-carolina': 'North Carolina low-performing schools',
  'federal-essa': 'Federal ESSA frame (CSI, TSI, ATSI)',
};

/** Measures a tier threshold may use (the outcomes and needs the district page shows). */
export const TIER_MEASURES: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'spg_score', label: 'School performance score' },
  { key: 'achievement_score', label: 'Proficiency (achievement score)' },
  { key: 'grad_rate_4yr', label: '4-year graduation rate' },
  { key: 'chronic_absence_rate', label: 'Chronic absence rate' },
  { key: 'pct_econ_disadv', label: '% economically disadvantaged' },
  { key: 'growth_index', label: 'Growth index' },
];

export const DESIGNATION_NAMES: Record<DesignationKey, string> = {
  csi: 'CSI',
  tsi: 'TSI',
  atsi: 'ATSI',
  low_performing: 'Low-performing',
};

function rulesOf(ruleSet: RuleSet) {
  const find = <K extends Rule['kind']>(kind: K) =>
    ruleSet.rules.find((r): r is Extract<Rule, { kind: K }> => r.kind === kind);
  return {
    csi: find('csi_lowest_percent'),
    grad: find('csi_low_graduation'),
    tsi: find('tsi_consistently_underperforming'),
    tiers: find('threshold_tier'),
  };
}

function tierRows(ruleSet: RuleSet): { tiers: TierRow[]; otherwise: string } {
  const rule = rulesOf(ruleSet).tiers;
  if (!rule) return { tiers: [], otherwise: 'universal' };
  const tiers: TierRow[] = [];
  for (const t of rule.tiers) {
    const c = t.conditions[0];
    if (c === undefined || c.kind === 'text') continue;
    tiers.push(
      c.kind === 'designation'
        ? { ...blankTier(t.tier), kind: 'designation', designation: c.designation }
        : {
            ...blankTier(t.tier),
            kind: 'measure',
            measure: c.measure,
            comparison: c.comparison,
            value: String(c.value),
          },
    );
  }
  return { tiers, otherwise: rule.otherwise };
}

export function blankTier(tier = 'targeted'): TierRow {
  return {
    tier,
    kind: 'measure',
    designation: 'csi',
    measure: 'spg_score',
    comparison: '<',
    value: '',
  };
}

function fromRuleSet(ruleSet: RuleSet, basedOn: PresetKey): Omit<EditorState, 'id' | 'name'> {
  // The federal numbers are shown for both: a North Carolina rule set uses them only if the
  // district switches to the federal frame.
  const federal = rulesOf(federalEssaPreset());
  const own = rulesOf(ruleSet);
  const csi = own.csi ?? federal.csi;
  const grad = own.grad ?? federal.grad;
  const tsi = own.tsi ?? federal.tsi;
  const { tiers, otherwise } = tierRows(ruleSet);
  return {
    basedOn,
    minimumN: String(ruleSet.minimumN),
    csiPercent: String(csi?.percent ?? 5),
    gradThreshold: String(grad?.threshold ?? 66.7),
    tsiYears: String(tsi?.years ?? 3),
    tiers,
    otherwise,
  };
}

export function fromPreset(basedOn: PresetKey): EditorState {
  const preset = basedOn === 'federal-essa' ? federalEssaPreset() : northCarolinaPreset();
  return { id: null, name: '', ...fromRuleSet(preset, basedOn) };
}

export function fromSaved(saved: SavedRuleSet): EditorState {
  return { id: saved.id, name: saved.name, ...fromRuleSet(saved.ruleSet, saved.basedOn) };
}

const number = (text: string): number => {
  const cleaned = text.replace(/[%\s,]/g, '');
  return cleaned === '' ? Number.NaN : Number(cleaned);
};

/**
 * Whether every tier row is filled in: a name, and for a threshold a number. A new tier starts
 * without its threshold, and the server refuses such a draft, so the editor previews only once
 * every row is complete.
 */
export function tiersComplete(state: Pick<EditorState, 'tiers'>): boolean {
  return state.tiers.every(
    (t) => t.tier.trim() !== '' && (t.kind === 'designation' || Number.isFinite(number(t.value))),
  );
}

/**
 * The draft the API checks. Numbers that do not parse are sent as NaN → null in JSON, and the
 * server names the field; the editor does not second-guess the rules.
 */
export function toDraft(state: EditorState): RuleSetDraft {
  const base =
    state.basedOn === 'federal-essa'
      ? federalEssaPreset({
          csiPercent: number(state.csiPercent),
          gradThreshold: number(state.gradThreshold),
          tsiYears: number(state.tsiYears),
          withTiers: false,
        })
      : northCarolinaPreset();
  const rules: Rule[] = [...base.rules];
  if (state.tiers.length > 0) {
    rules.push({
      kind: 'threshold_tier',
      tiers: state.tiers.map((t) => ({
        tier: t.tier.trim(),
        match: 'all' as const,
        conditions: [
          t.kind === 'designation'
            ? { kind: 'designation' as const, designation: t.designation }
            : {
                kind: 'measure' as const,
                measure: t.measure,
                comparison: t.comparison,
                value: number(t.value),
              },
        ],
      })),
      otherwise: state.otherwise.trim() || 'universal',
    });
  }
  return {
    name: state.name.trim(),
    basedOn: state.basedOn,
    minimumN: number(state.minimumN),
    rules,
  };
}
