// Import throughput and memory (issue #3 "Shown by"): for the largest shared file a built-in
// mapping takes (NC rcd_funds2 2019, 1.8 MB unzipped; measured with tmp scans of every mapped
// NC file) and for a generated file of the same layout (1 GB by default; BENCH_IMPORT_BYTES
// shrinks it), Tandem's import into a fresh embedded PGlite in a temporary folder, next to
// merely parsing the same file with csv-parse and the same options. Ratio = Tandem time ÷ parse
// time (target ≤ 2); peak memory = the child's RSS sampled every 100 ms from /proc, and its
// process.resourceUsage().maxRSS (target < 300 MB). With BENCH_DATABASE_URL set, each file is
// also imported into a fresh schema on that PostgreSQL server.
//
// Each step runs in a child process of its own so that its memory is its own: creating a
// PGlite database (initdb) peaks near 900 MB, which is set-up, not import, and is done apart.
// The children run our code bundled by esbuild, as `tandem` runs it (bin/tandem.js), not through
// the tsx loader: tsx compiles in a loader thread of the same process, which added ~80 MB of
// RSS that a user's import never carries (50 MB file: 264 MB once the database was open
// under tsx, 182 MB bundled).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../bin/bundles.js';
import { importEnv, importHeapFlags } from '../bin/import-heap.js';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.ts';
import { readWorkerBundle } from '../src/importers/read-worker-bundle.ts';
import type { BenchRow } from './run.ts';
import { generateFunds2 } from './lib/generate-funds2.ts';
import { TaskResultSchema, type Task, type TaskResult } from './lib/import-child.ts';

const CHILD = fileURLToPath(new URL('./lib/import-child.ts', import.meta.url));
const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(ROOT, '../shared/data/nc-dpi-src/2019');
const MB = 1_000_000;

type Target = { dataDir: string } | { databaseUrl: string };
type ChildResult = TaskResult & { sampledPeakMb: number };

export async function run(): Promise<BenchRow[]> {
  child = await bundleChild();
  return runAll();
}

/** The bundled child script; set by run(). */
let child = '';

/** Bundles the child as bin/tandem.js bundles the CLI, into dist/ (so that the app finds its
 * migrations from there, src/paths.ts): our code in, packages from node_modules. */
async function bundleChild(): Promise<string> {
  // The import's reading worker too, built before anything is timed.
  await readWorkerBundle();
  const outfile = path.join(ROOT, 'dist', 'bench', 'import-child.mjs');
  await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: [CHILD], outfile });
  return outfile;
}

async function runAll(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const shared = path.join(SHARED, 'rcd_funds2.csv.gz');
  const sharedDirectory = path.join(SHARED, 'rcd_location.csv');
  if (fs.existsSync(shared) && fs.existsSync(sharedDirectory)) {
    rows.push(...(await benchFile('shared rcd_funds2 2019', shared, sharedDirectory)));
  } else {
    rows.push({ file: 'shared rcd_funds2 2019', note: `skipped: ${SHARED} is absent` });
  }
  const bytes = Number(process.env.BENCH_IMPORT_BYTES ?? 1_000_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  try {
    console.log(`Generating ${(bytes / MB).toFixed(0)} MB of rcd_funds2 rows in ${dir}…`);
    const generated = await generateFunds2(dir, bytes);
    const label = `generated ${(bytes / MB).toFixed(0)} MB rcd_funds2`;
    rows.push(...(await benchFile(label, generated.file, generated.directory)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function benchFile(label: string, file: string, directory: string): Promise<BenchRow[]> {
  const size = await uncompressedSize(file);
  console.log(`${label}: parsing only…`);
  const parsed = await runChild({ kind: 'parse', file });
  const targets: Array<{ engine: string; target: Target; cleanup: () => Promise<void> }> = [];
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-db-'));
  targets.push({
    engine: 'PGlite',
    target: { dataDir: dbDir },
    cleanup: async () => fs.rmSync(dbDir, { recursive: true, force: true }),
  });
  const url = process.env.BENCH_DATABASE_URL;
  if (url) targets.push(await postgresSchema(url));
  const rows: BenchRow[] = [];
  for (const { engine, target, cleanup } of targets) {
    try {
      console.log(`${label}: preparing a fresh ${engine} database with the school directory…`);
      await runChild({ kind: 'prepare', target, directory });
      console.log(`${label}: importing into ${engine}…`);
      const imported = await runChild({ kind: 'import', target, file });
      rows.push({
        file: `${label} → ${engine}`,
        'size (MB, unzipped)': round(size / MB),
        'rows read': imported.rows,
        'values written': imported.rowsWritten,
        'Tandem import (s)': round(imported.ms / 1000),
        'Tandem MB/s': round(size / MB / (imported.ms / 1000)),
        'Tandem rows/s': Math.round(imported.rows / (imported.ms / 1000)),
        'parse only (s)': round(parsed.ms / 1000),
        'parse MB/s': round(size / MB / (parsed.ms / 1000)),
        'parse rows/s': Math.round(parsed.rows / (parsed.ms / 1000)),
        'ratio Tandem ÷ parse (target ≤ 2)': round(imported.ms / parsed.ms),
        'Tandem CPU (s)': round(imported.cpuMs / 1000),
        'parse CPU (s)': round(parsed.cpuMs / 1000),
        'CPU ratio Tandem ÷ parse': round(imported.cpuMs / parsed.cpuMs),
        'import peak RSS, sampled (MB)': imported.sampledPeakMb,
        'import maxRSS (MB; target < 300)': imported.maxRssMb,
        'import RSS after opening the DB (MB)': imported.rssBeforeMb,
        'parse peak RSS, sampled (MB)': parsed.sampledPeakMb,
        'parse maxRSS (MB)': parsed.maxRssMb,
      });
    } finally {
      await cleanup();
    }
  }
  return rows;
}

const round = (x: number) => Math.round(x * 100) / 100;

async function uncompressedSize(file: string): Promise<number> {
  if (!file.endsWith('.gz')) return fs.statSync(file).size;
  let n = 0;
  await pipeline(
    fs.createReadStream(file),
    createGunzip(),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) n += chunk.length;
    },
  );
  return n;
}

/** A fresh schema on the server, as the PostgreSQL test suite makes them. */
async function postgresSchema(url: string) {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: url });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    engine: 'PostgreSQL',
    target: { databaseUrl: u.toString() },
    cleanup: async () => {
      const h = await openDatabase({ databaseUrl: url });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(h.db);
      await h.close();
    },
  };
}

/** Runs a task in a child process, sampling its RSS every 100 ms from /proc (Linux). */
async function runChild(task: Task): Promise<ChildResult> {
  // The import runs with the heap limits and environment `tandem import` gives it
  // (bin/import-heap.js); parsing, the baseline, runs as plain node.
  const isImport = task.kind === 'import';
  const flags = isImport ? importHeapFlags() : [];
  const proc = spawn(process.execPath, [...flags, child, JSON.stringify(task)], {
    cwd: ROOT,
    env: isImport ? importEnv() : process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb = 0;
  const sample = () => {
    const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakKb = Math.max(peakKb, kb);
  };
  const timer = setInterval(() => {
    try {
      sample();
    } catch {
      // The child has ended, or there is no /proc (not Linux): maxRSS still reports.
    }
  }, 100);
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  clearInterval(timer);
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`bench child ${task.kind} failed (exit ${code})`);
  const result = TaskResultSchema.parse(JSON.parse(line.slice('RESULT '.length)));
  return { ...result, sampledPeakMb: Math.round(peakKb / 1024) };
}
