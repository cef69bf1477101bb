// Timing and memory helpers shared by the benchmarks. Peak memory is the resident-set high-water
// mark, sampled every 50 ms while the work runs (and process.resourceUsage().maxRSS for the
// process as a whole).
export interface Timed<T> {
  result: T;
  ms: number;
  peakRssMb: number;
}

export async function timed<T>(work: () => T | Promise<T>): Promise<Timed<T>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

/** The best of `runs` timings (the least disturbed by other work on the machine). */
export async function best<T>(runs: number, work: () => T | Promise<T>): Promise<Timed<T>> {
  let fastest: Timed<T> | undefined;
  for (let i = 0; i < runs; i++) {
    const t = await timed(work);
    if (!fastest || t.ms < fastest.ms)
      fastest = { ...t, peakRssMb: Math.max(t.peakRssMb, fastest?.peakRssMb ?? 0) };
  }
  if (!fastest) throw new Error('runs must be at least 1');
  return fastest;
}

export interface BenchRow {
  bench: string;
  case: string;
  ours: string;
  peer: string;
  peerName: string;
  ratio: string;
  target: string;
  peakMb: string;
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
export const ratio = (ours: number, peer: number) => `${(ours / peer).toFixed(2)}×`;
export const mb = (v: number) => `${v.toFixed(0)} MB`;
