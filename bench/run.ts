// `npm run bench`: runs every benchmark module in bench/ and prints what each measured. A module
// is any other .ts file here that exports `run(): Promise<rows>` (helpers such as measure.ts
// export none; bench/lib holds the import benchmark's parts); each row is one thing measured,
// printed as a column (metrics down the side), so that wide results stay readable.
// `npm run bench -- import` runs only the modules named.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

export type BenchRow = Record<string, string | number>;

const Rows = z.array(z.record(z.string(), z.union([z.string(), z.number()])));

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const modules = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(path.basename(f, '.ts')))
  .sort();

for (const file of modules) {
  const mod: unknown = await import(pathToFileURL(path.join(here, file)).href);
  // A module without run() is a helper (measure.ts).
  if (typeof mod !== 'object' || mod === null || !('run' in mod) || typeof mod.run !== 'function') {
    continue;
  }
  console.log(`== ${file}`);
  const started = Date.now();
  const rows = Rows.parse(await mod.run());
  printTable(rows);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

function printTable(rows: readonly BenchRow[]) {
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) =>
    v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en-US') : v;
  const columns = [metrics, ...rows.map((r) => metrics.map((m) => cell(r[m])))];
  const widths = columns.map((col) => Math.max(...col.map((c) => c.length)));
  metrics.forEach((_, i) => {
    const line = columns.map((col, j) => (col[i] ?? '').padEnd(widths[j] ?? 0)).join('  ');
    console.log(line.trimEnd());
  });
}
