/**
 * Runs convertFile in a worker thread (one per file, ended after), so a large import never
 * blocks the event loop that serves the rooms. The server always runs through tsx
 * (`node --import tsx`), so the worker is started with the same loader; where a worker
 * cannot start, the file is converted in-process instead. The converters (mammoth, linkedom,
 * markdown-it: about 8 MiB of heap) are loaded in the main thread only for that fallback.
 */
import { Worker } from 'node:worker_threads';
import type { Result } from '../services/result.js';
import type { ConvertedFile } from './convertFile.js';

/** Converts in this thread, loading the converters on first use. */
async function convertHere(name: string, data: Buffer): Promise<Result<ConvertedFile>> {
  const { convertFile } = await import('./convertFile.js');
  return convertFile(name, data);
}

const WORKER_URL = new URL(`./convertWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Converts a file off the main thread. */
export function convertOffThread(name: string, data: Buffer): Promise<Result<ConvertedFile>> {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [] });
  } catch {
    return convertHere(name, data);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (message: { result?: Result<ConvertedFile>; error?: string }) => {
      settled = true;
      void worker.terminate();
      if (message.error !== undefined) return reject(new Error(message.error));
      const result = message.result!;
      if (result.ok) {
        // Buffers come back from the worker as plain Uint8Arrays.
        for (const image of result.value.images) image.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
      }
      resolve(result);
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      // A worker that cannot load (no loader here) falls back to converting in-process.
      convertHere(name, data).then(resolve, reject);
      void error;
    });
    worker.postMessage({ name, data });
  });
}
