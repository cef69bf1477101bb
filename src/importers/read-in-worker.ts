// Reads a file in a worker thread (read-worker.ts) while the caller writes what it sends: on
// PGlite, which runs the database in the importing thread, parsing and mapping then run beside
// the writing instead of taking turns with it (docs/decisions/005-imports.md, "Reading beside
// the writing"). The chunks are written one at a time, in order; the worker is stopped whatever
// happens.
import { Worker } from 'node:worker_threads';
import { AppError } from '../domain/shared/errors.ts';
import type { ReadChunk, ReadProgress, ReadResult } from './read-chunks.ts';
import type { FromWorker, ReadTask, ToWorker, WorkerError } from './read-worker-protocol.ts';
import { readWorkerBundle } from './read-worker-bundle.ts';

export async function readInWorker(
  task: ReadTask,
  write: (chunk: ReadChunk) => Promise<void>,
  onProgress?: (progress: ReadProgress) => void,
): Promise<ReadResult> {
  const worker = new Worker(await readWorkerBundle(), {
    workerData: task,
    // Reading holds a few chunks; what it allocates per row dies young. Bounds well above
    // what it needs keep its garbage from lifting the import's peak memory (issue #3: under
    // 300 MB), as the importing thread's own flags do (bin/import-heap.js). Where those flags
    // set the semi-spaces (`tandem import`), V8 gives the worker the same, whatever this says.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
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
    });
  } finally {
    await worker.terminate();
  }
}

function rebuild(error: WorkerError): Error {
  if (error.kind === null) return new Error(error.message);
  return new AppError(error.kind, error.message, { problems: error.problems });
}
