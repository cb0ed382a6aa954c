// Hocuspocus 4 with its SQLite extension, as shipped (default debounce and flush settings),
// for the side-by-side benchmarks. Plain JS so it runs without a loader, like the reference.
// Environment: PORT, HOST, HOCUSPOCUS_DB (SQLite file).
import process from 'node:process';
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [new SQLite({ database: process.env.HOCUSPOCUS_DB ?? 'hocuspocus.sqlite' })],
});
await server.listen();
// Store what is pending, then exit (a profile, when one is being taken, is written on exit).
const stop = () => server.destroy().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
