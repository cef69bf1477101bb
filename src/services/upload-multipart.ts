// Reading one file out of a multipart/form-data request body as it arrives (RFC 7578), so an
// upload of any size goes to disk in bounded memory: only the current chunk and the last few
// bytes that might begin a boundary are held. Hono's parseBody would buffer the whole body.
// The web app sends exactly one part named "file" (FormData); other parts are read past.
import { AppError } from '../domain/shared/errors.ts';

/** A part's headers may not exceed this: a hostile body cannot grow memory through them. */
const MAX_HEADER_BYTES = 16 * 1024;

export interface FilePartSink {
  /** Called once, when the file part's headers have been read. */
  start(fileName: string): Promise<void>;
  /** Each slice of the file's bytes, in order; may wait (back-pressure). */
  write(chunk: Buffer): Promise<void>;
}

/** The boundary of a multipart/form-data content type, or an error naming what is wrong. */
export function boundaryOf(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(
    contentType ?? '',
  );
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) {
    throw new AppError('bad_request', 'Send the file as multipart/form-data with a "file" part.');
  }
  return boundary;
}

/**
 * Streams the part named "file" to `sink`; returns its file name as the browser sent it, or
 * throws when the body has no such part or ends before its closing boundary.
 */
export async function readFilePart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  sink: FilePartSink,
): Promise<string> {
  // Every boundary line is preceded by CRLF except the first; starting with CRLF makes the
  // first match the same pattern.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer = Buffer.from('\r\n');
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let state = 'preamble' as State;
  let isFile = false;
  let fileName: string | null = null;

  const advance = async (isLast: boolean): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length));
          return false;
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buffer.length < 2) return false;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = 'done';
          return false;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return false;
        buffer = buffer.subarray(lineEnd + 2); // transport padding, then CRLF
        state = 'headers';
        return true;
      }
      case 'headers': {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES) {
            throw new AppError('bad_request', 'A part of the upload has oversized headers.');
          }
          return false;
        }
        const headers = buffer.subarray(0, end).toString('utf8');
        buffer = buffer.subarray(end + 4);
        const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
        const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
        const file = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
        isFile = name === 'file' && file !== undefined && fileName === null;
        if (isFile) {
          fileName = file ?? '';
          await sink.start(fileName);
        }
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buffer.indexOf(delimiter);
        // Without a delimiter, all but its length minus one bytes are surely the part's.
        const safe = at >= 0 ? at : Math.max(0, buffer.length - delimiter.length + 1);
        if (isFile && safe > 0) await sink.write(Buffer.from(buffer.subarray(0, safe)));
        buffer = buffer.subarray(safe);
        if (at < 0) return false;
        buffer = buffer.subarray(delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'done':
        return false;
    }
    return isLast;
  };

  for await (const chunk of body) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    while (await advance(false));
    if (state === 'done') break;
  }
  while (await advance(true));
  if (fileName === null) {
    throw new AppError('bad_request', 'The upload has no file (a form part named "file").');
  }
  if (state !== 'done') {
    throw new AppError('bad_request', 'The upload ended before the file did; try again.');
  }
  return fileName;
}
