// Import throughput and memory (issue #3 "Shown by"): for the largest shared file a built-in
// mapping takes — MA DESE 1A_1_teacher_data (4.1 MB unzipped, 33,036 rows; every shared CSV was
// measured unzipped, the next being MA 2C_1_attendance at 3.4 MB and NC rcd_funds2 2019 at
// 1.8 MB) — for NC rcd_funds2 2019, whose layout the generated file copies, and for a generated
// file of that layout (1 GB by default; BENCH_IMPORT_BYTES shrinks it): Tandem's import into a
// fresh embedded PGlite in a temporary folder, next to merely parsing the same file with
// csv-parse and the same options. Ratio = Tandem time ÷ parse time (target ≤ 2); peak memory =
// the child's RSS sampled every 100 ms from /proc, and its process.resourceUsage().maxRSS
// (target < 300 MB). With BENCH_DATABASE_URL set, each file is also imported into a fresh schema
// on that PostgreSQL server.
//
// The parser is the peer: csv-parse as shipped, with the options Tandem's reader gives it. The
// reader also works around two of csv-parse's costs (csvParser, importers/csv.ts); that parser
// alone is timed too, and the ratio to it printed beside, so that a faster reader is seen to make
// imports faster rather than only their ratio larger (docs/decisions/005-imports.md, "Which
// parse the ratio divides by").
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
const DATA = path.resolve(ROOT, '../shared/data');
const MB = 1_000_000;

/** A file to import, the directory to load first, and the mappings of both. */
interface Case {
  label: string;
  file: string;
  mapping: string;
  directory: string;
  directoryMapping: string;
  /** 'skip-rows' for a file with rows a user would have to let go (see SHARED). */
  onProblems: 'abort' | 'skip-rows';
}

const SHARED: Case[] = [
  {
    label: 'shared MA 1A_1_teacher_data (largest shared)',
    file: path.join(DATA, 'ma-dese-profiles-multiyear/1A_1_teacher_data.csv.gz'),
    mapping: 'ma-dese-teacher-data',
    directory: path.join(DATA, 'ma-schools-2017/MA_Public_Schools_2017.csv.gz'),
    directoryMapping: 'ma-dese-schools-2017',
    // Its 7,394 rows of 2016-17 and 2017-18 lack a cell (the mapping reads 2018-19 on): a user
    // loads the valid rows, and these come back as rejected rows.
    onProblems: 'skip-rows',
  },
  {
    label: 'shared NC rcd_funds2 2019',
    file: path.join(DATA, 'nc-dpi-src/2019/rcd_funds2.csv.gz'),
    mapping: 'nc-dpi-rcd-funds2',
    directory: path.join(DATA, 'nc-dpi-src/2019/rcd_location.csv'),
    directoryMapping: 'nc-dpi-rcd-location',
    onProblems: 'abort',
  },
];

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
  for (const c of SHARED) {
    if (fs.existsSync(c.file) && fs.existsSync(c.directory)) rows.push(...(await benchFile(c)));
    else rows.push({ file: c.label, note: `skipped: ${c.file} or its directory is absent` });
  }
  const bytes = Number(process.env.BENCH_IMPORT_BYTES ?? 1_000_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  try {
    console.log(`Generating ${(bytes / MB).toFixed(0)} MB of rcd_funds2 rows in ${dir}…`);
    const generated = await generateFunds2(dir, bytes);
    rows.push(
      ...(await benchFile({
        label: `generated ${(bytes / MB).toFixed(0)} MB rcd_funds2`,
        file: generated.file,
        mapping: 'nc-dpi-rcd-funds2',
        directory: generated.directory,
        directoryMapping: 'nc-dpi-rcd-location',
        onProblems: 'abort',
      })),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function benchFile(c: Case): Promise<BenchRow[]> {
  const { label, file, directory } = c;
  const size = await uncompressedSize(file);
  console.log(`${label}: parsing only…`);
  const parsed = await runChild({ kind: 'parse', file, parser: 'csv-parse' });
  const readerParsed = await runChild({ kind: 'parse', file, parser: 'tandem' });
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
      await runChild({ kind: 'prepare', target, directory, mapping: c.directoryMapping });
      console.log(`${label}: importing into ${engine}…`);
      const { mapping, onProblems } = c;
      const imported = await runChild({ kind: 'import', target, file, mapping, onProblems });
      rows.push({
        file: `${label} → ${engine}`,
        'size (MB, unzipped)': round(size / MB),
        'rows read': imported.rows,
        'values written': imported.rowsWritten,
        'rows rejected': imported.rowsRejected,
        'Tandem import (s)': round(imported.ms / 1000),
        'Tandem MB/s': round(size / MB / (imported.ms / 1000)),
        'Tandem rows/s': Math.round(imported.rows / (imported.ms / 1000)),
        'parse only, csv-parse (s)': round(parsed.ms / 1000),
        'parse MB/s': round(size / MB / (parsed.ms / 1000)),
        'parse rows/s': Math.round(parsed.rows / (parsed.ms / 1000)),
        'ratio Tandem ÷ parse (target ≤ 2)': round(imported.ms / parsed.ms),
        'parse only, Tandem’s csvParser (s)': round(readerParsed.ms / 1000),
        'ratio Tandem ÷ csvParser parse': round(imported.ms / readerParsed.ms),
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
