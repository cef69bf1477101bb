// What the importing thread and its reading worker (read-worker.ts) say to each other. Both ends
// are this program, so the messages are typed rather than parsed: the file itself is read, and
// checked, in the worker as it would be in the importing thread.
import type { AppErrorKind, FieldProblem } from '../domain/shared/errors.ts';
import type { Mapping } from './mapping.ts';
import type { OnProblems, ReadChunk, ReadProgress, ReadResult } from './read-chunks.ts';

export interface ReadTask {
  path: string;
  /** The worksheet of an .xlsx to read (the first by default). */
  sheet?: string | undefined;
  fileName: string;
  mapping: Mapping;
  onProblems: OnProblems;
  unknownSchools: 'error' | 'skip';
  knownSchools: string[];
  maxProblems: number;
}

/** A chunk the worker may send before the importing thread has written the earlier ones: one
 * being written, one waiting, while the worker fills the next. */
export const CHUNKS_AHEAD = 2;

export type FromWorker =
  | { type: 'progress'; progress: ReadProgress }
  | { type: 'chunk'; chunk: ReadChunk }
  | { type: 'done'; result: ReadResult }
  | { type: 'failed'; error: WorkerError };

/** The file to read (the first message), then, for each chunk, that it has been written and the
 * worker may send one more. */
export type ToWorker = { type: 'task'; task: ReadTask } | { type: 'written' };

export interface WorkerError {
  /** Set for an AppError (a problem with the file, told to the user as it is). */
  kind: AppErrorKind | null;
  message: string;
  problems: FieldProblem[];
}
