/**
 * Search across a workspace (issue 9): section drafts, revisions, comment threads and
 * published releases, behind the SearchIndex interface.
 *
 * The index follows committed edits without touching the message pipeline: the
 * `draft-committed` event only schedules a debounced re-index of that draft, which reads
 * the document through the room's command queue (committed state, like the comment
 * anchor scan). Only the blocks changed since the last reading are read, analysed and
 * written (draftChanges.ts); the first reading after a room loads compares every block
 * with the index and writes only those that differ. Revisions are indexed when approved,
 * threads when they change; releases come from a pluggable source (the releases feature
 * registers one). `rebuild()` (the `reindex` command) starts from scratch, reading drafts
 * from the store.
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.js';
import type { DocStore } from '../db/docStore.js';
import type { SearchEntry, SearchIndex, SearchPassage } from '../db/searchIndex.js';
import type { Logger } from '../logger.js';
import type { PmJson } from '../../shared/editor/json.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { buildSectionUrl } from '../../shared/api.js';
import type { SearchCopy, SearchQuery, SearchResult } from '../../shared/search/api.js';
import type { ServiceEvents } from '../services/events.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { WorkspaceRecord } from '../services/workspaces.js';
import { analyseEntry, analyseQuery, buildSnippet } from './textAnalysis.js';
import { DraftChangeTracker, readAllBlocks, type DraftChanges } from './draftChanges.js';

/** How long after a draft's last commit it is re-indexed. */
const INDEX_DELAY_MS = 500;
const DEFAULT_LIMIT = 20;

/** A published release's passages, as the releases feature hands them over. */
export interface ReleaseDocument {
  workspaceId: string;
  version: string;
  sections: { sectionId: string; lang: string; blocks: readonly PmJson[] }[];
}

/** Where published releases come from when the index is rebuilt (registered by the releases feature). */
export interface ReleaseSource {
  listReleases(): ReleaseDocument[];
}

export interface SearchService {
  /** Members' search in one workspace (the route has checked membership). */
  search(workspace: WorkspaceRecord, query: SearchQuery): Promise<SearchResult[]>;
  /** Public search on a published site: only that release's passages. */
  searchRelease(workspace: WorkspaceRecord, version: string, query: Pick<SearchQuery, 'q' | 'lang' | 'limit'>): Promise<SearchResult[]>;
  /** Indexes a draft from its content (imports, tests); otherwise it follows commits. */
  indexDraft(docName: string, blocks: readonly PmJson[]): Promise<void>;
  /** Re-reads a draft through the room's queue and indexes it now. */
  refreshDraft(docName: string): Promise<void>;
  /** Indexes a published release (called by the releases feature when it publishes). */
  indexRelease(release: ReleaseDocument): Promise<void>;
  /** Empties the index and indexes everything again. Answers the number of entries. */
  rebuild(): Promise<number>;
  /** Rebuilds only when the index is empty but content exists (first start after the upgrade). */
  rebuildIfEmpty(): Promise<void>;
  close(): void;
}

/** Plain text of a block; table cells and list items are separated by spaces. */
export function blockText(block: PmJson): string {
  if (block.type === 'text') return block.text ?? '';
  if (block.type === 'hardBreak') return ' ';
  const inner = (block.content ?? []).map(blockText);
  const separated = block.type === 'tableRow' || block.type === 'table' || block.type === 'bulletList' || block.type === 'orderedList' || block.type === 'listItem';
  return inner.join(separated ? ' ' : '');
}

const KIND_ORDER: Record<string, number> = { draft: 0, comment: 0, revision: 1, release: 2 };
const revisionNumber = (entry: SearchEntry) => Number(entry.ref.slice(entry.ref.lastIndexOf('#') + 1));
const versions = new Intl.Collator('en', { numeric: true });

/** A passage's copies in reading order: the draft, revisions by number, releases by version ("2" before "10"). */
function byCopyOrder(a: SearchEntry, b: SearchEntry): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.kind === 'revision') return revisionNumber(a) - revisionNumber(b);
  return versions.compare(a.ref, b.ref);
}

interface DocRow {
  name: string;
  workspace_id: string;
  section_id: string;
  lang: string;
}

/** Creates the search service. */
export function createSearchService(
  db: Db,
  deps: { index: SearchIndex; store: DocStore; commands: DocumentCommands; releases: ReleaseSource; events: ServiceEvents; logger: Logger },
): SearchService {
  const { index } = deps;
  const { commands } = deps;
  let closed = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const tracker = new DraftChangeTracker(CONTENT_FIELD);
  /** Drafts whose next reading compares every block with the index (indexed from elsewhere meanwhile). */
  const completeReadDue = new Set<string>();
  const refreshing = new Map<string, Promise<void>>();

  const docRow = db.prepare<[string], DocRow>('SELECT name, workspace_id, section_id, lang FROM docs WHERE name = ?');
  const allDocs = db.prepare<[], DocRow>('SELECT name, workspace_id, section_id, lang FROM docs');
  const revisionsOf = db.prepare<[string], { number: number; content: string }>('SELECT number, content FROM revisions WHERE doc = ?');
  const allThreadIds = db.prepare<[], { id: string }>('SELECT id FROM threads');
  const threadRow = db.prepare<[string], { id: string; workspace_id: string; doc: string; status: string; detached: number; quote: string; block_id: string | null }>(
    'SELECT id, workspace_id, doc, status, detached, quote, block_id FROM threads WHERE id = ?',
  );
  const threadMessages = db.prepare<[string], { body: string }>('SELECT body FROM thread_messages WHERE thread_id = ? AND deleted_at IS NULL ORDER BY created_at');
  const sectionRow = db.prepare<[string], { id: string; slug: string; title: string; titles: string; archived_at: number | null }>(
    'SELECT id, slug, title, titles, archived_at FROM sections WHERE id = ?',
  );
  const hasContent = db.prepare<[], { one: number }>('SELECT 1 AS one FROM docs LIMIT 1');

  const textOf = (block: PmJson) => blockText(block).replace(/\s+/g, ' ').trim();
  type EntryBase = Omit<SearchEntry, 'blockId' | 'text' | 'terms' | 'words'>;
  const entryOf = (base: EntryBase, block: PmJson, part?: string, text = textOf(block)): SearchEntry | null => {
    if (!text) return null;
    const id = block.attrs?.id;
    return { ...base, blockId: typeof id === 'string' ? id : null, text, ...analyseEntry(text, base.lang), ...(part === undefined ? {} : { part }) };
  };
  const entriesOfBlocks = (base: EntryBase, blocks: readonly PmJson[]): SearchEntry[] =>
    blocks.flatMap((block) => entryOf(base, block) ?? []);
  const draftBase = (doc: DocRow) => ({ workspaceId: doc.workspace_id, kind: 'draft' as const, sectionId: doc.section_id, lang: doc.lang, status: 'draft', ref: doc.name });

  /** Indexes a draft from JSON (an import); the next reading of the live draft compares every block. */
  const indexDraft = async (docName: string, blocks: readonly PmJson[]) => {
    const doc = docRow.get(docName);
    if (!doc) return;
    completeReadDue.add(docName);
    await index.replaceSource(docName, blocks.flatMap((block, i) => entryOf(draftBase(doc), block, `json:${i}`) ?? []));
  };

  /**
   * Brings a draft's entries up to date with blocks read from it. A complete reading is
   * compared with what the index holds, so only blocks whose text differs are analysed and
   * written (after a reload, usually none); otherwise the changed blocks are rewritten.
   */
  const applyDraftChanges = async (doc: DocRow, changes: DraftChanges) => {
    const base = draftBase(doc);
    const indexed = changes.complete ? await index.partTexts(doc.name) : null;
    const parts = new Set(changes.removed);
    const entries: SearchEntry[] = [];
    for (const { part, block } of changes.changed) {
      const text = textOf(block);
      if (indexed) {
        const before = indexed.get(part);
        indexed.delete(part);
        if (before === text || (before === undefined && !text)) continue;
      }
      parts.add(part);
      const entry = entryOf(base, block, part, text);
      if (entry) entries.push(entry);
    }
    for (const gone of indexed?.keys() ?? []) parts.add(gone);
    if (parts.size) await index.replaceParts(doc.name, [...parts], entries);
  };
  const indexRevisions = async (docName: string, onlyMissing: boolean) => {
    const doc = docRow.get(docName);
    if (!doc) return;
    for (const revision of revisionsOf.all(docName)) {
      const source = `${docName}#${revision.number}`;
      if (onlyMissing && (await index.hasSource(source))) continue;
      const blocks = JSON.parse(revision.content) as PmJson[];
      const base = { workspaceId: doc.workspace_id, kind: 'revision' as const, sectionId: doc.section_id, lang: doc.lang, status: 'approved', ref: source };
      await index.replaceSource(source, entriesOfBlocks(base, blocks));
    }
  };

  const indexThread = async (threadId: string) => {
    const thread = threadRow.get(threadId);
    if (!thread) return index.replaceSource(threadId, []);
    const doc = docRow.get(thread.doc);
    const text = [thread.quote, ...threadMessages.all(threadId).map((m) => m.body)].join(' — ').replace(/\s+/g, ' ').trim();
    const lang = doc?.lang ?? 'en';
    const status = thread.detached ? 'detached' : thread.status;
    await index.replaceSource(threadId, [
      { workspaceId: thread.workspace_id, kind: 'comment', sectionId: doc?.section_id ?? null, lang, status, blockId: thread.block_id, ref: threadId, text, ...analyseEntry(text, lang) },
    ]);
  };

  const indexRelease = async (release: ReleaseDocument) => {
    const entries = release.sections.flatMap((section) =>
      entriesOfBlocks({ workspaceId: release.workspaceId, kind: 'release', sectionId: section.sectionId, lang: section.lang, status: 'published', ref: release.version }, section.blocks),
    );
    await index.replaceSource(`release:${release.workspaceId}:${release.version}`, entries);
  };

  /** Re-reads what changed in a live draft (in the room's queue: committed state) and indexes it; one reading per draft at a time. */
  const refreshDraft = (docName: string): Promise<void> => {
    const previous = refreshing.get(docName) ?? Promise.resolve();
    const next = previous.then(async () => {
      const doc = docRow.get(docName);
      if (closed || !doc) return;
      const complete = completeReadDue.delete(docName);
      try {
        const changes = await commands.command(docName, null, (ydoc: Y.Doc) => tracker.read(ydoc, complete));
        await applyDraftChanges(doc, changes);
      } catch (error) {
        // What this reading took from the tracker did not reach the index: compare it all next time.
        completeReadDue.add(docName);
        throw error;
      }
    });
    const settled = next.catch(() => {});
    refreshing.set(docName, settled);
    void settled.then(() => {
      if (refreshing.get(docName) === settled) refreshing.delete(docName);
    });
    return next;
  };

  const schedule = (docName: string) => {
    if (closed || timers.has(docName)) return;
    timers.set(
      docName,
      setTimeout(() => {
        timers.delete(docName);
        refreshDraft(docName).catch((error: unknown) => deps.logger.warn({ err: error, docName }, 'search indexing failed'));
      }, INDEX_DELAY_MS),
    );
  };

  const later = (run: () => Promise<unknown>, what: string) =>
    setImmediate(() => run().catch((error: unknown) => deps.logger.warn({ err: error }, `search indexing failed: ${what}`)));

  deps.events.on('draft-committed', ({ docName }) => schedule(docName));
  deps.events.on('threads-changed', ({ threadId }) => later(() => indexThread(threadId), 'thread'));
  deps.events.on('revision-reviewed', ({ workspaceId, sectionId, lang, outcome }) => {
    if (outcome !== 'approved') return;
    const row = db.prepare<[string, string, string], { name: string }>('SELECT name FROM docs WHERE workspace_id = ? AND section_id = ? AND lang = ?').get(workspaceId, sectionId, lang);
    if (row) later(() => indexRevisions(row.name, true), 'revision');
  });

  /** Where a copy opens: the section at its block (at a revision), a thread, or a published page. */
  const urlOf = (workspace: WorkspaceRecord, entry: SearchEntry, section: { slug: string } | undefined): string => {
    if (entry.kind === 'release') return `/p/${workspace.slug}/${entry.ref}/?lang=${entry.lang}${entry.blockId ? `#b-${entry.blockId}` : ''}`;
    let url = section ? `${buildSectionUrl(workspace.slug, section.slug)}?lang=${entry.lang}` : `/w/${workspace.slug}`;
    if (entry.kind === 'comment') return `${url}&thread=${entry.ref}`;
    if (entry.blockId) url += `&block=${entry.blockId}`;
    if (entry.kind === 'revision') url += `&revision=${revisionNumber(entry)}`;
    return url;
  };

  /** Results from passages: section titles, the newest copy's snippet and url, every copy listed. */
  const present = (workspace: WorkspaceRecord, passages: SearchPassage[], q: string, lang: string | undefined, includeArchived: boolean): SearchResult[] => {
    const analysed = analyseQuery(q, lang);
    const out: SearchResult[] = [];
    for (const passage of passages) {
      const copies = [...passage.entries].sort(byCopyOrder);
      const newest = copies.find((entry) => entry.kind === 'draft' || entry.kind === 'comment') ?? copies.findLast((entry) => entry.kind === 'revision') ?? copies[copies.length - 1];
      const section = newest.sectionId ? sectionRow.get(newest.sectionId) : undefined;
      if (section?.archived_at && !includeArchived) continue;
      const titles = section ? (JSON.parse(section.titles) as Record<string, string>) : {};
      out.push({
        kind: newest.kind,
        sectionId: newest.sectionId,
        sectionTitle: section ? (titles[newest.lang] ?? section.title) : '',
        lang: newest.lang,
        status: newest.status,
        blockId: newest.blockId,
        ref: newest.ref,
        url: urlOf(workspace, newest, section),
        snippet: buildSnippet(newest.text, newest.lang, analysed),
        copies: copies.map((entry): SearchCopy => ({ kind: entry.kind, status: entry.status, ref: entry.ref, url: urlOf(workspace, entry, section) })),
      });
    }
    return out;
  };

  const service: SearchService = {
    async search(workspace, query) {
      const analysed = analyseQuery(query.q, query.lang);
      const limit = query.limit ?? DEFAULT_LIMIT;
      const passages = await index.query(
        analysed,
        { workspaceId: workspace.id, lang: query.lang, sectionId: query.section, kind: query.kind, status: query.status },
        limit + 10,
      );
      return present(workspace, passages, query.q, query.lang, false).slice(0, limit);
    },
    async searchRelease(workspace, version, query) {
      const passages = await index.query(analyseQuery(query.q, query.lang), { workspaceId: workspace.id, kind: 'release', ref: version, lang: query.lang }, query.limit ?? DEFAULT_LIMIT);
      // Archiving a section later does not change a published release.
      return present(workspace, passages, query.q, query.lang, true);
    },
    indexDraft,
    refreshDraft,
    indexRelease,
    async rebuild() {
      await index.clear();
      for (const doc of allDocs.all()) {
        const stored = await deps.store.load(doc.name);
        const ydoc = new Y.Doc();
        try {
          if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot);
          for (const update of stored.updates) Y.applyUpdate(ydoc, update);
          // Parts are item ids, the same in the live room: its first reading finds them current.
          await applyDraftChanges(doc, { complete: true, changed: readAllBlocks(ydoc.getXmlFragment(CONTENT_FIELD)), removed: [] });
        } finally {
          ydoc.destroy();
        }
        await indexRevisions(doc.name, false);
      }
      for (const { id } of allThreadIds.all()) await indexThread(id);
      for (const release of deps.releases.listReleases()) await indexRelease(release);
      return index.size();
    },
    async rebuildIfEmpty() {
      if ((await index.size()) === 0 && hasContent.get()) await service.rebuild();
    },
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      closed = true;
    },
  };
  return service;
}
