// Opening an XLSX (a zip) without trusting it (issue #3 "XLSX zip bombs"). Before anything is
// inflated, the central directory is inspected: the file is refused when its entries would
// expand to more than MAX_TOTAL_BYTES in all, or when a sizeable entry claims to expand more
// than MAX_RATIO times. yauzl then holds every entry to the size the directory declares
// (validateEntrySizes), so a directory that lies fails while inflating instead of filling
// memory, and only entries named in the directory are ever read (a local header the directory
// does not list, the trick of some malformed zips, is never seen).
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../domain/shared/errors.ts';

export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;
export const MAX_RATIO = 100;
// Below this an entry cannot hurt, whatever its ratio: XML of repeated empty cells or styles
// legitimately compresses past 100:1.
export const RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface CheckedZip {
  entries: ReadonlyMap<string, Entry>;
  /** A stream of one entry's inflated bytes. */
  open(name: string): Promise<{ stream: Readable; size: number }>;
  close(): void;
}

const refuse = (name: string, reason: string) =>
  new AppError('bad_request', `${name}: ${reason}.`, {
    problems: [{ field: name, message: reason }],
  });

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export interface ZipLimits {
  maxTotalBytes: number;
  maxRatio: number;
}

export async function openCheckedZip(
  path: string,
  name: string,
  limits: ZipLimits = { maxTotalBytes: MAX_TOTAL_BYTES, maxRatio: MAX_RATIO },
): Promise<CheckedZip> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (error, file) => (error ? reject(describe(name, error)) : resolve(file)),
    ),
  );
  try {
    const entries = await readDirectory(zip, name);
    let total = 0;
    for (const entry of entries.values()) {
      if (entry.isEncrypted()) throw refuse(name, `entry ${entry.fileName} is encrypted`);
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize >= RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
        const r = Math.round(ratio);
        throw refuse(
          name,
          `refused as a possible zip bomb: ${entry.fileName} would expand ${r}:1 ` +
            `(the limit is ${limits.maxRatio}:1)`,
        );
      }
    }
    if (total > limits.maxTotalBytes) {
      throw refuse(
        name,
        `refused as a possible zip bomb: it would expand to ${megabytes(total)} ` +
          `(the limit is ${megabytes(limits.maxTotalBytes)})`,
      );
    }
    return {
      entries,
      open: async (entryName) => {
        const entry = entries.get(entryName);
        if (!entry) throw refuse(name, `the workbook has no part ${entryName}`);
        const stream = await zip.openReadStreamPromise(entry).catch((error: unknown) => {
          throw describe(name, error);
        });
        return { stream, size: entry.uncompressedSize };
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function readDirectory(zip: ZipFile, name: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      if (entries.size >= MAX_ENTRIES) {
        reject(refuse(name, `it has more than ${MAX_ENTRIES} entries`));
        return;
      }
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: unknown) => reject(describe(name, error)));
    zip.readEntry();
  });
}

/** yauzl's errors in words a user can act on. */
export function describe(name: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/too many bytes|too few bytes|expected/i.test(message)) {
    return refuse(name, `an entry does not match the size the zip declares (${message})`);
  }
  return refuse(name, `not a readable XLSX (zip) file: ${message}`);
}
