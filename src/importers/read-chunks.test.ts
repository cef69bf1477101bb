// The reading half of an import on its own (no database): how rows become chunks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindMapping } from './apply.ts';
import { WRITE_CHUNK } from './chunk-columns.ts';
import { openCsv } from './csv.ts';
import { parseMapping } from './mapping.ts';
import { FIRST_CHUNK, readChunks, type ReadChunk } from './read-chunks.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-read-chunks-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const scores = parseMapping({
  kind: 'measures',
  name: 'chunk-scores',
  title: 'Scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code' },
  year: { column: 'year' },
  measures: [{ measure: 'spg_score', type: 'number', column: 'spg' }],
});

describe('readChunks', () => {
  it('sends a small first chunk, then full ones, every value once and in file order', async () => {
    const rows = 12_345;
    const lines = Array.from({ length: rows }, (_, i) => `${100000 + i},2019,${i % 100}`);
    const file = path.join(dir, 'scores.csv');
    fs.writeFileSync(file, `code,year,spg\n${lines.join('\n')}\n`);
    const reader = await openCsv(file, () => undefined, { raggedRows: 'yield' });
    const { bound } = bindMapping(scores, reader.header, file);
    const chunks: ReadChunk[] = [];
    const result = await readChunks(
      reader,
      {
        bound: bound!,
        fileName: file,
        onProblems: 'abort',
        unknownSchools: 'error',
        knownSchools: new Set(lines.map((l) => l.slice(0, 6))),
        maxProblems: 10,
      },
      async (chunk) => {
        chunks.push(chunk);
      },
    );
    expect(result).toMatchObject({ rowsRead: rows, problemCount: 0 });
    expect(chunks.map((c) => c.values.line.length)).toEqual([
      FIRST_CHUNK,
      WRITE_CHUNK,
      WRITE_CHUNK,
      rows - FIRST_CHUNK - 2 * WRITE_CHUNK,
    ]);
    const all = chunks.flatMap((c) => c.values.line);
    expect(all).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
  });
});
