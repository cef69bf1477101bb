// The V8 old-space limit `tandem import` runs with (docs/decisions/005-imports.md, "Memory"):
// an import streams, so what its heap grows by is garbage from the rows already written, which
// V8 collects late when nothing bounds the heap (50 MB file: 361 MB peak RSS unbounded, 280 MB
// with 192 MB of old space and no slower). TANDEM_IMPORT_HEAP_MB overrides it; a
// --max-old-space-size in NODE_OPTIONS is left alone.
export const IMPORT_HEAP_MB = 256;

/** The node flags for an import process, or none when the user has set the limit already. */
export function importHeapFlags(env = process.env) {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return [];
  const mb = Number(env.TANDEM_IMPORT_HEAP_MB ?? IMPORT_HEAP_MB);
  return Number.isInteger(mb) && mb >= 64 ? [`--max-old-space-size=${mb}`] : [];
}
