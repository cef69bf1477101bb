// The V8 heap limits `tandem import` runs with (docs/decisions/005-imports.md, "Memory"): an
// import streams, so what its heap grows by is garbage from the rows already written, which V8
// collects late when nothing bounds the heap (50 MB file: 361 MB peak RSS unbounded, 280 MB with
// 192 MB of old space and no slower). The young generation is bounded too (4 MB semi-spaces, V8's
// default is 16): with reading in a worker thread the importing thread mostly writes, and its
// short-lived garbage then held ~12 MB more at the peak. TANDEM_IMPORT_HEAP_MB overrides the old
// space; a --max-old-space-size in NODE_OPTIONS is left alone.
export const IMPORT_HEAP_MB = 256;
export const IMPORT_SEMI_SPACE_MB = 4;

/** The node flags for an import process, or none when the user has set the limit already. */
export function importHeapFlags(env = process.env) {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return [];
  const mb = Number(env.TANDEM_IMPORT_HEAP_MB ?? IMPORT_HEAP_MB);
  const young = [`--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`];
  return Number.isInteger(mb) && mb >= 64 ? [`--max-old-space-size=${mb}`, ...young] : young;
}
