/** The published site's own words (page chrome and the feedback script), in each workspace language. */
export interface ReleaseStrings {
  contents: string;
  search: { label: string; button: string; title: (q: string) => string; none: string; prompt: string };
  notes: string;
  version: (version: string) => string;
  published: (date: string) => string;
  changes: string;
  compare: string;
  compareWith: string;
  show: string;
  exportHtml: string;
  exportMarkdown: string;
  exportDocx: string;
  permalink: string;
  skip: string;
  languages: string;
  notTranslated: string;
  /** Beside a passage whose translation was outdated when the release was published (issue 20). */
  mayBeOutdated: string;
  /** The bilingual booklet (issue 20): its links, its subtitle, and an empty cell's note. */
  exportBooklet: (pair: string) => string;
  exportBookletDocx: (pair: string) => string;
  bookletTitle: (lead: string, target: string) => string;
  bookletNotTranslated: string;
  firstRelease: string;
  since: (version: string) => string;
  added: string;
  changed: string;
  removed: string;
  suggestionsAccepted: (n: number) => string;
  contributors: string;
  threadsAddressed: (n: number) => string;
  noChanges: string;
  wholeRelease: string;
  diffTitle: (from: string, to: string) => string;
  unchanged: (n: number) => string;
  inserted: string;
  deleted: string;
  feedback: { leave: string; remark: string; name: string; send: string; cancel: string; thanks: string; moderated: string; failed: string; limited: string };
}

const en: ReleaseStrings = {
  contents: 'Contents',
  search: { label: 'Search this release', button: 'Search', title: (q) => `Results for “${q}”`, none: 'Nothing in this release matches.', prompt: 'Type a word or a phrase.' },
  notes: 'Release notes',
  version: (v) => `version ${v}`,
  published: (d) => `Published ${d}`,
  changes: 'What changed',
  compare: 'Compare with an earlier release',
  compareWith: 'Earlier release',
  show: 'Show the differences',
  exportHtml: 'Download (HTML, one file)',
  exportMarkdown: 'Download (Markdown, zip)',
  exportDocx: 'Download (Word)',
  permalink: 'Link to this passage',
  skip: 'Skip to the text',
  languages: 'Languages',
  notTranslated: 'Not translated yet: shown in the original language.',
  mayBeOutdated: 'This translation may be outdated.',
  exportBooklet: (pair) => `Bilingual booklet ${pair} (HTML, to print)`,
  exportBookletDocx: (pair) => `Bilingual booklet ${pair} (Word)`,
  bookletTitle: (lead, target) => `Bilingual edition: ${lead} and ${target} side by side`,
  bookletNotTranslated: 'Not translated',
  firstRelease: 'The first release.',
  since: (v) => `Since version ${v}`,
  added: 'New',
  changed: 'Changed',
  removed: 'Removed',
  suggestionsAccepted: (n) => `${n} suggestion${n === 1 ? '' : 's'} accepted`,
  contributors: 'Contributors',
  threadsAddressed: (n) => `${n} feedback thread${n === 1 ? '' : 's'} addressed`,
  noChanges: 'No section changed.',
  wholeRelease: 'The whole release',
  diffTitle: (from, to) => `Differences between version ${from} and version ${to}`,
  unchanged: (n) => `${n} section${n === 1 ? '' : 's'} unchanged`,
  inserted: 'added',
  deleted: 'removed',
  feedback: {
    leave: 'Leave feedback on this passage',
    remark: 'Your remark',
    name: 'Your name',
    send: 'Send',
    cancel: 'Cancel',
    thanks: 'Thank you: your remark reached the editors.',
    moderated: 'Thank you: the editors will read your remark.',
    failed: 'Your remark could not be sent. Try again later.',
    limited: 'Too many remarks from here for now. Try again later.',
  },
};

const nl: ReleaseStrings = {
  contents: 'Inhoud',
  search: { label: 'Zoeken in deze versie', button: 'Zoeken', title: (q) => `Resultaten voor “${q}”`, none: 'Niets in deze versie komt overeen.', prompt: 'Typ een woord of een zin.' },
  notes: 'Bij deze versie',
  version: (v) => `versie ${v}`,
  published: (d) => `Gepubliceerd op ${d}`,
  changes: 'Wat is er veranderd',
  compare: 'Vergelijken met een eerdere versie',
  compareWith: 'Eerdere versie',
  show: 'Toon de verschillen',
  exportHtml: 'Downloaden (HTML, één bestand)',
  exportMarkdown: 'Downloaden (Markdown, zip)',
  exportDocx: 'Downloaden (Word)',
  permalink: 'Link naar deze passage',
  skip: 'Naar de tekst',
  languages: 'Talen',
  notTranslated: 'Nog niet vertaald: getoond in de oorspronkelijke taal.',
  mayBeOutdated: 'Deze vertaling is mogelijk verouderd.',
  exportBooklet: (pair) => `Tweetalig boekje ${pair} (HTML, om af te drukken)`,
  exportBookletDocx: (pair) => `Tweetalig boekje ${pair} (Word)`,
  bookletTitle: (lead, target) => `Tweetalige uitgave: ${lead} en ${target} naast elkaar`,
  bookletNotTranslated: 'Niet vertaald',
  firstRelease: 'De eerste versie.',
  since: (v) => `Sinds versie ${v}`,
  added: 'Nieuw',
  changed: 'Gewijzigd',
  removed: 'Verwijderd',
  suggestionsAccepted: (n) => `${n} ${n === 1 ? 'voorstel' : 'voorstellen'} aanvaard`,
  contributors: 'Bijdragen van',
  threadsAddressed: (n) => `${n} ${n === 1 ? 'opmerking' : 'opmerkingen'} verwerkt`,
  noChanges: 'Geen enkel deel is gewijzigd.',
  wholeRelease: 'De hele versie',
  diffTitle: (from, to) => `Verschillen tussen versie ${from} en versie ${to}`,
  unchanged: (n) => `${n} ${n === 1 ? 'deel' : 'delen'} ongewijzigd`,
  inserted: 'toegevoegd',
  deleted: 'geschrapt',
  feedback: {
    leave: 'Reageer op deze passage',
    remark: 'Uw opmerking',
    name: 'Uw naam',
    send: 'Versturen',
    cancel: 'Annuleren',
    thanks: 'Dank u: uw opmerking is bij de redactie.',
    moderated: 'Dank u: de redactie leest uw opmerking.',
    failed: 'Uw opmerking kon niet worden verstuurd. Probeer later opnieuw.',
    limited: 'Te veel opmerkingen van hier. Probeer later opnieuw.',
  },
};

const fr: ReleaseStrings = {
  contents: 'Sommaire',
  search: { label: 'Rechercher dans cette version', button: 'Rechercher', title: (q) => `Résultats pour « ${q} »`, none: 'Rien dans cette version ne correspond.', prompt: 'Tapez un mot ou une phrase.' },
  notes: 'Notes de version',
  version: (v) => `version ${v}`,
  published: (d) => `Publié le ${d}`,
  changes: 'Ce qui a changé',
  compare: 'Comparer avec une version antérieure',
  compareWith: 'Version antérieure',
  show: 'Afficher les différences',
  exportHtml: 'Télécharger (HTML, un fichier)',
  exportMarkdown: 'Télécharger (Markdown, zip)',
  exportDocx: 'Télécharger (Word)',
  permalink: 'Lien vers ce passage',
  skip: 'Aller au texte',
  languages: 'Langues',
  notTranslated: 'Pas encore traduit : affiché dans la langue d’origine.',
  mayBeOutdated: 'Cette traduction n’est peut-être plus à jour.',
  exportBooklet: (pair) => `Livret bilingue ${pair} (HTML, à imprimer)`,
  exportBookletDocx: (pair) => `Livret bilingue ${pair} (Word)`,
  bookletTitle: (lead, target) => `Édition bilingue : ${lead} et ${target} côte à côte`,
  bookletNotTranslated: 'Non traduit',
  firstRelease: 'La première version.',
  since: (v) => `Depuis la version ${v}`,
  added: 'Nouveau',
  changed: 'Modifié',
  removed: 'Retiré',
  suggestionsAccepted: (n) => `${n} suggestion${n > 1 ? 's' : ''} acceptée${n > 1 ? 's' : ''}`,
  contributors: 'Contributions de',
  threadsAddressed: (n) => `${n} remarque${n > 1 ? 's' : ''} traitée${n > 1 ? 's' : ''}`,
  noChanges: 'Aucune partie n’a changé.',
  wholeRelease: 'Toute la version',
  diffTitle: (from, to) => `Différences entre la version ${from} et la version ${to}`,
  unchanged: (n) => `${n} partie${n > 1 ? 's' : ''} inchangée${n > 1 ? 's' : ''}`,
  inserted: 'ajouté',
  deleted: 'supprimé',
  feedback: {
    leave: 'Réagir à ce passage',
    remark: 'Votre remarque',
    name: 'Votre nom',
    send: 'Envoyer',
    cancel: 'Annuler',
    thanks: 'Merci : votre remarque est parvenue à la rédaction.',
    moderated: 'Merci : la rédaction lira votre remarque.',
    failed: 'Votre remarque n’a pas pu être envoyée. Réessayez plus tard.',
    limited: 'Trop de remarques depuis cet endroit. Réessayez plus tard.',
  },
};

const BY_LANG: Record<string, ReleaseStrings> = { en, nl, fr };

/** The strings of a language (English when it has none). */
export function releaseStrings(lang: string): ReleaseStrings {
  return BY_LANG[lang] ?? en;
}

/** A release date (YYYY-MM-DD) written out in a language. */
export function formatReleaseDate(date: string, lang: string): string {
  const parsed = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : lang === 'fr' ? 'fr-BE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(parsed);
}
