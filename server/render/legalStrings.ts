/** The consolidated text's own words (issue 24), in each workspace language. */
import { formatReleaseDate } from './releaseStrings.js';

export interface LegalStrings {
  title: (date: string) => string;
  basis: (version: string, inForceFrom: string) => string;
  modified: (version: string, inForceFrom: string) => string;
  inserted: (version: string, inForceFrom: string) => string;
  earlier: string;
  pointsInTime: string;
}

const STRINGS: Record<string, LegalStrings> = {
  nl: {
    title: (d) => `Geconsolideerde tekst op ${d}`,
    basis: (v, d) => `Tekst van release ${v}, van kracht sinds ${d}.`,
    modified: (v, d) => `Gewijzigd door release ${v}, van kracht sinds ${d}.`,
    inserted: (v, d) => `Ingevoegd door release ${v}, van kracht sinds ${d}.`,
    earlier: 'Vorige versie',
    pointsInTime: 'Andere data',
  },
  fr: {
    title: (d) => `Texte consolidé au ${d}`,
    basis: (v, d) => `Texte de la version ${v}, en vigueur depuis le ${d}.`,
    modified: (v, d) => `Modifié par la version ${v}, en vigueur depuis le ${d}.`,
    inserted: (v, d) => `Inséré par la version ${v}, en vigueur depuis le ${d}.`,
    earlier: 'Version précédente',
    pointsInTime: 'Autres dates',
  },
  en: {
    title: (d) => `Consolidated text on ${d}`,
    basis: (v, d) => `Text of release ${v}, in force from ${d}.`,
    modified: (v, d) => `Modified by release ${v}, in force from ${d}.`,
    inserted: (v, d) => `Inserted by release ${v}, in force from ${d}.`,
    earlier: 'Earlier version',
    pointsInTime: 'Other dates',
  },
};

/** The words of the consolidated text in a language (English when there are none). */
export function legalStrings(lang: string): LegalStrings {
  return STRINGS[lang] ?? STRINGS.en;
}

export { formatReleaseDate };
