/**
 * Worker thread for file conversion: mammoth, markdown-it and the DOM parse take seconds
 * for a large handbook, and on the main thread they would stall every room's queue.
 *
 * Protocol (see convertOffThread.ts): one `{ name, data }` in; out goes the Result of
 * convertFile without its blocks (`head`), then the blocks in slices of about
 * SLICE_BYTES, one each time the main thread asks for `more`. Reading a whole large
 * result at once would cost the main thread a few hundred milliseconds of deserialising;
 * a slice costs it a few.
 */
import { parentPort } from 'node:worker_threads';
import type { PmJson } from '../../shared/editor/json.js';
import { convertFile } from './convertFile.js';

/** Serialised size of one slice of blocks (a single larger block goes alone). */
const SLICE_BYTES = 128 * 1024;

/** Cuts blocks into slices of about SLICE_BYTES (measured as JSON, which tracks the clone's cost). */
function slices(blocks: readonly PmJson[]): PmJson[][] {
  const out: PmJson[][] = [];
  let current: PmJson[] = [];
  let bytes = 0;
  for (const block of blocks) {
    const size = JSON.stringify(block).length;
    if (current.length && bytes + size > SLICE_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(block);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

parentPort?.once('message', (message: { name: string; data: Uint8Array }) => {
  convertFile(message.name, Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength)).then(
    (result) => {
      if (!result.ok) return parentPort!.postMessage({ kind: 'head', result, slices: 0 });
      const pending = slices(result.value.blocks);
      parentPort!.postMessage({ kind: 'head', result: { ok: true, value: { ...result.value, blocks: [] } }, slices: pending.length });
      let next = 0;
      parentPort!.on('message', () => parentPort!.postMessage({ kind: 'blocks', blocks: pending[next++] ?? [] }));
    },
    (error: unknown) => parentPort!.postMessage({ kind: 'error', error: (error as Error).message ?? String(error) }),
  );
});
