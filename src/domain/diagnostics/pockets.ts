// Pockets of success (DOMAIN.md §1 item 5; Kaufman et al., Evansville, seed 001): schools
// where one measure or one student group stands out, so the district can find practices worth
// spreading. Two signals, each a published idea:
// - 'residual': the group's result is in the top share (default the top 10%) of residuals
//   after accounting for the school's poverty — the regression of DOMAIN.md §4, fitted
//   separately for each group across all schools that report it. Score: the standardized
//   residual e / (σ̂√(1 − h)).
// - 'growth': the group exceeded expected growth while the school as a whole only met it —
//   EVAAS's own bands (NC DPI: index above +2 exceeded, −2 to +2 met, below −2 not met).
//   Score: the group's growth index where published (itself a t-like statistic), else 2, the
//   threshold of "exceeded".
// One ranked list, highest score first, each with its sentence.
import { STUDENT_GROUPS, isStudentGroup, type StudentGroup } from '../shared/catalogue.ts';
import { DEFAULT_MINIMUM_N } from '../shared/suppression.ts';
import { formatNumber, formatValue, groupLabel, measureLabel, plural } from './format.ts';
import { parseGrowthStatus, type GrowthStatus } from './identification.ts';
import { fitYear, type PredictorKey } from './regression.ts';
import {
  MEASURE,
  figureOf,
  groupsPresent,
  reportedText,
  usableValue,
  type SchoolYearFigures,
} from './types.ts';

export interface Pocket {
  schoolId: string;
  year: number;
  group: StudentGroup;
  measure: string;
  kind: 'residual' | 'growth';
  score: number;
  reason: string;
}

export interface PocketOptions {
  /** The outcome searched for residual pockets, e.g. 'achievement_score'. */
  measure: string;
  /** Default: all students and every group. */
  groups?: readonly StudentGroup[];
  /** Top share of residuals that counts as standing out. Default 0.1 (top decile). */
  topShare?: number;
  predictors?: readonly PredictorKey[];
  minimumN?: number;
  growthStatusMeasure?: string;
  growthIndexMeasure?: string;
}

const ALL = Object.keys(STUDENT_GROUPS).filter(isStudentGroup);

/** EVAAS bands from the index when no status is published. */
function growthOf(
  row: SchoolYearFigures,
  group: StudentGroup,
  options: PocketOptions,
  minimumN: number,
) {
  const status = parseGrowthStatus(
    reportedText(figureOf(row, options.growthStatusMeasure ?? MEASURE.growthStatus, group)),
  );
  const indexFigure = usableValue(
    figureOf(row, options.growthIndexMeasure ?? MEASURE.growthIndex, group),
    minimumN,
  );
  const index = indexFigure.ok ? indexFigure.value : null;
  const fromIndex: GrowthStatus | null =
    index === null ? null : index > 2 ? 'Exceeded' : index < -2 ? 'NotMet' : 'Met';
  return { status: status ?? fromIndex, index };
}

/** Pockets of success among the rows of one school year, best first. */
export function findPocketsOfSuccess(
  rows: readonly SchoolYearFigures[],
  options: PocketOptions,
): Pocket[] {
  const minimumN = options.minimumN ?? DEFAULT_MINIMUM_N;
  const topShare = options.topShare ?? 0.1;
  if (!(topShare > 0 && topShare <= 1)) throw new RangeError('topShare must be in (0, 1]');
  const groups = groupsPresent(rows, options.groups ?? ALL);
  const predictors = options.predictors ?? [MEASURE.econDisadv];
  const label = measureLabel(options.measure);
  const pockets: Pocket[] = [];
  const year = rows[0]?.year ?? 0;

  for (const group of groups) {
    const yf = fitYear(rows, { outcome: options.measure, group, predictors, minimumN });
    if (yf === null) continue;
    const { fit, schoolIds } = yf;
    const z = schoolIds.map((_, i) => {
      const se = fit.residualStandardError * Math.sqrt(1 - (fit.leverages[i] ?? 0));
      return se > 0 ? (fit.residuals[i] ?? 0) / se : 0;
    });
    // Ascending native sort; the top `count` are the last `count`.
    const sorted = Float64Array.from(z).sort();
    const count = Math.max(1, Math.ceil(topShare * z.length - 1e-9));
    const cut = sorted[z.length - count] ?? Infinity;
    const who = group === 'all' ? 'All students' : groupLabel(group);
    const share = `top ${formatNumber(topShare * 100, 0)}% of ${plural(z.length, 'school')}${group === 'all' ? '' : ' reporting this group'}`;
    schoolIds.forEach((schoolId, i) => {
      const zi = z[i] ?? 0;
      if (zi < cut || zi <= 0) return;
      const actual = (fit.fitted[i] ?? 0) + (fit.residuals[i] ?? 0);
      pockets.push({
        schoolId,
        year,
        group,
        measure: options.measure,
        kind: 'residual',
        score: zi,
        reason: `${who}: ${label} ${formatValue(options.measure, actual)}, ${formatNumber(fit.residuals[i] ?? 0)} points above schools with similar poverty (${share}).`,
      });
    });
  }

  for (const row of rows) {
    const overall = growthOf(row, 'all', options, minimumN);
    if (overall.status !== 'Met') continue;
    for (const group of groups) {
      if (group === 'all') continue;
      const g = growthOf(row, group, options, minimumN);
      if (g.status !== 'Exceeded') continue;
      const index = g.index === null ? '' : ` (growth index ${formatNumber(g.index)})`;
      pockets.push({
        schoolId: row.schoolId,
        year: row.year,
        group,
        measure: options.growthStatusMeasure ?? MEASURE.growthStatus,
        kind: 'growth',
        score: g.index ?? 2,
        reason: `${groupLabel(group)} exceeded expected growth${index} while the school as a whole met it.`,
      });
    }
  }

  return pockets.sort(
    (a, b) =>
      b.score - a.score ||
      (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0) ||
      ALL.indexOf(a.group) - ALL.indexOf(b.group) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
  );
}
