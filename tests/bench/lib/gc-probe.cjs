// Preloaded into both servers (`--expose-gc --require`): on SIGUSR2, run a full GC and write
// process.memoryUsage() to $BENCH_MEM_FILE, so P5 can read memory after a forced collection
// without touching the server's code.
const fs = require('node:fs');
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  const file = process.env.BENCH_MEM_FILE;
  if (!file) return;
  // Write then rename, so the reader never sees half a file.
  fs.writeFileSync(file + '.tmp', JSON.stringify({ ...process.memoryUsage(), at: Date.now() }));
  fs.renameSync(file + '.tmp', file);
});
