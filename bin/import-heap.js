// The V8 heap limits `tandem import` runs with (docs/decisions/005-imports.md, "Memory"): an
// import streams, so what its heap grows by is garbage from the rows already written, which V8
// collects late when nothing bounds the heap (50 MB file: 361 MB peak RSS unbounded, 280 MB with
// 192 MB of old space and no slower). TANDEM_IMPORT_HEAP_MB overrides the old space; a
// --max-old-space-size in NODE_OPTIONS is left alone.
//
// The young generation is 8 MB semi-spaces, fixed (V8 starts at 1 MB and may grow to 16): with
// 4 MB the reading worker spent ~1 s of a 50 MB import in 540 scavenges, with 8 MB ~0.6 s in
// 255, and the import took ~10% less time; the semi-space flags apply to every thread of the
// process, the worker's included ("Fewer collections, one malloc arena", same file).
export const IMPORT_HEAP_MB = 256;
export const IMPORT_SEMI_SPACE_MB = 8;

/** The node flags for an import process, or none when the user has set the limit already. */
export function importHeapFlags(env = process.env) {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return [];
  const mb = Number(env.TANDEM_IMPORT_HEAP_MB ?? IMPORT_HEAP_MB);
  const young = [
    `--min-semi-space-size=${IMPORT_SEMI_SPACE_MB}`,
    `--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`,
  ];
  return Number.isInteger(mb) && mb >= 64 ? [`--max-old-space-size=${mb}`, ...young] : young;
}

/**
 * The environment an import process runs with: glibc's malloc limited to one arena. By default
 * each thread that allocates (the reading worker, libuv's file and zlib threads, V8's compiler
 * and collector threads) gets an arena of its own, and their partly used pages added 40–45 MB
 * to a 50 MB import's peak RSS (292–300 MB against 252–253 MB, same speed). A value the user
 * has set is kept.
 */
export function importEnv(env = process.env) {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '1' };
}
