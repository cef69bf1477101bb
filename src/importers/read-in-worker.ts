// Reads a file in a worker thread (read-worker.ts) while the caller writes what it sends: on
// PGlite, which runs the database in the importing thread, parsing and mapping then run beside
// the writing instead of taking turns with it (docs/decisions/005-imports.md, "Reading beside
// the writing"). The chunks are written one at a time, in order; the worker is stopped whatever
// happens.
//
// Starting a worker (a thread, then its bundle and csv-parse loaded) took 130–190 ms before it
// read a row, while the import waited. A program that knows it will import — `tandem import`,
// the server (server/serve.ts) — starts one ahead (prestartReadWorker), while it opens the
// database, and the import takes it ready.
import { Worker } from 'node:worker_threads';
import { AppError } from '../domain/shared/errors.ts';
import type { ReadChunk, ReadProgress, ReadResult } from './read-chunks.ts';
import type { FromWorker, ReadTask, ToWorker, WorkerError } from './read-worker-protocol.ts';
import { readWorkerBundle } from './read-worker-bundle.ts';

/** A worker started ahead, waiting for its task; `isAlive` false once it has stopped. */
interface Spare {
  worker: Promise<Worker>;
  isAlive: boolean;
}

let spare: Spare | null = null;
let isKeptReady = false;

/**
 * Starts a reading worker now, for the next import to take ready (one at most; nothing if one
 * is waiting). With `keepReady`, another is started after each import that took one, for a
 * program that imports again (the server). A worker waiting does not keep the process alive.
 */
export function prestartReadWorker(options: { keepReady?: boolean } = {}): void {
  if (options.keepReady !== undefined) isKeptReady = options.keepReady;
  if (spare) return;
  const started: Spare = { worker: startWorker(), isAlive: true };
  spare = started;
  started.worker.then(
    (worker) => {
      worker.unref();
      // A worker that fails while it waits must not take the process with it (an 'error' with
      // no listener is thrown); it is then simply not used.
      worker.on('error', () => undefined);
      worker.once('exit', () => {
        started.isAlive = false;
        if (spare === started) spare = null;
      });
    },
    () => {
      started.isAlive = false;
      if (spare === started) spare = null;
    },
  );
}

/** The worker started ahead, if one is waiting. */
export function waitingReadWorker(): Promise<Worker> | null {
  return spare?.worker ?? null;
}

/** Stops starting workers ahead, and the one waiting (a server closing; tests). */
export async function stopReadWorkers(): Promise<void> {
  isKeptReady = false;
  const waiting = spare;
  spare = null;
  const worker = await waiting?.worker.catch(() => null);
  await worker?.terminate();
}

async function startWorker(): Promise<Worker> {
  return new Worker(await readWorkerBundle(), {
    // Reading holds a few chunks; what it allocates per row dies young. Bounds well above
    // what it needs keep its garbage from lifting the import's peak memory (issue #3: under
    // 300 MB), as the importing thread's own flags do (bin/import-heap.js). Where those flags
    // set the semi-spaces (`tandem import`), V8 gives the worker the same, whatever this says.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
}

/** The worker started ahead if it is still there, else a new one. */
async function takeWorker(): Promise<Worker> {
  const taken = spare;
  spare = null;
  if (taken) {
    const worker = await taken.worker.catch(() => null);
    // Alive now means alive until this turn ends: an exit from here on reaches the listeners
    // readInWorker adds in this turn.
    if (worker && taken.isAlive) {
      worker.ref();
      return worker;
    }
  }
  return startWorker();
}

export async function readInWorker(
  task: ReadTask,
  write: (chunk: ReadChunk) => Promise<void>,
  onProgress?: (progress: ReadProgress) => void,
): Promise<ReadResult> {
  const worker = await takeWorker();
  try {
    return await new Promise<ReadResult>((resolve, reject) => {
      let writing: Promise<void> = Promise.resolve();
      let isSettled = false;
      // A write still running finishes before the caller hears of a failure: the caller then
      // rolls back a transaction no statement of ours is using.
      const fail = (error: unknown) => {
        if (isSettled) return;
        isSettled = true;
        writing.then(
          () => reject(error),
          () => reject(error),
        );
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'progress') onProgress?.(message.progress);
        else if (message.type === 'chunk') {
          writing = writing
            .then(() => write(message.chunk))
            .then(() => worker.postMessage({ type: 'written' } satisfies ToWorker));
          writing.catch(fail);
        } else if (message.type === 'done') {
          // Every chunk is sent before 'done'; the result stands once they are written.
          writing.then(() => {
            if (isSettled) return;
            isSettled = true;
            resolve(message.result);
          }, fail);
        } else fail(rebuild(message.error));
      });
      worker.on('error', fail);
      worker.on('exit', (code) =>
        fail(new Error(`the import's reading worker stopped (exit code ${code})`)),
      );
      worker.postMessage({ type: 'task', task } satisfies ToWorker);
    });
  } finally {
    await worker.terminate();
    if (isKeptReady) prestartReadWorker();
  }
}

function rebuild(error: WorkerError): Error {
  if (error.kind === null) return new Error(error.message);
  return new AppError(error.kind, error.message, { problems: error.problems });
}
