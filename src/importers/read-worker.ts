// The reading worker's entry (bundled by read-worker-bundle.ts, started by read-in-worker.ts,
// perhaps ahead of the import): given its task, opens the file, binds the mapping to its header
// and runs readChunks, posting each chunk to the importing thread, which writes it while this
// thread reads on. It waits when CHUNKS_AHEAD chunks are unwritten, so memory stays bounded
// however far reading outruns writing.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../domain/shared/errors.ts';
import { bindMapping } from './apply.ts';
import { readChunks } from './read-chunks.ts';
import {
  CHUNKS_AHEAD,
  type FromWorker,
  type ReadTask,
  type ToWorker,
  type WorkerError,
} from './read-worker-protocol.ts';
import { openTable } from './xlsx/open-table.ts';

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs as a worker thread (read-in-worker.ts)');
const send = (message: FromWorker) => port.postMessage(message);

let unwritten = 0;
let wake: (() => void) | null = null;
let isStarted = false;
port.on('message', (message: ToWorker) => {
  if (message.type === 'task') {
    if (isStarted) return;
    isStarted = true;
    run(message.task).catch((error: unknown) => send({ type: 'failed', error: describe(error) }));
    return;
  }
  unwritten--;
  wake?.();
  wake = null;
});

async function run(task: ReadTask): Promise<void> {
  const reader = await openTable(task.path, () => undefined, {
    raggedRows: 'yield',
    ...(task.sheet === undefined ? {} : { sheet: task.sheet }),
  });
  const { bound, problems } = bindMapping(task.mapping, reader.header, task.fileName);
  if (!bound) {
    reader.close();
    const first = problems[0];
    throw new AppError('bad_request', `${task.fileName}: ${first?.reason ?? 'unreadable header'}`);
  }
  const result = await readChunks(
    reader,
    {
      bound,
      fileName: task.fileName,
      onProblems: task.onProblems,
      unknownSchools: task.unknownSchools,
      knownSchools: new Set(task.knownSchools),
      maxProblems: task.maxProblems,
      onProgress: (progress) => send({ type: 'progress', progress }),
    },
    async (chunk) => {
      while (unwritten >= CHUNKS_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      unwritten++;
      send({ type: 'chunk', chunk });
    },
  );
  send({ type: 'done', result });
}

function describe(error: unknown): WorkerError {
  if (error instanceof AppError) {
    return { kind: error.kind, message: error.message, problems: error.problems };
  }
  return {
    kind: null,
    message: error instanceof Error ? error.message : String(error),
    problems: [],
  };
}
