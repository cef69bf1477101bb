// The import API's shapes (type-only imports of the server's schemas: nothing of the server is
// bundled) and the one request the shared client cannot make: a multipart upload.
import type { z } from 'zod';
import type {
  BatchListSchema,
  JobSchema,
  MappingListSchema,
  PreviewSchema,
  RollbackSchema,
  StatewideInfoSchema,
  UploadSchema,
} from '../../../server/imports-schemas.ts';
import { ApiError } from '../../api/client.ts';
import type { Problem } from '../../api/types.ts';

export type MappingList = z.infer<typeof MappingListSchema>;
export type BuiltInMapping = MappingList['mappings'][number];
export type UploadInfo = z.infer<typeof UploadSchema>;
export type Preview = z.infer<typeof PreviewSchema>;
export type TablePreview = Extract<Preview, { kind: 'table' }>;
export type ImportProblem = Preview['problems'][number];
export type ImportJob = z.infer<typeof JobSchema>;
export type Batch = z.infer<typeof BatchListSchema>['batches'][number];
export type Rollback = z.infer<typeof RollbackSchema>;
export type StatewideInfo = z.infer<typeof StatewideInfoSchema>;

/** Sends the file as multipart/form-data, which the server streams to disk. */
export async function uploadFile(file: File, csrfToken: string): Promise<UploadInfo> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/imports/uploads', {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'No connection',
      status: 0,
      detail: 'The file could not be sent. Check your connection and try again.',
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as UploadInfo;
  const problem = body as Partial<Problem> | null;
  throw new ApiError({
    type: problem?.type ?? 'about:blank',
    title: problem?.title ?? 'Upload failed',
    status: response.status,
    detail: problem?.detail ?? `The upload failed (HTTP ${response.status}).`,
  });
}

/** '1.2 MB', '340 KB', '812 bytes'. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}
