/**
 * P4's yardstick: a bare Express app with `express.static` serving a directory, on the port
 * given (`node --import tsx tests/bench/lib/p4-static.ts <dir> <port>`), with the same Node
 * flags as our server. Prints "ready" once listening.
 */
import express from 'express';

const [dir, port] = process.argv.slice(2);
const app = express();
app.use(express.static(dir));
const server = app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
