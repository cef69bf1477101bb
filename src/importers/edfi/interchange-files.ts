// Finding and opening Ed-Fi XML interchange files: a directory stands for the .xml and .xml.gz
// files in it; each file is read once as a stream (gunzipped on the way in when it ends in .gz)
// and hashed as stored, so that a batch records exactly what it read.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../domain/shared/errors.ts';
import { streamXmlElements, type XmlNode } from './safe-xml.ts';

/** The .xml / .xml.gz files named, directories expanded (sorted by name, for a stable order). */
export async function listInterchangeFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await fs.stat(p).catch(() => null);
    if (!info) throw new AppError('not_found', `${p} was not found.`);
    if (info.isDirectory()) {
      const names = (await fs.readdir(p)).filter((n) => /\.xml(\.gz)?$/i.test(n)).sort();
      files.push(...names.map((n) => path.join(p, n)));
    } else files.push(p);
  }
  if (files.length === 0) {
    throw new AppError('bad_request', `No Ed-Fi XML files (.xml, .xml.gz) in ${paths.join(', ')}.`);
  }
  return [...new Set(files)];
}

export interface InterchangeRead {
  /** The document element's local name, e.g. 'InterchangeStaffAssociation'. */
  root: string;
  /** Whether the file was read to the end (false when its interchange is not used). */
  complete: boolean;
  sha256: string;
}

/**
 * Streams the children of the document element whose names `wanted` lists. When the root is
 * not an interchange this importer uses (`usesRoot` false), reading stops there.
 */
export async function readInterchange(
  file: string,
  wanted: ReadonlySet<string>,
  usesRoot: (root: string) => boolean,
  onElement: (node: XmlNode) => void,
): Promise<InterchangeRead> {
  const name = path.basename(file);
  const raw = createReadStream(file);
  const hash = createHash('sha256');
  raw.on('data', (chunk) => hash.update(chunk));
  const tap = new PassThrough();
  raw.on('error', (error) => tap.destroy(error));
  raw.pipe(tap);
  let source: Readable = tap;
  if (/\.gz$/i.test(file)) {
    const gunzip = createGunzip();
    tap.on('error', (error) => gunzip.destroy(error));
    source = tap.pipe(gunzip);
  }
  let root = '';
  let used = true;
  try {
    const elements = streamXmlElements(source, {
      fileName: name,
      onRoot: (r) => {
        root = r;
        used = usesRoot(r);
        return used;
      },
      select: (element, ancestors) => used && ancestors.length === 1 && wanted.has(element),
    });
    for await (const node of elements) onElement(node);
  } catch (error) {
    throw describeReadError(name, error);
  } finally {
    raw.destroy();
  }
  if (!root.startsWith('Interchange')) {
    const reason = `is not an Ed-Fi interchange (its root element is <${root || '?'}>)`;
    throw new AppError('bad_request', `${name} ${reason}.`, {
      problems: [{ field: `${name}:1`, message: reason }],
    });
  }
  return { root, complete: used, sha256: used ? hash.digest('hex') : '' };
}

function describeReadError(name: string, error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Error && 'code' in error && error.code === 'Z_DATA_ERROR') {
    return new AppError('bad_request', `${name}: not a valid gzip file.`, { cause: error });
  }
  return error;
}
