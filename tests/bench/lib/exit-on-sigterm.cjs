// Preloaded into the reference server when profiling: it has no SIGTERM handler, and node
// writes --cpu-prof files only on a normal exit.
process.on('SIGTERM', () => process.exit(0));
