/**
 * Plain-JavaScript entry of the conversion worker. A worker thread does not inherit the
 * main thread's tsx loader (`node --import tsx` registers hooks for the main thread only;
 * `execArgv: ['--import', 'tsx']` fails in a worker with "Unknown file extension .ts"),
 * so this file, which Node loads as is, imports the TypeScript worker through tsx's API.
 */
import { tsImport } from 'tsx/esm/api';

await tsImport('./convertWorker.ts', import.meta.url);
