/**
 * Which section draft a document name is: the one lookup from a document to its workspace,
 * section and language (the route registry, the collaboration server's access check and
 * the services all ask here), and whose comment threads it holds.
 */
import type { Db } from './database.js';

/** A section draft, as everything else refers to it. */
export interface DocRef {
  name: string;
  workspaceId: string;
  sectionId: string;
  lang: string;
}

export interface DocDirectory {
  /** The draft a document name is, or null when there is none. */
  resolve(name: string): DocRef | null;
  /** The draft of a section in a language, or null. */
  ofSection(sectionId: string, lang: string): DocRef | null;
  /**
   * Who started a comment thread of this draft, or null when the draft has no such thread
   * (a thread of another section is nobody's here: A2). The collaboration server's hook.
   */
  threadOwner(docName: string, threadId: string): string | null;
}

interface DocRow {
  name: string;
  workspace_id: string;
  section_id: string;
  lang: string;
}

const toRef = (row: DocRow | undefined): DocRef | null =>
  row ? { name: row.name, workspaceId: row.workspace_id, sectionId: row.section_id, lang: row.lang } : null;

/** The document directory on the application database. */
export function createDocDirectory(db: Db): DocDirectory {
  const byName = db.prepare<[string], DocRow>('SELECT name, workspace_id, section_id, lang FROM docs WHERE name = ?');
  const bySection = db.prepare<[string, string], DocRow>('SELECT name, workspace_id, section_id, lang FROM docs WHERE section_id = ? AND lang = ?');
  const ownerOf = db.prepare<[string, string], { author_id: string }>('SELECT author_id FROM threads WHERE id = ? AND doc = ?');
  return {
    resolve: (name) => toRef(byName.get(name)),
    ofSection: (sectionId, lang) => toRef(bySection.get(sectionId, lang)),
    threadOwner: (docName, threadId) => ownerOf.get(threadId, docName)?.author_id ?? null,
  };
}
