/**
 * Runs convertFile in a worker thread (one per file, ended after), so a large or hostile
 * import never blocks the event loop that serves the rooms (issue 19). The worker has a
 * heap of its own (`resourceLimits`) and a time limit: a file that needs more kills only
 * its worker and is answered with a failure naming the file and the limit. Conversions run
 * one at a time; a few more wait their turn, beyond that the server answers "busy".
 *
 * The worker's entry is a plain .mjs file that loads the TypeScript worker through tsx's
 * API: a worker thread does not get the main thread's `--import tsx` loader. There is no
 * in-process fallback: a conversion on the main thread is exactly what must not happen.
 */
import { Worker } from 'node:worker_threads';
import { LIMITS } from '../../shared/limits.js';
import { fail, succeed, type Result } from '../services/result.js';
import type { PmJson } from '../../shared/editor/json.js';
import type { ConvertedFile } from './convertFile.js';

const WORKER_URL = new URL('./convertWorkerBoot.mjs', import.meta.url);

/** The worker's bounds (the defaults are LIMITS'; tests lower them). */
export interface ConvertLimits {
  heapMb: number;
  timeLimitMs: number;
}

export const DEFAULT_CONVERT_LIMITS: ConvertLimits = { heapMb: LIMITS.importWorkerHeapMb, timeLimitMs: LIMITS.importTimeLimitMs };

/** How the last conversions went (for tests and /healthz-style checks). */
export const conversionStats = { started: 0, crashed: 0, timedOut: 0 };

/** What the worker sends (convertWorker.ts): the result without blocks, then slices of blocks. */
type WorkerMessage =
  | { kind: 'head'; result: Result<ConvertedFile>; slices: number }
  | { kind: 'blocks'; blocks: PmJson[] }
  | { kind: 'error'; error: string };

let running = 0;
const waiting: (() => void)[] = [];

/** Converts a file off the main thread, within the limits. */
export async function convertOffThread(name: string, data: Buffer, limits: ConvertLimits = DEFAULT_CONVERT_LIMITS): Promise<Result<ConvertedFile>> {
  if (running > 0) {
    if (waiting.length >= LIMITS.importQueueLength) return fail('unavailable', `${name} was not converted: the server is converting other files; try again in a minute`, 'file');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await runWorker(name, data, limits);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runWorker(name: string, data: Buffer, limits: ConvertLimits): Promise<Result<ConvertedFile>> {
  conversionStats.started++;
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, {
      // The parent's `--import tsx` is not what loads TypeScript here (the boot file does).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, Math.floor(limits.heapMb / 8))) },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (result: Result<ConvertedFile>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => {
      conversionStats.timedOut++;
      settle(fail('unprocessable', `${name} took longer to convert than an import may take (${limits.timeLimitMs / 1000} s); split it into several files`, 'file', 'importTimeLimitMs'));
    }, limits.timeLimitMs);
    let received: ConvertedFile | null = null;
    let remaining = 0;
    /** Asks for the next slice of blocks after the event loop has had a turn (rooms, /healthz). */
    const askMore = () => setImmediate(() => !settled && worker.postMessage('more'));
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'error' || (message.kind === 'head' && !message.result)) {
        conversionStats.crashed++;
        return settle(fail('unprocessable', `${name} could not be converted (${(message.kind === 'error' ? message.error : 'no result').slice(0, 160)})`, 'file'));
      }
      if (message.kind === 'head') {
        if (!message.result.ok) return settle(message.result);
        received = message.result.value;
        // Buffers come back from the worker as plain Uint8Arrays.
        for (const image of received.images) image.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
        remaining = message.slices;
      } else {
        received!.blocks.push(...message.blocks);
        remaining--;
      }
      if (remaining > 0) askMore();
      else settle(succeed(received!));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      conversionStats.crashed++;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap out of memory/i.test(error.message)) {
        return settle(fail('payload_too_large', `${name} needs more memory to convert than an import may use (${limits.heapMb} MiB); split it into several files`, 'file', 'importWorkerHeapMb'));
      }
      // A stack overflow or any other crash of the converters: the file, not the server.
      settle(fail('unprocessable', `${name} could not be converted (${error.message.slice(0, 160)})`, 'file'));
    });
    worker.once('exit', () => settle(fail('unprocessable', `${name} could not be converted (the converter stopped)`, 'file')));
    worker.postMessage({ name, data });
  });
}
