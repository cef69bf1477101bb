/**
 * Checks the committed Wake County demo extract (data/demo/nc-wake) against its manifest, and,
 * when the shared source data is present, against the source itself.
 * Regenerate the extract with: node --import tsx scripts/extract-demo.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extractDir = path.join(repoRoot, 'data/demo/nc-wake');
const sharedRoot = path.resolve(
  process.env.TANDEM_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
);
const sourceDir = path.join(sharedRoot, 'nc-dpi-src');

// Restated here rather than read from the manifest, so a bad manifest cannot loosen the checks.
const MAX_TOTAL_BYTES = 3_000_000;
const COMPARISON_CODES = new Set(['920LEA', 'NC-SEA']);

interface ManifestFile {
  path: string;
  codeColumn: string | null;
  rows: number;
  bytes: number;
  sha256: string;
}

function readManifest(): ManifestFile[] {
  const parsed: unknown = JSON.parse(readFileSync(path.join(extractDir, 'manifest.json'), 'utf8'));
  const files = (parsed as { files?: unknown }).files;
  if (!Array.isArray(files)) throw new Error('manifest.json has no files array');
  return files as ManifestFile[];
}

/** Records as arrays (header first): ratio.csv repeats a header name, which objects would merge. */
function readCsv(text: string | Buffer): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true }) as string[][];
}

function codesOf(rows: readonly string[][], column: string): string[] {
  const [header, ...data] = rows;
  const index = header?.indexOf(column) ?? -1;
  if (index < 0) throw new Error(`no ${column} column`);
  return data.map((row) => row[index] ?? '');
}

/** The shared snapshot gzips files over 1 MB, so a source table may be `.csv` or `.csv.gz`. */
function readSource(relPath: string): Buffer {
  const plain = path.join(sourceDir, relPath);
  return existsSync(plain) ? readFileSync(plain) : gunzipSync(readFileSync(`${plain}.gz`));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

const manifest = readManifest();

describe('data/demo/nc-wake extract', () => {
  it('lists files', () => {
    expect(manifest.length).toBeGreaterThan(0);
  });

  it.each(manifest.map((f) => [f.path, f] as const))(
    '%s matches its manifest entry',
    (_name, entry) => {
      const bytes = readFileSync(path.join(extractDir, entry.path));
      expect(bytes.length).toBe(entry.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
      expect(readCsv(bytes).length - 1).toBe(entry.rows);
    },
  );

  it('has no CSV that the manifest does not list', () => {
    const listed = new Set(manifest.map((f) => f.path));
    const csvs = listFiles(extractDir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => path.relative(extractDir, f).split(path.sep).join('/'));
    expect(csvs.filter((f) => !listed.has(f))).toEqual([]);
  });

  it(`totals at most ${MAX_TOTAL_BYTES} bytes`, () => {
    const total = listFiles(extractDir).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(MAX_TOTAL_BYTES);
  });

  it('keeps only Wake (920…) rows besides the LEA and state rows', () => {
    for (const entry of manifest.filter((f) => f.codeColumn !== null)) {
      const rows = readCsv(readFileSync(path.join(extractDir, entry.path)));
      const strays = codesOf(rows, entry.codeColumn ?? '').filter(
        (code) => !COMPARISON_CODES.has(code) && !code.startsWith('920'),
      );
      expect(strays, entry.path).toEqual([]);
    }
  });

  it.skipIf(!existsSync(sourceDir))('2019 rcd_location has every 920 row of the source', () => {
    const source = readCsv(readSource('2019/rcd_location.csv'));
    const extract = readCsv(readFileSync(path.join(extractDir, '2019/rcd_location.csv')));
    const wake = (rows: string[][]) =>
      codesOf(rows, 'agency_code').filter((code) => code.startsWith('920'));
    expect(wake(extract)).toHaveLength(wake(source).length);
    expect(wake(extract).length).toBeGreaterThan(0);
  });
});

// The statewide extract (data/demo/nc-state): whole files, gzipped, byte-for-byte the source.
const stateDir = path.join(repoRoot, 'data/demo/nc-state');
const STATE_MAX_TOTAL_BYTES = 400_000;

interface StateManifestFile {
  path: string;
  source: string;
  rows: number;
  csvBytes: number;
  csvSha256: string;
  bytes: number;
  sha256: string;
}

const stateManifest = (
  JSON.parse(readFileSync(path.join(stateDir, 'manifest.json'), 'utf8')) as {
    files: StateManifestFile[];
  }
).files;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('data/demo/nc-state extract', () => {
  it.each(stateManifest.map((f) => [f.path, f] as const))(
    '%s matches its manifest entry',
    (_name, entry) => {
      const gz = readFileSync(path.join(stateDir, entry.path));
      expect(gz.length).toBe(entry.bytes);
      expect(sha(gz)).toBe(entry.sha256);
      const csv = gunzipSync(gz);
      expect(csv.length).toBe(entry.csvBytes);
      expect(sha(csv)).toBe(entry.csvSha256);
      expect(readCsv(csv).length - 1).toBe(entry.rows);
    },
  );

  it('has no file that the manifest does not list, and stays small', () => {
    const listed = new Set(stateManifest.map((f) => f.path));
    const files = listFiles(stateDir).map((f) =>
      path.relative(stateDir, f).split(path.sep).join('/'),
    );
    expect(files.filter((f) => !listed.has(f)).sort()).toEqual(['README.md', 'manifest.json']);
    const total = listFiles(stateDir).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(STATE_MAX_TOTAL_BYTES);
  });

  it.skipIf(!existsSync(sourceDir))('every file is its source, byte for byte', () => {
    for (const entry of stateManifest) {
      const relPath = entry.source.replace(/^nc-dpi-src\//, '').replace(/\.gz$/, '');
      expect(sha(readSource(relPath)), entry.path).toBe(entry.csvSha256);
    }
  });
});
