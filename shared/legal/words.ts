/**
 * The words around article numbers (issue 24), per language. Numbers and their suffixes are
 * the same in every language ("3bis" everywhere); only these words change. Shared, because
 * the editor, the published pages and the exports all write them.
 */

interface LegalWords {
  /** At the start of an article's heading line. */
  article: string;
  /** Inside running text: "zie artikel 3bis". */
  articleRef: string;
  repealed: string;
  /** A reference whose target is gone from a draft that was never adopted. */
  deleted: string;
}

const WORDS: Record<string, LegalWords> = {
  nl: { article: 'Artikel', articleRef: 'artikel', repealed: 'opgeheven', deleted: 'verwijderd' },
  fr: { article: 'Article', articleRef: 'article', repealed: 'abrogé', deleted: 'supprimé' },
  en: { article: 'Article', articleRef: 'article', repealed: 'repealed', deleted: 'deleted' },
};

const wordsOf = (lang: string): LegalWords => WORDS[lang] ?? WORDS.en;

/** "Artikel 3bis", or "Artikel 7 (opgeheven)" for a repealed article. */
export function articleHeadingLabel(number: string, lang: string, repealed = false): string {
  const words = wordsOf(lang);
  return repealed ? `${words.article} ${number} (${words.repealed})` : `${words.article} ${number}`;
}

/** "artikel 3bis"; with no number (the target is gone) "artikel (verwijderd)". */
export function articleRefLabel(number: string | null, lang: string): string {
  const words = wordsOf(lang);
  return number === null ? `${words.articleRef} (${words.deleted})` : `${words.articleRef} ${number}`;
}
