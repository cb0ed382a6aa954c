/**
 * Which workspace, section and language a section address opens, and so which draft
 * document: shared by the section page and by boot.ts, which opens that document's
 * connection before the page has rendered.
 */
import { can } from '../../../shared/permissions.js';
import type { Section, Workspace } from '../api/types.js';

/** What a section address resolves to (undefined parts: not found). */
export interface SectionDocument {
  workspace: Workspace | undefined;
  section: Section | undefined;
  /** The workspace's languages this section has a draft in. */
  languages: string[];
  /** The language shown: `?lang=` if the section has it, else the interface language, else the first. */
  lang: string | undefined;
  /** The draft document of that language. */
  docName: string | null;
}

/** Resolves a section address against the person's workspaces. */
export function sectionDocument(workspaces: Workspace[], workspaceSlug: string, sectionSlug: string, requested: string | null, uiLanguage: string): SectionDocument {
  const workspace = workspaces.find((w) => w.slug === workspaceSlug);
  const section = workspace?.sections.find((s) => s.slug === sectionSlug || s.id === sectionSlug);
  const languages: string[] = section ? workspace!.languages.filter((lang) => section.docs[lang]) : [];
  const lang = requested && languages.includes(requested) ? requested : languages.includes(uiLanguage) ? uiLanguage : languages[0];
  const docName = section && lang ? section.docs[lang] : null;
  return { workspace, section, languages, lang, docName };
}

/** What the person may do with a workspace's drafts: the section page's and the early editor's one reading of the role. */
export function draftRights(workspace: Workspace): { policy: { readersMayComment: boolean }; canEdit: boolean; canSuggest: boolean; canComment: boolean; canModerate: boolean } {
  const policy = { readersMayComment: Boolean(workspace.readersMayComment) };
  return {
    policy,
    canEdit: can(workspace.role, 'draft.edit', policy),
    canSuggest: can(workspace.role, 'draft.suggest', policy),
    canComment: can(workspace.role, 'draft.comment', policy),
    canModerate: can(workspace.role, 'comment.moderate', policy),
  };
}
