/** A small seeded PRNG (mulberry32) so fuzz runs can be replayed from their printed seed. */
export interface Prng {
  seed: number;
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  word(): string;
}

const SYLLABLES = ['ko', 'op', 'er', 'a', 'tie', 'grond', 'huis', 'bu', 'urt', 'la', 'mai', 'son', 'quar', 'tier', ' ', ' '];

/** Creates a PRNG from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
    word: () => Array.from({ length: 1 + int(3) }, () => SYLLABLES[int(SYLLABLES.length)]).join(''),
  };
}
