/**
 * Seeds for the fuzzers (issue 22): a run reproduces. By default (CI) each fuzzer uses its
 * own fixed list of seeds; `FUZZ_SEED=<n>[,<m>…]` replays exactly those; `FUZZ_RANDOM=1`
 * draws `FUZZ_ROUNDS` fresh ones (default: as many as the fixed list) to explore. The
 * seeds are always printed, and a seed that ever failed is added to the fuzzer's
 * `regressions` list, where it runs as a named test on every run.
 */
import { randomInt } from 'node:crypto';

/** A seed that once failed, kept as a named test. */
export interface RegressionSeed {
  seed: number;
  /** What failed, and when (so the test's name says why it is there). */
  note: string;
}

/** The seeds a fuzzer runs now, printed; `legacyEnv` names an older per-fuzzer replay variable still honoured. */
export function fuzzSeeds(name: string, fixed: readonly number[], legacyEnv?: string): number[] {
  const replay = process.env.FUZZ_SEED ?? (legacyEnv ? process.env[legacyEnv] : undefined);
  let seeds: number[];
  let how: string;
  if (replay !== undefined && replay !== '') {
    seeds = replay.split(',').map((part) => Number(part.trim()));
    if (seeds.some((seed) => !Number.isSafeInteger(seed) || seed < 0)) throw new Error(`FUZZ_SEED must be whole numbers separated by commas, not "${replay}"`);
    how = 'replayed from FUZZ_SEED';
  } else if (process.env.FUZZ_RANDOM === '1') {
    const rounds = Number(process.env.FUZZ_ROUNDS ?? fixed.length);
    seeds = Array.from({ length: rounds }, () => randomInt(1_000_000_000));
    how = 'random (FUZZ_RANDOM=1)';
  } else {
    seeds = [...fixed];
    how = 'fixed';
  }
  console.log(`[${name}] seeds ${seeds.join(', ')} (${how}); replay with FUZZ_SEED=<seed>`);
  return seeds;
}
