// Everything issue 4's district overview shows, in one pure call over a comparison set's
// school-years: need index, gaps and trends (indicators), identification under one rule set,
// performance against poverty, demographic peers with each school's standing, and pockets of
// success. The service loads the rows, calls this, and stores or presents the result; the
// benchmark times exactly this call.
import { computeGroupGaps, type SchoolGaps } from './gaps.ts';
import { runRuleSet, type SchoolIdentification } from './identification.ts';
import { computeNeedIndex, type NeedIndex, type NeedWeights } from './need-index.ts';
import { findDemographicPeers, rankAmongPeers, type PeerSet, type PeerStanding } from './peers.ts';
import { findPocketsOfSuccess, type Pocket } from './pockets.ts';
import {
  assessPerformanceAgainstPoverty,
  type ExpectationOptions,
  type ExpectationResult,
} from './regression.ts';
import type { RuleSet } from './rule-set.ts';
import { computeTrends, type Trend } from './trend.ts';
import type { SchoolYearFigures } from './types.ts';

export interface DiagnosticsOptions {
  year: number;
  ruleSet: RuleSet;
  /** The result judged against poverty and among peers, and searched for pockets. */
  outcome: string;
  /** Default: the outcome. */
  gapMeasure?: string;
  /** Default: the outcome. */
  trendMeasures?: readonly string[];
  expectation?: Omit<ExpectationOptions, 'outcome' | 'year'>;
  needWeights?: Partial<NeedWeights>;
  peerCount?: number;
  /** Default: the rule set's minimum n. */
  minimumN?: number;
}

export interface Diagnostics {
  year: number;
  needIndex: NeedIndex[];
  gaps: SchoolGaps[];
  /** measure → one trend per school over every year in the rows. */
  trends: Record<string, Trend[]>;
  identification: SchoolIdentification[];
  expectations: ExpectationResult;
  peers: PeerSet[];
  standings: PeerStanding[];
  pockets: Pocket[];
}

export function computeDiagnostics(
  rows: readonly SchoolYearFigures[],
  options: DiagnosticsOptions,
): Diagnostics {
  const minimumN = options.minimumN ?? options.ruleSet.minimumN;
  const current = rows.filter((r) => r.year === options.year);
  const peers = findDemographicPeers(current, { k: options.peerCount });
  const trends: Record<string, Trend[]> = {};
  for (const measure of options.trendMeasures ?? [options.outcome]) {
    trends[measure] = computeTrends(rows, { measure, minimumN });
  }
  return {
    year: options.year,
    needIndex: computeNeedIndex(current, { weights: options.needWeights }),
    gaps: computeGroupGaps(current, { measure: options.gapMeasure ?? options.outcome, minimumN }),
    trends,
    identification: runRuleSet(options.ruleSet, rows, options.year),
    expectations: assessPerformanceAgainstPoverty(rows, {
      minimumN,
      ...options.expectation,
      outcome: options.outcome,
      year: options.year,
    }),
    peers,
    standings: rankAmongPeers(current, peers, { measure: options.outcome, minimumN }),
    pockets: findPocketsOfSuccess(current, { measure: options.outcome, minimumN }),
  };
}
