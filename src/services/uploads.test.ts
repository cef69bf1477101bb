// The upload path without HTTP: multipart parsing whatever the chunking, file names, size
// limit, and expiry after an hour.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { boundaryOf, readFilePart } from './upload-multipart.ts';
import { sanitiseFileName, UploadStore, UploadTooLargeError, UPLOAD_TTL_MS } from './uploads.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-uploads-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const analyst: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  districtId: 'd1',
  username: 'ana',
  displayName: 'Ana',
  staffId: null,
  grants: [{ role: 'analyst', schoolId: null }],
};

const BOUNDARY = '----tandemTest42';
function body(file: string, name = 'scores.csv'): Buffer {
  return Buffer.from(
    `preamble\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${file}\r\n--${BOUNDARY}--\r\n`,
  );
}
async function* chunked(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('readFilePart', () => {
  // A file whose bytes look like the start of a boundary, and a CRLF at its end, must survive.
  const file = `a,b\r\n1,2\r\n--${BOUNDARY.slice(0, 8)} not a boundary\r\n`;

  it.each([1, 3, 7, 64, 4096])(
    'reads the file part exactly in chunks of %i bytes',
    async (size) => {
      const parts: Buffer[] = [];
      const name = await readFilePart(chunked(body(file), size), BOUNDARY, {
        start: async () => undefined,
        write: async (chunk) => void parts.push(chunk),
      });
      expect(name).toBe('scores.csv');
      expect(Buffer.concat(parts).toString()).toBe(file);
    },
  );

  it('refuses a body without a file part, or cut short', async () => {
    const sink = { start: async () => undefined, write: async () => undefined };
    const noFile = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${BOUNDARY}--\r\n`,
    );
    await expect(readFilePart(chunked(noFile, 10), BOUNDARY, sink)).rejects.toThrow(/no file/);
    const whole = body(file);
    const cut = whole.subarray(0, whole.length - 20);
    await expect(readFilePart(chunked(cut, 10), BOUNDARY, sink)).rejects.toThrow(/ended before/);
  });

  it('takes the boundary from the content type, quoted or not', () => {
    expect(boundaryOf(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(() => boundaryOf('application/json')).toThrow(AppError);
  });
});

describe('sanitiseFileName', () => {
  it('keeps a plain base name and nothing that could leave the folder', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\Users\\x\\2019 scores (final).csv')).toBe(
      '2019 scores (final).csv',
    );
    expect(sanitiseFileName('.hidden.csv')).toBe('hidden.csv');
    expect(sanitiseFileName('naïve<script>.csv')).toBe('na_ve_script_.csv');
    expect(sanitiseFileName('')).toBe('upload');
    const long = sanitiseFileName(`${'a'.repeat(300)}.csv.gz`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('.csv.gz')).toBe(true);
  });
});

describe('UploadStore', () => {
  it('stores an upload, refuses one past the limit, and forgets and deletes it after an hour', async () => {
    let now = 1_000_000;
    const store = new UploadStore(path.join(root, 'store'), () => now);
    const upload = await store.receive(analyst, chunked(body('a,b\n1,2\n'), 16), BOUNDARY, null);
    expect(upload).toMatchObject({ fileName: 'scores.csv', size: 8, kind: 'table' });
    expect(fs.readFileSync(upload.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(store.get(analyst, upload.id).id).toBe(upload.id);
    const other: Actor = { ...analyst, userId: '00000000-0000-4000-8000-000000000002' };
    expect(() => store.get(other, upload.id)).toThrow(/not found/i);

    store.maxBytes = 4;
    await expect(
      store.receive(analyst, chunked(body('a,b\n1,2\n'), 16), BOUNDARY, null),
    ).rejects.toBeInstanceOf(UploadTooLargeError);
    store.maxBytes = 1024;

    now += UPLOAD_TTL_MS + 1;
    expect(() => store.get(analyst, upload.id)).toThrow(/not found/i);
    await store.sweep();
    expect(fs.existsSync(path.dirname(upload.path))).toBe(false);
    // Only the refused upload's folder could have been left, and it was removed too.
    expect(fs.readdirSync(path.join(root, 'store'))).toEqual([]);
  });
});
