// Files uploaded for import, kept between "upload", "preview" and "import" (issue #3 "In the web
// app: upload a file, pick or build a mapping with a live preview"). Each upload streams to its
// own folder under <data dir>/uploads, named by a random id; the name the browser sent is
// sanitised and kept only as the file's base name (no path can leave the folder). An upload is
// deleted once imported, and any upload is deleted an hour after it arrived: files of personal
// data do not linger. What is known about uploads lives in this process: a restart forgets
// them, so the folder is emptied when the store opens.
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../domain/access/access.ts';
import { AppError, notFound } from '../domain/shared/errors.ts';
import { openCheckedZip } from '../importers/xlsx/zip-guard.ts';
import { assertCanImport } from './import-batches.ts';
import { readFilePart } from './upload-multipart.ts';

/** The largest upload by default: the 1 GB file, with room. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
export const UPLOAD_TTL_MS = 60 * 60 * 1000;

/** What an upload holds: a table for a mapping, Ed-Fi XML, or a OneRoster export. */
export type UploadKind = 'table' | 'edfi' | 'oneroster';

export interface Upload {
  id: string;
  districtId: string;
  userId: string;
  /** The sanitised name, as shown and as recorded on the batch. */
  fileName: string;
  /** The file as stored. */
  path: string;
  size: number;
  kind: UploadKind;
  createdAt: number;
}

/** Thrown when a body passes the size limit; the route answers 413. */
export class UploadTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super(
      'bad_request',
      `The file is larger than the ${formatBytes(maxBytes)} an upload may be. Split it, or import it with \`tandem import\` on the server.`,
    );
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toLocaleString('en-US')} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return `${bytes} bytes`;
}

/**
 * The name a file is stored and shown under: its base name (either slash), letters, digits,
 * space, dot, dash, underscore and parentheses only, no leading dot, at most 120 characters
 * keeping the extension.
 */
export function sanitiseFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9 ._()-]+/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s_]+/, '')
    .trim();
  if (name.length > 120) {
    const ext = /(\.[A-Za-z0-9]{1,8}){1,2}$/.exec(name)?.[0] ?? '';
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return name || 'upload';
}

/** What a file is, by its name and, for a zip, by what it holds. */
export async function detectKind(filePath: string, fileName: string): Promise<UploadKind> {
  if (/\.xml(\.gz)?$/i.test(fileName)) return 'edfi';
  if (/\.(csv|txt|tsv|xlsx)$|\.csv\.gz$/i.test(fileName)) return 'table';
  if (/\.zip$/i.test(fileName)) {
    const zip = await openCheckedZip(filePath, fileName);
    try {
      const names = [...zip.entries.keys()].map((n) => path.posix.basename(n).toLowerCase());
      if (names.some((n) => /\.xml(\.gz)?$/.test(n))) return 'edfi';
      if (names.includes('orgs.csv') && names.includes('users.csv')) return 'oneroster';
    } finally {
      zip.close();
    }
    throw new AppError(
      'bad_request',
      `${fileName} holds neither Ed-Fi XML interchanges nor a OneRoster export (orgs.csv and users.csv).`,
    );
  }
  throw new AppError(
    'bad_request',
    `${fileName}: Tandem imports .csv, .csv.gz, .txt and .xlsx files with a mapping, Ed-Fi .xml (or a .zip of them) and OneRoster exports (.zip of CSV files).`,
  );
}

export class UploadStore {
  readonly #uploads = new Map<string, Upload>();
  readonly #ready: Promise<void>;
  maxBytes = DEFAULT_MAX_UPLOAD_BYTES;

  constructor(
    readonly root: string,
    private readonly now: () => number = Date.now,
  ) {
    // Left by an earlier process, which alone knew who they belonged to.
    this.#ready = fs
      .rm(root, { recursive: true, force: true })
      .then(() => fs.mkdir(root, { recursive: true, mode: 0o700 }))
      .then(() => undefined);
    const timer = setInterval(() => void this.sweep(), 5 * 60 * 1000);
    timer.unref();
  }

  /** Streams a multipart body's "file" part to a new upload of `actor`'s. */
  async receive(
    actor: Actor,
    body: AsyncIterable<Uint8Array>,
    boundary: string,
    declaredBytes: number | null,
  ): Promise<Upload> {
    assertCanImport(actor, actor.districtId);
    // Multipart framing adds a few hundred bytes; a declared length far past the limit is
    // refused before a byte is stored.
    if (declaredBytes !== null && declaredBytes > this.maxBytes + 64 * 1024) {
      throw new UploadTooLargeError(this.maxBytes);
    }
    await this.#ready;
    await this.sweep();
    const id = randomUUID();
    const dir = path.join(this.root, id);
    await fs.mkdir(dir, { mode: 0o700 });
    let out: WriteStream | null = null;
    let filePath = '';
    let fileName = 'upload';
    let size = 0;
    try {
      await readFilePart(body, boundary, {
        start: async (raw) => {
          fileName = sanitiseFileName(raw);
          filePath = path.join(dir, fileName);
          out = createWriteStream(filePath, { flags: 'wx', mode: 0o600 });
          await new Promise<void>((resolve, reject) => {
            out!.once('open', () => resolve());
            out!.once('error', reject);
          });
        },
        write: async (chunk) => {
          size += chunk.length;
          if (size > this.maxBytes) throw new UploadTooLargeError(this.maxBytes);
          if (!out!.write(chunk)) {
            await new Promise<void>((resolve) => out!.once('drain', () => resolve()));
          }
        },
      });
      await closeStream(out);
      if (size === 0) throw new AppError('bad_request', `${fileName} is empty.`);
      const kind = await detectKind(filePath, fileName);
      const upload: Upload = {
        id,
        districtId: actor.districtId,
        userId: actor.userId,
        fileName,
        path: filePath,
        size,
        kind,
        createdAt: this.now(),
      };
      this.#uploads.set(id, upload);
      return upload;
    } catch (error) {
      (out as WriteStream | null)?.destroy();
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The actor's upload; someone else's, or an expired one, is "not found". */
  get(actor: Actor, id: string): Upload {
    assertCanImport(actor, actor.districtId);
    const upload = this.#uploads.get(id);
    if (
      !upload ||
      upload.districtId !== actor.districtId ||
      upload.userId !== actor.userId ||
      this.now() - upload.createdAt > UPLOAD_TTL_MS
    ) {
      throw notFound('The upload (uploads are kept for an hour; upload the file again)');
    }
    return upload;
  }

  /** A folder beside the upload for what is unpacked from it (a zip's files). */
  workDir(upload: Upload): string {
    // Sanitised names never start with a dot, so this cannot be the upload's own name.
    return path.join(path.dirname(upload.path), '.unpacked');
  }

  async remove(id: string): Promise<void> {
    const upload = this.#uploads.get(id);
    this.#uploads.delete(id);
    if (upload) await fs.rm(path.dirname(upload.path), { recursive: true, force: true });
  }

  /** Deletes uploads older than an hour. */
  async sweep(): Promise<void> {
    const stale = [...this.#uploads.values()].filter(
      (u) => this.now() - u.createdAt > UPLOAD_TTL_MS,
    );
    for (const u of stale) await this.remove(u.id);
  }
}

function closeStream(out: WriteStream | null): Promise<void> {
  if (!out) return Promise.resolve();
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

const stores = new Map<string, UploadStore>();

/** The one store for a data directory (the server's TANDEM_DATA_DIR). */
export function uploadStoreFor(dataDir: string): UploadStore {
  let store = stores.get(dataDir);
  if (!store) {
    store = new UploadStore(path.join(dataDir, 'uploads'));
    stores.set(dataDir, store);
  }
  return store;
}
