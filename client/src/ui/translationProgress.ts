/**
 * A translation's progress as people read it (issue 20): "fr: 82% up to date · 9% outdated ·
 * 9% missing". Percentages of the units, rounded so that they add up to 100.
 */
import type { TranslationProgress } from '../../../shared/api.js';

/** Whole percentages of up to date, outdated and missing units (largest remainder, so they sum to 100). */
export function progressPercentages(progress: TranslationProgress): { upToDate: number; outdated: number; missing: number; total: number } {
  const total = progress.upToDate + progress.outdated + progress.missing;
  if (total === 0) return { upToDate: 0, outdated: 0, missing: 0, total };
  const keys = ['upToDate', 'outdated', 'missing'] as const;
  const exact = keys.map((key) => (progress[key] * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, rest: value - floors[index] })).sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] += 1;
    left -= 1;
  }
  return { upToDate: floors[0], outdated: floors[1], missing: floors[2], total };
}
