/**
 * A section's title (or a workspace's name) in the language being read (issue 20): that
 * language's own text, else the lead language's, marked as a fallback so the page can say
 * so (and set `lang` on it).
 */
import type { Section, Workspace } from '../api/types.js';

/** A title as shown: its text, the language it is in, whether it stands in for a missing one. */
export interface LocalTitle {
  text: string;
  lang: string;
  fallback: boolean;
}

/** The section's title in `lang`, falling back to the lead language's. */
export function localTitle(section: Pick<Section, 'title' | 'titles'>, lang: string | undefined, lead: string): LocalTitle {
  const own = lang ? section.titles?.[lang] : undefined;
  if (own) return { text: own, lang: lang!, fallback: false };
  const leadTitle = section.titles?.[lead];
  return { text: leadTitle || section.title, lang: lead, fallback: lang !== undefined && lang !== lead };
}

/** The workspace's name in `lang`, falling back to the lead language's. */
export function localName(workspace: Pick<Workspace, 'name' | 'names' | 'leadLanguage'>, lang: string | undefined): string {
  return (lang && workspace.names?.[lang]) || workspace.name;
}
