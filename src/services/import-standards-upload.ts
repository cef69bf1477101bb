// An uploaded Ed-Fi interchange (.xml, .xml.gz, or a .zip of them) or OneRoster export (.zip of
// its CSV files) through standards-import.ts. A zip is unpacked beside the upload through the
// same zip-bomb checks as an XLSX (zip-guard.ts); each entry lands under its base name only, so
// no entry can write outside the folder, and only the file types the importers read are kept.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { openCheckedZip } from '../importers/xlsx/zip-guard.ts';
import { importEdFi, importOneRoster, type StandardsImportSummary } from './standards-import.ts';
import type { Upload, UploadStore } from './uploads.ts';

const WANTED = /\.(xml|xml\.gz|csv)$/i;

export async function importStandardsUpload(
  db: Db,
  actor: Actor,
  store: UploadStore,
  upload: Upload,
  options: { dryRun: boolean },
): Promise<StandardsImportSummary> {
  const files = /\.zip$/i.test(upload.fileName)
    ? await unpack(upload, store.workDir(upload))
    : upload.path;
  if (upload.kind === 'edfi') {
    return importEdFi(db, actor, {
      districtId: actor.districtId,
      paths: [files],
      fileName: upload.fileName,
      dryRun: options.dryRun,
    });
  }
  if (upload.kind === 'oneroster') {
    return importOneRoster(db, actor, {
      districtId: actor.districtId,
      dir: files,
      fileName: upload.fileName,
      dryRun: options.dryRun,
    });
  }
  throw new AppError('bad_request', `${upload.fileName} is a table; import it with a mapping.`);
}

/** Unpacks the zip once (later calls reuse the folder); returns the folder. */
async function unpack(upload: Upload, dir: string): Promise<string> {
  if (await fs.stat(dir).catch(() => null)) return dir;
  const partial = `${dir}-partial`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(partial, { mode: 0o700 });
  const zip = await openCheckedZip(upload.path, upload.fileName);
  try {
    const seen = new Set<string>();
    for (const name of zip.entries.keys()) {
      const base = path.posix.basename(name);
      if (name.endsWith('/') || !WANTED.test(base) || base.startsWith('.')) continue;
      if (seen.has(base.toLowerCase())) {
        throw new AppError('bad_request', `${upload.fileName} holds two files named ${base}.`);
      }
      seen.add(base.toLowerCase());
      const { stream } = await zip.open(name);
      await pipeline(stream, createWriteStream(path.join(partial, base), { flags: 'wx' }));
    }
  } finally {
    zip.close();
  }
  await fs.rename(partial, dir);
  return dir;
}
