// Student's t distribution, for the one-tailed significance of a school's residual (CRPE's
// "beating the odds" test, DOMAIN.md §4). Written here rather than installed: the typed npm
// packages for it (@stdlib/stats-base-dists-t-cdf) pull in over 200 micro-packages, and jstat
// ships no types. The algorithms are the textbook ones, tested against closed forms.
//
// Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed. (2007):
//   §6.1 ln Γ(x) by the Lanczos approximation (the 14-term "gammln"),
//   §6.4 the regularized incomplete beta I_x(a, b) by its continued fraction, evaluated with
//        the modified Lentz method ("betai"/"betacf"), and the t distribution through it:
//        A(t|ν) = 1 − I_{ν/(ν+t²)}(ν/2, 1/2)  (eq. 6.14.11).

// The coefficients as printed in NR3, rounded to the nearest double (what the compiler does
// with the longer literals anyway).
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4,
  -2.1026444172410488e-4, 2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5,
  -2.6190838401581408e-5, 3.6899182659531625e-6,
] as const;

/** ln Γ(x) for x > 0 (NR3 §6.1, Lanczos with γ = 671/128; relative error < 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let y = x;
  const tmp = x + 5.2421875;
  const head = (x + 0.5) * Math.log(tmp) - tmp;
  let series = 0.9999999999999971;
  for (const c of LANCZOS) series += c / ++y;
  return head + Math.log((2.5066282746310007 * series) / x);
}

const EPS = Number.EPSILON;
const FPMIN = Number.MIN_VALUE / Number.EPSILON;
// The fraction needs O(√max(a, b)) terms (NR3 §6.4); with ν up to 10⁵ schools that is a few
// hundred, so this cap is never the limit in practice.
const MAX_ITERATIONS = 100_000;

/** The continued fraction for I_x(a, b) (NR3 §6.4, eq. 6.4.5), modified Lentz. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS) return h;
  }
  throw new RangeError(`incomplete beta did not converge for a=${a}, b=${b}, x=${x}`);
}

/** The regularized incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1 (NR3 §6.4). */
export function incompleteBeta(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError('incompleteBeta needs a, b > 0');
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incompleteBeta needs 0 ≤ x ≤ 1, got ${x}`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  // The fraction converges fast for x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom (NR3 eq. 6.14.11). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError('degrees of freedom must be positive');
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail =
    0.5 * incompleteBeta(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
  return t > 0 ? 1 - tail : tail;
}

/** One-tailed p-value for H₁: mean > 0 (upper) or mean < 0 (lower). */
export function oneTailedP(t: number, degreesOfFreedom: number, tail: 'upper' | 'lower'): number {
  return tail === 'upper' ? 1 - studentTCdf(t, degreesOfFreedom) : studentTCdf(t, degreesOfFreedom);
}
