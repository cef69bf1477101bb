// What a practice artifact may be (issue #6: "artifacts such as templates and protocols as
// uploaded files"; Evansville's teachers shared "templates and protocols", seed 001). Only
// document, spreadsheet, slide, text and image formats, each recognised from the file's name
// and confirmed from its first bytes, so that nothing is stored that a browser would run: no
// HTML, SVG or script. Downloads are always attachments with nosniff (OWASP File Upload Cheat
// Sheet: allow-list extensions, validate the content type, limit the size).
import { badRequest } from '../domain/shared/errors.ts';

/** 5 MiB: a protocol, a template or a slide deck; not video. */
export const MAX_ARTIFACT_BYTES = 5 * 1024 * 1024;
export const MAX_ARTIFACTS_PER_PRACTICE = 20;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
interface FileKind {
  mediaType: string;
  /** Leading bytes the content must start with; null for text, checked as UTF-8 instead. */
  magic: readonly number[] | null;
}

export const ARTIFACT_KINDS: Readonly<Record<string, FileKind>> = {
  pdf: { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: ZIP,
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    magic: ZIP,
  },
  png: { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  jpg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  txt: { mediaType: 'text/plain; charset=utf-8', magic: null },
  csv: { mediaType: 'text/csv; charset=utf-8', magic: null },
  md: { mediaType: 'text/markdown; charset=utf-8', magic: null },
};

export const ARTIFACT_EXTENSIONS = Object.keys(ARTIFACT_KINDS);

/** A file name safe to store and to put in a Content-Disposition header. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters and quotes would break the Content-Disposition header.
  const printable = [...base].filter((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code >= 0x20 && code !== 0x7f && ch !== '"';
  });
  return printable.join('').trim().slice(0, 120);
}

/** The artifact's media type, or a 400 saying what is allowed. */
export function checkArtifact(fileName: string, bytes: Uint8Array): { mediaType: string } {
  const name = cleanFileName(fileName);
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = ARTIFACT_KINDS[ext];
  const allowed = `Allowed: ${ARTIFACT_EXTENSIONS.map((e) => `.${e}`).join(', ')}.`;
  if (name === '' || kind === undefined) {
    throw badRequest(`“${name || fileName}” is not a file type the library keeps. ${allowed}`, [
      { field: 'fileName', message: allowed },
    ]);
  }
  if (bytes.length === 0) {
    throw badRequest('The file is empty.', [{ field: 'content', message: 'Empty file.' }]);
  }
  if (bytes.length > MAX_ARTIFACT_BYTES) {
    throw badRequest(`The file is larger than the limit of 5 MB.`, [
      { field: 'content', message: 'Larger than 5 MB.' },
    ]);
  }
  if (kind.magic) {
    const ok = kind.magic.every((b, i) => bytes[i] === b);
    if (!ok) {
      throw badRequest(`“${name}” does not look like a .${ext} file.`, [
        { field: 'content', message: `Not a .${ext} file.` },
      ]);
    }
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw badRequest(`“${name}” is not UTF-8 text.`, [
        { field: 'content', message: 'Not UTF-8 text.' },
      ]);
    }
    if (text.includes('\u0000') || /<\s*(html|script|svg|iframe)\b/i.test(text)) {
      throw badRequest(`“${name}” contains markup a browser would run; it is not kept.`, [
        { field: 'content', message: 'Contains HTML or script.' },
      ]);
    }
  }
  return { mediaType: kind.mediaType };
}
