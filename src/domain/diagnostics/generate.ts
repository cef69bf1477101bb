// A seeded synthetic state for benchmarks and demos: N schools × Y school years of figures with
// the relationships real data shows, so the diagnostics do realistic work. Always labelled
// synthetic by whoever stores it. The same seed gives the same state on every machine.
//
// Calibration (each a published figure or a rule cited in this folder):
// - proficiency ≈ 85 − 0.45 × % economically disadvantaged + school effect (sd 8) + yearly noise
//   (sd 4): with poverty's sd of about 22 this gives r ≈ −0.74, as MA 2017 shows (DOMAIN.md §4);
// - EVAAS growth index with NC's bands: above +2 Exceeded, below −2 NotMet, else Met;
// - NC's School Performance Score = 80% achievement + 20% growth, graded on the 15-point scale
//   (A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40, else F; G.S. 115C-83.15);
// - Title I mostly where poverty passes 40% (ESEA §1113(a)(5) lets a district serve schools
//   above 35%);
// - student-group figures under 10 students are published as suppressed (DOMAIN.md §6).
import type { SchoolLevel } from '../../db/schema.ts';
import type { StudentGroup } from '../shared/catalogue.ts';
import { MEASURE, type Figure, type FigureTable, type SchoolYearFigures } from './types.ts';

export interface SyntheticStateOptions {
  schools?: number;
  years?: number;
  firstYear?: number;
  seed?: number;
  /** Student-group figures too (heavier). Default true. */
  withGroups?: boolean;
}

/** mulberry32 (Tommy Ettinger, public domain): small, fast, seedable. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller for standard normal draws.
  const normal = (mean = 0, sd = 1): number => {
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round1 = (v: number) => Math.round(v * 10) / 10;

const LEVELS: readonly [SchoolLevel, number, number, number][] = [
  // level, cumulative share, median enrollment, share of students tested
  ['elementary', 0.58, 450, 0.5],
  ['middle', 0.78, 650, 0.95],
  ['high', 0.95, 1100, 0.3],
  ['combined', 1, 400, 0.6],
];

const GROUP_OFFSETS: readonly [StudentGroup, number][] = [
  ['econ_disadv', -8],
  ['not_econ_disadv', 8],
  ['el', -12],
  ['swd', -18],
  ['black', -10],
  ['hispanic', -6],
  ['white', 6],
];

const reported = (value: number, n: number | null = null): Figure => ({
  value,
  text: null,
  status: 'reported',
  n,
});
// Figures are read-only, so identical ones (grades, statuses, suppressed cells) are shared:
// fewer objects for the garbage collector to trace in a 90,000-row state.
const TEXT_FIGURES = new Map<string, Figure>();
const textFigure = (text: string): Figure => {
  let figure = TEXT_FIGURES.get(text);
  if (figure === undefined) {
    figure = Object.freeze({ value: null, text, status: 'reported', n: null });
    TEXT_FIGURES.set(text, figure);
  }
  return figure;
};
const HIDDEN_FIGURES: Figure[] = [];
const hidden = (n: number): Figure =>
  (HIDDEN_FIGURES[n] ??= Object.freeze({ value: null, text: null, status: 'suppressed', n }));

function growthStatus(index: number): string {
  return index > 2 ? 'Exceeded' : index < -2 ? 'NotMet' : 'Met';
}

function grade(score: number): string {
  return score >= 85 ? 'A' : score >= 70 ? 'B' : score >= 55 ? 'C' : score >= 40 ? 'D' : 'F';
}

export function generateSyntheticState(options: SyntheticStateOptions = {}): SchoolYearFigures[] {
  const schools = options.schools ?? 9_000;
  const years = options.years ?? 10;
  const firstYear = options.firstYear ?? 2010;
  const withGroups = options.withGroups ?? true;
  const random = createRandom(options.seed ?? 20_190_401);
  const width = String(schools).length;
  const rows: SchoolYearFigures[] = [];

  for (let s = 0; s < schools; s++) {
    const pick = random.next();
    const [level, , medianEnrollment, testedShare] = LEVELS.find(([, cum]) => pick < cum) ??
      LEVELS[0] ?? ['other', 1, 500, 0.5];
    const baseEnrollment = medianEnrollment * Math.exp(random.normal(0, 0.45));
    const basePoverty = 100 / (1 + Math.exp(-random.normal(0, 1.1)));
    const baseEl = clip(2 + 0.15 * basePoverty + Math.abs(random.normal(0, 6)), 0, 90);
    const baseSwd = clip(random.normal(13, 3.5), 3, 40);
    const blackShare = clip(random.normal(0.25, 0.18), 0, 0.95);
    const hispanicShare = clip(0.05 + baseEl / 120 + random.normal(0, 0.05), 0, 0.95 - blackShare);
    const isTitleI = random.next() < (basePoverty > 40 ? 0.95 : 0.15);
    const effect = random.normal(0, 8);
    const growthEffect = random.normal(0, 1.5);
    const drift = random.normal(0, 0.6);
    const schoolId = `S${String(s + 1).padStart(width, '0')}`;

    for (let y = 0; y < years; y++) {
      const enrollment = Math.round(baseEnrollment * Math.exp(random.normal(0, 0.03)));
      const poverty = clip(basePoverty + drift * y + random.normal(0, 2), 0, 100);
      const el = clip(baseEl + random.normal(0, 1), 0, 100);
      const swd = clip(baseSwd + random.normal(0, 0.8), 0, 100);
      const absence = clip(4 + 0.22 * poverty + random.normal(0, 4), 0, 80);
      const achievement = clip(85 - 0.45 * poverty + effect + random.normal(0, 4), 1, 99);
      const growthIndex = growthEffect + random.normal(0, 1.5);
      const growthScore = clip(80 + 6 * growthIndex, 50, 100);
      const spgScore = Math.round(0.8 * achievement + 0.2 * growthScore);
      const tested = Math.max(1, Math.round(enrollment * testedShare * 0.95));
      const values: Record<string, Figure> = {
        [MEASURE.enrollment]: reported(enrollment),
        [MEASURE.econDisadv]: reported(round1(poverty), enrollment),
        [MEASURE.el]: reported(round1(el), enrollment),
        [MEASURE.swd]: reported(round1(swd), enrollment),
        [MEASURE.chronicAbsence]: reported(round1(absence), enrollment),
        [MEASURE.achievement]: reported(round1(achievement), tested),
        [MEASURE.growthIndex]: reported(round1(growthIndex), tested),
        [MEASURE.growthStatus]: textFigure(growthStatus(growthIndex)),
        growth_score: reported(round1(growthScore), tested),
        [MEASURE.spgScore]: reported(spgScore, tested),
        [MEASURE.spgGrade]: textFigure(grade(spgScore)),
      };
      if (level === 'high') {
        const cohort = Math.round(enrollment / 4);
        values[MEASURE.gradRate4yr] = reported(
          round1(clip(95 - 0.2 * poverty + effect / 2 + random.normal(0, 3), 30, 100)),
          cohort,
        );
      }
      let groups: Partial<Record<StudentGroup, FigureTable>> | undefined;
      if (withGroups) {
        groups = {};
        const shares: Record<string, number> = {
          econ_disadv: poverty / 100,
          not_econ_disadv: 1 - poverty / 100,
          el: el / 100,
          swd: swd / 100,
          black: blackShare,
          hispanic: hispanicShare,
          white: Math.max(0, 1 - blackShare - hispanicShare - 0.05),
        };
        for (const [group, offset] of GROUP_OFFSETS) {
          const n = Math.round(tested * (shares[group] ?? 0));
          const index = growthIndex + random.normal(0, 1.2);
          if (n < 10) {
            const cell = hidden(n);
            groups[group] = {
              [MEASURE.achievement]: cell,
              [MEASURE.growthIndex]: cell,
              [MEASURE.growthStatus]: cell,
              [MEASURE.spgScore]: cell,
            };
            continue;
          }
          const groupAchievement = clip(achievement + offset + random.normal(0, 5), 0, 100);
          // NC publishes a performance score for each group too (rcd_acc_spg2 subgroup rows).
          const groupSpg = Math.round(0.8 * groupAchievement + 0.2 * clip(80 + 6 * index, 50, 100));
          groups[group] = {
            [MEASURE.achievement]: reported(round1(groupAchievement), n),
            [MEASURE.growthIndex]: reported(round1(index), n),
            [MEASURE.growthStatus]: textFigure(growthStatus(index)),
            [MEASURE.spgScore]: reported(groupSpg, n),
          };
        }
      }
      rows.push({
        schoolId,
        year: firstYear + y,
        level,
        isTitleI,
        values,
        ...(groups ? { groups } : {}),
      });
    }
  }
  return rows;
}
