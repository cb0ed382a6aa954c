/** Word counts of the activity view (issue 21): words compared as words, suggested deletions left out. */
import { describe, expect, it } from 'vitest';
import { acceptedText, wordChanges } from '../../server/services/editWords.js';

describe('word counts', () => {
  it('[issue 21] counts words added and removed, not characters or punctuation', () => {
    expect(wordChanges('De trust beheert de grond.', 'De trust beheert samen de bodem voor altijd.')).toEqual({ added: 4, removed: 1 });
    expect(wordChanges('Vier woorden hier.', 'Vier woorden hier. Twee woorden')).toEqual({ added: 2, removed: 0 });
    expect(wordChanges('Zelfde tekst', 'Zelfde  tekst!')).toEqual({ added: 0, removed: 0 });
    expect(wordChanges('', 'l’habitat coopératif')).toEqual({ added: 2, removed: 0 });
  });

  it('[issue 21] reads a block as if its suggestions were accepted', () => {
    const block = {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Partners bouwen ' },
        { type: 'text', text: 'samen ', marks: [{ type: 'insertion', attrs: { id: 'a', author: 'u' } }] },
        { type: 'text', text: 'voor iedereen', marks: [{ type: 'deletion', attrs: { id: 'b', author: 'u' } }] },
        { type: 'text', text: ' woningen.' },
      ],
    };
    expect(acceptedText(block)).toBe('Partners bouwen samen  woningen.');
  });
});
