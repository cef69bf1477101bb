// Ordinary least squares with an intercept, solved by Householder QR of the design matrix
// (Golub & Van Loan, Matrix Computations, 4th ed., §5.1–5.3): numerically sounder than forming
// X'X, and for the ≤ 4 predictors used here it costs O(n·p²). Standard errors from
// σ̂²(X'X)⁻¹ = σ̂² R⁻¹R⁻ᵀ, σ̂² = RSS / (n − p); leverages hᵢᵢ = ‖R⁻ᵀxᵢ‖².
import { badRequest } from '../shared/errors.ts';

export interface OlsFit {
  /** 'intercept' then the predictor names. */
  names: string[];
  coefficients: number[];
  standardErrors: number[];
  n: number;
  /** Residual degrees of freedom, n − p. */
  degreesOfFreedom: number;
  rSquared: number;
  adjustedRSquared: number;
  /** σ̂ = √(RSS / (n − p)). */
  residualStandardError: number;
  fitted: Float64Array;
  residuals: Float64Array;
  /** Diagonal of the hat matrix; var(eᵢ) = σ²(1 − hᵢᵢ). */
  leverages: Float64Array;
}

// A column whose remaining norm falls below this share of its original norm is a linear
// combination of the columns before it.
const RANK_TOLERANCE = 1e-10;

/**
 * Fits y = b₀ + b₁x₁ + … + bₖxₖ. `predictors` are columns, each as long as `outcome`.
 * Throws a bad-request AppError when there are too few rows or the predictors are collinear.
 */
export function fitOls(
  predictors: readonly (readonly number[])[],
  outcome: readonly number[],
  predictorNames: readonly string[] = predictors.map((_, i) => `x${i + 1}`),
): OlsFit {
  const n = outcome.length;
  const p = predictors.length + 1;
  if (n <= p) {
    throw badRequest(
      `A regression on ${p - 1} predictor(s) needs more than ${p} schools with figures; ${n} had them.`,
    );
  }
  const columns: Float64Array[] = [new Float64Array(n).fill(1)];
  for (const column of predictors) {
    if (column.length !== n) throw new RangeError('every predictor needs one value per school');
    columns.push(Float64Array.from(column));
  }
  const originalNorms = columns.map((c) => Math.sqrt(dot(c, c, 0)));
  const qty = Float64Array.from(outcome);
  const r: Float64Array[] = Array.from({ length: p }, () => new Float64Array(p));

  for (let j = 0; j < p; j++) {
    const col = columns[j] ?? new Float64Array(0);
    const norm = Math.sqrt(dot(col, col, j));
    if (norm <= RANK_TOLERANCE * (originalNorms[j] ?? 0) || norm === 0) {
      throw badRequest(
        `The regression cannot separate ${predictorNames[j - 1] ?? 'the intercept'} from the other predictors (they are collinear in these schools).`,
      );
    }
    const head = col[j] ?? 0;
    const alpha = head > 0 ? -norm : norm;
    const vHead = head - alpha;
    // v = (col[j] − α, col[j+1], …); vᵀv = ‖col‖² − head² + vHead²
    const vtv = norm * norm - head * head + vHead * vHead;
    col[j] = vHead;
    const reflect = (target: Float64Array): void => {
      const f = (2 * dot(col, target, j)) / vtv;
      for (let i = j; i < n; i++) target[i] = (target[i] ?? 0) - f * (col[i] ?? 0);
    };
    for (let l = j + 1; l < p; l++) {
      const target = columns[l] ?? new Float64Array(0);
      reflect(target);
      row(r, j)[l] = target[j] ?? 0;
    }
    reflect(qty);
    row(r, j)[j] = alpha;
  }

  // Back-substitution R b = (Qᵀy)[0..p).
  const coefficients = new Array<number>(p).fill(0);
  for (let j = p - 1; j >= 0; j--) {
    let s = qty[j] ?? 0;
    for (let l = j + 1; l < p; l++) s -= (row(r, j)[l] ?? 0) * (coefficients[l] ?? 0);
    coefficients[j] = s / (row(r, j)[j] ?? 1);
  }

  // R⁻¹ (upper triangular), column by column.
  const rInv: Float64Array[] = Array.from({ length: p }, () => new Float64Array(p));
  for (let c = 0; c < p; c++) {
    for (let j = c; j >= 0; j--) {
      let s = j === c ? 1 : 0;
      for (let l = j + 1; l <= c; l++) s -= (row(r, j)[l] ?? 0) * (row(rInv, l)[c] ?? 0);
      row(rInv, j)[c] = s / (row(r, j)[j] ?? 1);
    }
  }

  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  const leverages = new Float64Array(n);
  const x = new Float64Array(p);
  let rss = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += outcome[i] ?? 0;
  yMean /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    x[0] = 1;
    for (let k = 1; k < p; k++) x[k] = predictors[k - 1]?.[i] ?? 0;
    let yHat = 0;
    for (let k = 0; k < p; k++) yHat += (coefficients[k] ?? 0) * (x[k] ?? 0);
    const y = outcome[i] ?? 0;
    fitted[i] = yHat;
    residuals[i] = y - yHat;
    rss += (y - yHat) * (y - yHat);
    tss += (y - yMean) * (y - yMean);
    // hᵢᵢ = ‖R⁻ᵀxᵢ‖²: (R⁻ᵀx)_c = Σ_{j ≤ c} R⁻¹[j][c] x_j
    let h = 0;
    for (let c = 0; c < p; c++) {
      let z = 0;
      for (let j = 0; j <= c; j++) z += (row(rInv, j)[c] ?? 0) * (x[j] ?? 0);
      h += z * z;
    }
    leverages[i] = h;
  }

  const degreesOfFreedom = n - p;
  const sigma2 = rss / degreesOfFreedom;
  const standardErrors = coefficients.map((_, j) => {
    // [(X'X)⁻¹]_jj = Σ_c R⁻¹[j][c]²
    let s = 0;
    for (let c = j; c < p; c++) s += (row(rInv, j)[c] ?? 0) ** 2;
    return Math.sqrt(sigma2 * s);
  });
  const rSquared = tss > 0 ? 1 - rss / tss : Number.NaN;
  return {
    names: ['intercept', ...predictorNames],
    coefficients,
    standardErrors,
    n,
    degreesOfFreedom,
    rSquared,
    adjustedRSquared: 1 - ((1 - rSquared) * (n - 1)) / degreesOfFreedom,
    residualStandardError: Math.sqrt(sigma2),
    fitted,
    residuals,
    leverages,
  };
}

function dot(a: Float64Array, b: Float64Array, from: number): number {
  let s = 0;
  for (let i = from; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

function row(matrix: Float64Array[], i: number): Float64Array {
  const r = matrix[i];
  if (r === undefined) throw new RangeError(`row ${i} out of range`);
  return r;
}
