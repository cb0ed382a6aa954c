/** The consolidated text's own words (issue 24), in each workspace language. */
import { formatReleaseDate } from './releaseStrings.js';

export interface LegalStrings {
  title: (date: string) => string;
  basis: (version: string, inForceFrom: string) => string;
  modified: (version: string, inForceFrom: string) => string;
  inserted: (version: string, inForceFrom: string) => string;
  earlier: string;
  pointsInTime: string;
  /** "Art. 5 en 7bis gewijzigd, art. 3ter ingevoegd, art. 9 opgeheven." */
  changes: (amended: string, inserted: string, repealed: string) => string;
  and: string;
}

/** "Art. 5 gewijzigd, art. 9 opgeheven." from the parts that are there. */
function sentence(parts: (string | false)[]): string {
  const present = parts.filter((part): part is string => Boolean(part));
  if (!present.length) return '';
  const joined = present.join(', ');
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}.`;
}

const STRINGS: Record<string, LegalStrings> = {
  nl: {
    title: (d) => `Geconsolideerde tekst op ${d}`,
    basis: (v, d) => `Tekst van release ${v}, van kracht sinds ${d}.`,
    modified: (v, d) => `Gewijzigd door release ${v}, van kracht sinds ${d}.`,
    inserted: (v, d) => `Ingevoegd door release ${v}, van kracht sinds ${d}.`,
    earlier: 'Vorige versie',
    pointsInTime: 'Andere data',
    changes: (a, i, r) => sentence([a && `${a} gewijzigd`, i && `${i} ingevoegd`, r && `${r} opgeheven`]),
    and: 'en',
  },
  fr: {
    title: (d) => `Texte consolidé au ${d}`,
    basis: (v, d) => `Texte de la version ${v}, en vigueur depuis le ${d}.`,
    modified: (v, d) => `Modifié par la version ${v}, en vigueur depuis le ${d}.`,
    inserted: (v, d) => `Inséré par la version ${v}, en vigueur depuis le ${d}.`,
    earlier: 'Version précédente',
    pointsInTime: 'Autres dates',
    changes: (a, i, r) => sentence([a && `${a} modifié(s)`, i && `${i} inséré(s)`, r && `${r} abrogé(s)`]),
    and: 'et',
  },
  en: {
    title: (d) => `Consolidated text on ${d}`,
    basis: (v, d) => `Text of release ${v}, in force from ${d}.`,
    modified: (v, d) => `Modified by release ${v}, in force from ${d}.`,
    inserted: (v, d) => `Inserted by release ${v}, in force from ${d}.`,
    earlier: 'Earlier version',
    pointsInTime: 'Other dates',
    changes: (a, i, r) => sentence([a && `${a} amended`, i && `${i} inserted`, r && `${r} repealed`]),
    and: 'and',
  },
};

/** The words of the consolidated text in a language (English when there are none). */
export function legalStrings(lang: string): LegalStrings {
  return STRINGS[lang] ?? STRINGS.en;
}

export { formatReleaseDate };

/** "art. 5 en 7bis", "art. 3, 4 en 7bis" (empty for none). */
export function articleList(numbers: readonly string[], lang: string): string {
  if (!numbers.length) return '';
  const words = legalStrings(lang);
  const list = numbers.length === 1 ? numbers[0] : `${numbers.slice(0, -1).join(', ')} ${words.and} ${numbers[numbers.length - 1]}`;
  return `art. ${list}`;
}

/** The changelog's sentence about articles, or '' when none changed. */
export function articleChangesSentence(changes: { amended: string[]; inserted: string[]; repealed: string[] }, lang: string): string {
  return legalStrings(lang).changes(articleList(changes.amended, lang), articleList(changes.inserted, lang), articleList(changes.repealed, lang));
}
