/**
 * Worker thread for file conversion: mammoth, markdown-it and the DOM parse take seconds
 * for a large handbook, and on the main thread they would stall every room's queue. One
 * message in (`{ name, data }`), one out (the Result of convertFile).
 */
import { parentPort } from 'node:worker_threads';
import { convertFile } from './convertFile.js';

parentPort?.on('message', (message: { name: string; data: Uint8Array }) => {
  convertFile(message.name, Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength)).then(
    (result) => parentPort!.postMessage({ result }),
    (error: unknown) => parentPort!.postMessage({ error: (error as Error).message ?? String(error) }),
  );
});
