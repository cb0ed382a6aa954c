/**
 * The fan-out grid: the P1 load at other sizes, one section, on the same server process
 * right after its P1 run: 1, 10 and 50 writers typing 5 updates/s each, with 0, 100 and
 * 200 readers. Each cell is a shorter P1 run (3 s warm-up, BENCH_FANOUT_MS window, 8 s by
 * default; 20 s for one writer, whose 5 updates a second would otherwise leave server CPU
 * per update at the resolution of the kernel's 10 ms clock ticks); the 50 × 200 cell is P1
 * itself. Each cell types into a paragraph of its own, 100 words to start with: typed into
 * one after the other, the shared paragraph had grown to 20–34k characters by the later
 * cells, and what the grid showed was that paragraph's size, not the fan-out. Without readers the writers apply each other's
 * edits and carry the latency samples (one writer alone has nobody to measure: its latency
 * is "-", its CPU per update still counts). Reported side by side, not judged.
 */
import { runP1, type P1Options, type P1Result } from './p1.js';
import type { Target } from './lib/target.js';

export const FANOUT_WRITERS = [1, 10, 50] as const;
export const FANOUT_READERS = [0, 100, 200] as const;

/** One cell of the grid. */
export interface FanoutCell {
  writers: number;
  readers: number;
  result: P1Result;
}

/** Runs every cell but `main` (writers × readers of P1, already measured), in grid order. */
export async function runFanout(target: Target, base: P1Options, main: P1Result | undefined, log: (line: string) => void): Promise<FanoutCell[]> {
  const measureMs = Number(process.env.BENCH_FANOUT_MS ?? 8_000);
  const cells: FanoutCell[] = [];
  for (const writers of FANOUT_WRITERS) {
    for (const readers of FANOUT_READERS) {
      if (main && writers === base.writers && readers === base.readers) {
        cells.push({ writers, readers, result: main });
        continue;
      }
      const options: P1Options = {
        ...base,
        writers,
        readers,
        sections: 1,
        sampledReaders: Math.min(base.sampledReaders, readers),
        lightWriters: readers > 0 && base.lightWriters,
        paragraphId: `bench-p1-grid-${writers}x${readers}`,
        warmupMs: 3_000,
        measureMs: writers === 1 ? Math.max(measureMs, 20_000) : measureMs,
      };
      cells.push({ writers, readers, result: await runP1(target, options, log) });
    }
  }
  return cells;
}
