/**
 * Mentions in comment bodies (flow 3, X1): the `@query` being typed, matching people and
 * organisations, and splitting bodies into text and mention pieces, never HTML.
 */
import { describe, expect, it } from 'vitest';
import { matchCandidates, mentionQuery, splitMentions } from '../../client/src/comments/mentions.js';

const people = [
  { name: 'Lotte Janssens' },
  { name: 'Thomas Peeters' },
  { name: 'Buurtwerk Noordwijk' },
];

describe('mentions', () => {
  it('finds the @query before the caret, only at a word start', () => {
    expect(mentionQuery('Hi @Lot', 7)).toEqual({ start: 3, query: 'Lot' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionQuery('@Lotte\nnext', 11)).toBeNull();
  });

  it('matches names by any word, and stops once a whole name is followed by a space', () => {
    expect(matchCandidates(people, 'jan').map((p) => p.name)).toEqual(['Lotte Janssens']);
    expect(matchCandidates(people, 'noord').map((p) => p.name)).toEqual(['Buurtwerk Noordwijk']);
    expect(matchCandidates(people, '')).toHaveLength(3);
    expect(matchCandidates(people, 'Lotte Janssens')).toHaveLength(1);
    expect(matchCandidates(people, 'Lotte Janssens ')).toEqual([]);
    expect(matchCandidates(people, 'Lotte Janssens klopt')).toEqual([]);
  });

  it('[X1] splits bodies into text and @Name pieces; markup stays text', () => {
    const body = '<img src=x onerror=alert(1)> @Lotte Janssens and @Lotte and @Buurtwerk Noordwijk!';
    expect(splitMentions(body, ['Lotte Janssens', 'Buurtwerk Noordwijk'])).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mention: false },
      { text: '@Lotte Janssens', mention: true },
      { text: ' and @Lotte and ', mention: false },
      { text: '@Buurtwerk Noordwijk', mention: true },
      { text: '!', mention: false },
    ]);
    expect(splitMentions('plain', [])).toEqual([{ text: 'plain', mention: false }]);
  });
});
