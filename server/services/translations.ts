/**
 * Linked language versions (issue 20; DESIGN.md T1, T2). A section's drafts in its
 * workspace's languages are aligned by block id: the same id is the same passage in every
 * language. For each block of the lead language's latest APPROVED revision, the target
 * draft's block with that id is a translation unit whose state is computed here, on every
 * read, and never stored as a flag (T1):
 *
 * - missing: the target has no block with that id, or has one nobody has marked up to date yet
 *   (a copy made by "start" is still the lead language's text);
 * - up to date: the last "up to date" decision recorded the hash the source block has now;
 * - outdated: the source block's hash changed since that decision;
 * - orphaned: a target block whose id is in neither the approved source nor its draft (T2:
 *   its text is never removed automatically).
 *
 * Hashes are the per-block form of the approval hash (shared/revisions/content.ts): pending
 * suggestions and block ids do not count, so typing in the source outdates nothing until it
 * is approved, and a pending suggestion shows only as a badge. Marking units up to date is
 * an explicit decision with its own table (who, when, against which source hash and text);
 * editing the target alone never clears "outdated". Starting a translation copies the lead
 * draft into an empty target with its block ids, as one command through the target's room
 * (U1: the document change and its audit entry commit together or not at all).
 */
import * as Y from 'yjs';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { Db } from '../db/database.js';
import type { DocRef, DocDirectory } from '../db/docs.js';
import type { DocStore, EditAuthor } from '../db/docStore.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { Section, TranslationProgress, TranslationStatus, TranslationUnit } from '../../shared/api.js';
import type { Manifest, ReleaseTranslations } from '../../shared/releases.js';
import { BLOCK_ID_ATTR, getEditorSchema } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { approvableBlocks, contentHash } from '../../shared/revisions/content.js';
import { findSuggestions } from '../../shared/suggestions/resolve.js';
import { renderBlocksText } from '../render/renderHtml.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import { fail, succeed, type Result } from './result.js';
import type { WorkspaceRecord } from './workspaces.js';

export interface TranslationService {
  /** The units of a target draft and their states against the lead language's latest approved revision. */
  status(workspace: WorkspaceRecord, doc: DocRef): Promise<Result<TranslationStatus>>;
  /** Copies the lead draft's blocks, with their ids, into an empty target draft (one command, U1). */
  start(actor: UserRecord, workspace: WorkspaceRecord, doc: DocRef): Promise<Result<{ copied: number; status: TranslationStatus }>>;
  /**
   * "Reorder to match": puts the target's passages in the order of the approved source, as one
   * command (U1). Passages without a source keep their places. Refused while suggestions are pending.
   */
  reorder(actor: UserRecord, workspace: WorkspaceRecord, doc: DocRef): Promise<Result<TranslationStatus>>;
  /**
   * A decision on an orphan (T2): `merge` appends its text to the target passage its source was
   * joined into, `delete` removes it; one command (U1), audited. Only orphans, never automatically.
   */
  resolveOrphan(actor: UserRecord, workspace: WorkspaceRecord, doc: DocRef, blockId: string, action: 'merge' | 'delete'): Promise<Result<TranslationStatus>>;
  /** Marks units up to date: records the source hash and text they were checked against, who and when. */
  confirm(actor: UserRecord, workspace: WorkspaceRecord, doc: DocRef, blockIds: readonly string[]): Promise<Result<TranslationStatus>>;
  /**
   * What a release of this manifest would publish knowingly: per section and target language,
   * the passages of the lead revision whose translation (in the target revision, checked by
   * the recorded decisions) is outdated or missing. Only linked translations (sharing block ids).
   */
  releaseStates(manifest: Manifest): ReleaseTranslations;
  /**
   * Runs a publication and records, in the same transaction, its translation states and its
   * notes in the other languages (the lead language's are the release's own `notes`).
   */
  publishRecorded<T extends { id: string; manifest: Manifest }>(publish: () => Result<T>, notesByLanguage?: Record<string, string>): Result<T>;
  /** A release's notes in a language other than the lead's, or null when it has none. */
  notesIn(releaseId: string, lang: string): string | null;
  /** The states a release recorded when it was published. */
  recordedStates(releaseId: string): ReleaseTranslations;
  /** The outline with each target language's progress (the lead language has none). */
  annotateOutline(workspace: WorkspaceRecord, outline: Section[]): Promise<Section[]>;
  /**
   * Before an approval with "minor change" blocks: each must be a block of the lead
   * language's approvable draft whose content differs from the latest revision's.
   */
  checkMinor(workspace: WorkspaceRecord, sourceDoc: string, approvable: readonly PmJson[], blockIds: readonly string[]): Result<void>;
  /**
   * Inside an approval's transaction: the translations of these blocks that were up to date
   * with the previous revision are recorded as up to date with the new one (minor, by the
   * approver), and the decision is audited. Synchronous, so it joins the transaction.
   */
  carryMinor(actorId: string, workspace: WorkspaceRecord, sourceDoc: string, previous: readonly PmJson[], next: readonly PmJson[], revision: number, blockIds: readonly string[], at: number): void;
  /**
   * The demo seed: marks every passage of a target draft up to date; the source passage that
   * extends `earlier.lead` as translated from that earlier text (so it is outdated).
   */
  seedConfirmed(actorId: string, workspace: WorkspaceRecord, docName: string, earlier?: { lead: string }): Promise<void>;
}

interface ConfirmationRow {
  block_id: string;
  source_hash: string;
  source_block: string;
  confirmed_by: string | null;
  confirmer_name: string | null;
  confirmed_at: number;
  minor: number;
}

/** A block with what the units need of it. */
interface BlockFacts {
  id: string;
  block: PmJson;
  hash: string;
  text: string;
}

const EMPTY_PROGRESS: TranslationProgress = { upToDate: 0, outdated: 0, missing: 0, orphaned: 0 };

/** The block's id, or null. */
const idOf = (block: PmJson): string | null => {
  const id = block.attrs?.[BLOCK_ID_ATTR];
  return typeof id === 'string' && id ? id : null;
};

/** A paragraph or heading without any text or inline content: nothing to translate. */
function isBlank(block: PmJson): boolean {
  return (block.type === 'paragraph' || block.type === 'heading') && !(block.content ?? []).length;
}

/** The per-block facts of approvable content (suggestions already resolved away). */
function factsOf(blocks: readonly PmJson[]): BlockFacts[] {
  const out: BlockFacts[] = [];
  for (const block of blocks) {
    const id = idOf(block);
    if (!id || isBlank(block)) continue;
    out.push({ id, block, hash: contentHash([block]), text: renderBlocksText([block]) });
  }
  return out;
}

/**
 * Reads stored drafts' blocks (what every client has been sent, D1). The store's last
 * sequence number moves with every commit: an unchanged draft is not decoded again (the
 * outline asks for every section's progress on each change).
 */
function createBlockReader(store: DocStore): (docName: string) => Promise<PmJson[]> {
  const cache = new Map<string, { lastSeq: number; blocks: PmJson[] }>();
  return async (docName) => {
    const stored = await store.load(docName);
    const cached = cache.get(docName);
    if (cached && cached.lastSeq === stored.lastSeq) return cached.blocks;
    const doc = new Y.Doc();
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      const blocks = fragmentToBlocks(doc.getXmlFragment(CONTENT_FIELD));
      cache.delete(docName);
      // Oldest first: a bounded cache, most recently read drafts kept.
      if (cache.size >= 500) cache.delete(cache.keys().next().value!);
      cache.set(docName, { lastSeq: stored.lastSeq, blocks });
      return blocks;
    } finally {
      doc.destroy();
    }
  };
}

/** Creates the translation service. */
export function createTranslationService(
  db: Db,
  deps: { store: DocStore; commands: DocumentCommands; docs: DocDirectory; audit: AuditService; events: ServiceEvents },
): TranslationService {
  const readBlocks = createBlockReader(deps.store);
  const latestRevision = db.prepare<[string], { number: number; content: string }>('SELECT number, content FROM revisions WHERE doc = ? ORDER BY number DESC LIMIT 1');
  const confirmations = db.prepare<[string], ConfirmationRow>(
    `SELECT c.block_id, c.source_hash, c.source_block, c.confirmed_by, u.name AS confirmer_name, c.confirmed_at, c.minor
       FROM translation_confirmations c LEFT JOIN users u ON u.id = c.confirmed_by WHERE c.doc = ?`,
  );
  const targetsOf = db.prepare<[string, string], { name: string }>(
    'SELECT t.name FROM docs s JOIN docs t ON t.section_id = s.section_id AND t.name != s.name WHERE s.name = ? AND s.lang = ?',
  );
  const confirmationOf = db.prepare<[string, string], { source_hash: string }>('SELECT source_hash FROM translation_confirmations WHERE doc = ? AND block_id = ?');
  const markMinor = db.prepare(
    'UPDATE translation_confirmations SET source_revision = @revision, source_hash = @hash, source_block = @block, confirmed_by = @by, confirmed_at = @at, minor = 1 WHERE doc = @doc AND block_id = @blockId',
  );
  const revisionContent = db.prepare<[string, number], { content: string }>('SELECT content FROM revisions WHERE doc = ? AND number = ?');
  const insertReleaseState = db.prepare('INSERT INTO release_translations (release_id, section_id, lang, outdated, missing) VALUES (?, ?, ?, ?, ?)');
  const releaseStatesOf = db.prepare<[string], { section_id: string; lang: string; outdated: string; missing: string }>(
    'SELECT section_id, lang, outdated, missing FROM release_translations WHERE release_id = ?',
  );
  const insertReleaseNotes = db.prepare('INSERT INTO release_notes (release_id, lang, notes) VALUES (?, ?, ?)');
  const releaseNotesIn = db.prepare<[string, string], { notes: string }>('SELECT notes FROM release_notes WHERE release_id = ? AND lang = ?');
  const upsertConfirmation = db.prepare(
    `INSERT INTO translation_confirmations (doc, block_id, source_doc, source_revision, source_hash, source_block, confirmed_by, confirmed_at, minor)
     VALUES (@doc, @blockId, @sourceDoc, @sourceRevision, @hash, @block, @by, @at, 0)
     ON CONFLICT (doc, block_id) DO UPDATE SET source_doc = excluded.source_doc, source_revision = excluded.source_revision,
       source_hash = excluded.source_hash, source_block = excluded.source_block, confirmed_by = excluded.confirmed_by,
       confirmed_at = excluded.confirmed_at, minor = 0`,
  );

  /** The lead language's draft of the target's section, or a failure when the target is the lead. */
  function sourceOf(workspace: WorkspaceRecord, doc: DocRef): Result<DocRef> {
    const lead = workspace.languages[0];
    if (doc.lang === lead) return fail('conflict', 'This is the lead language\'s text: the other languages are translated from it.');
    const source = deps.docs.ofSection(doc.sectionId, lead);
    if (!source) return fail('not_found', 'The section has no text in the lead language');
    return succeed(source);
  }

  /** Computes the status (T1): nothing here is stored, everything is derived from revisions, drafts and decisions. */
  async function compute(source: DocRef, doc: DocRef): Promise<TranslationStatus> {
    const revision = latestRevision.get(source.name) ?? null;
    const approved = revision ? factsOf(JSON.parse(revision.content) as PmJson[]) : [];
    const sourceDraftRaw = await readBlocks(source.name);
    const sourceDraft = new Map(factsOf(approvableBlocks(sourceDraftRaw)).map((facts) => [facts.id, facts]));
    const pendingIds = new Set(sourceDraftRaw.filter((block) => findSuggestions([block]).length > 0).map(idOf));
    const targetBlocks = await readBlocks(doc.name);
    const target = new Map(factsOf(approvableBlocks(targetBlocks)).map((facts) => [facts.id, facts]));
    const confirmed = new Map(confirmations.all(doc.name).map((row) => [row.block_id, row]));
    const confirmedText = (row: ConfirmationRow | undefined) => (row ? renderBlocksText([JSON.parse(row.source_block) as PmJson]) : '');

    const units: TranslationUnit[] = [];
    const approvedIds = new Set(approved.map((facts) => facts.id));
    approved.forEach((source, index) => {
      const row = confirmed.get(source.id);
      const present = target.get(source.id);
      const state: TranslationUnit['state'] = !present || !row ? 'missing' : row.source_hash === source.hash ? 'up-to-date' : 'outdated';
      // A split keeps the id on the first half: the second half is new, and its text was part of the previous unit's.
      const previous = index > 0 ? approved[index - 1] : null;
      const previousText = previous ? confirmedText(confirmed.get(previous.id)) : '';
      const splitFrom = state === 'missing' && !present && previous && source.text && previousText.includes(source.text) ? previous.id : null;
      const draft = sourceDraft.get(source.id);
      units.push({
        blockId: source.id,
        state,
        sourceHash: source.hash,
        sourceText: source.text,
        targetText: present?.text ?? null,
        sourceDraftDiffers: !draft || draft.hash !== source.hash,
        sourcePending: pendingIds.has(source.id),
        confirmed: row
          ? { sourceText: confirmedText(row), by: row.confirmed_by ? { id: row.confirmed_by, name: row.confirmer_name ?? '?' } : null, at: row.confirmed_at, minor: row.minor === 1 }
          : null,
        splitFrom,
        joinedInto: null,
      });
    });
    // Orphans (T2): target text whose source passage is gone from the approved revision and the draft.
    for (const facts of target.values()) {
      if (approvedIds.has(facts.id) || sourceDraft.has(facts.id)) continue;
      const row = confirmed.get(facts.id);
      const was = confirmedText(row);
      // A join keeps the first block's id: the absorbed block's text now lives inside it.
      const joinedInto = was ? (approved.find((source) => source.text.includes(was))?.id ?? null) : null;
      units.push({
        blockId: facts.id,
        state: 'orphaned',
        sourceHash: null,
        sourceText: was,
        targetText: facts.text,
        sourceDraftDiffers: false,
        sourcePending: false,
        confirmed: row ? { sourceText: was, by: row.confirmed_by ? { id: row.confirmed_by, name: row.confirmer_name ?? '?' } : null, at: row.confirmed_at, minor: row.minor === 1 } : null,
        splitFrom: null,
        joinedInto,
      });
    }
    const progress = { ...EMPTY_PROGRESS };
    for (const unit of units) {
      if (unit.state === 'up-to-date') progress.upToDate += 1;
      else progress[unit.state] += 1;
    }
    // A move keeps ids and hashes: nothing is outdated, but the order of the shared passages differs.
    const sourceOrder = approved.map((facts) => facts.id).filter((id) => target.has(id));
    const targetOrder = [...target.keys()].filter((id) => approvedIds.has(id));
    const orderDiffers = sourceOrder.some((id, index) => targetOrder[index] !== id);
    return { source: source.name, sourceLang: source.lang, sourceRevision: revision?.number ?? null, units, progress, orderDiffers };
  }

  const service: TranslationService = {
    async status(workspace, doc) {
      const source = sourceOf(workspace, doc);
      if (!source.ok) return source;
      return succeed(await compute(source.value, doc));
    },

    async start(actor, workspace, doc) {
      const source = sourceOf(workspace, doc);
      if (!source.ok) return source;
      // The lead draft as it would be approved: pending suggestions are not copied (they are
      // someone's proposal in the other language), nor are comment anchors.
      const blocks = approvableBlocks(await readBlocks(source.value.name));
      const content = blocks.length ? blocks : [{ type: 'paragraph' }];
      const node = getEditorSchema().nodeFromJSON({ type: 'doc', content });
      const author: EditAuthor = { userId: actor.id, organisationId: actor.organisationId };
      const outcome = await deps.commands.command(doc.name, author, (ydoc): Result<number> => {
        const fragment = ydoc.getXmlFragment(CONTENT_FIELD);
        if (!fragmentToBlocks(fragment).every(isBlank)) {
          return fail('conflict', 'This text is not empty: a translation can only be started in an empty text.');
        }
        updateYFragment(ydoc, fragment, node, { mapping: new Map(), isOMark: new Map() });
        deps.audit.record({ actorId: actor.id, action: 'translation.start', workspaceId: workspace.id, target: doc.name, details: { source: source.value.name, blocks: blocks.length } });
        return succeed(blocks.length);
      });
      if (!outcome.ok) return outcome;
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed({ copied: outcome.value, status: await compute(source.value, doc) });
    },

    async reorder(actor, workspace, doc) {
      const source = sourceOf(workspace, doc);
      if (!source.ok) return source;
      const revision = latestRevision.get(source.value.name);
      if (!revision) return fail('conflict', 'The lead language has no approved revision yet: there is no order to follow.');
      const order = new Map(factsOf(JSON.parse(revision.content) as PmJson[]).map((facts, index) => [facts.id, index]));
      const author: EditAuthor = { userId: actor.id, organisationId: actor.organisationId };
      const outcome = await deps.commands.command(doc.name, author, (ydoc): Result<number> => {
        const fragment = ydoc.getXmlFragment(CONTENT_FIELD);
        const blocks = fragmentToBlocks(fragment);
        const pending = findSuggestions(blocks);
        if (pending.length) return fail('conflict', `Settle the ${pending.length} pending suggestion(s) first: reordering rewrites the text they were made on.`);
        // The places of linked passages, refilled in the source's order; the others stay put.
        const linked = blocks.filter((block) => order.has(idOf(block) ?? ''));
        const sorted = [...linked].sort((a, b) => order.get(idOf(a)!)! - order.get(idOf(b)!)!);
        if (sorted.every((block, index) => block === linked[index])) return succeed(0);
        // The wanted order of the fragment's elements: linked places refilled in the source's order.
        const elements = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
        const elementOf = new Map(elements.map((element) => [element.getAttribute(BLOCK_ID_ATTR) as string, element]));
        let next = 0;
        const wanted = elements.map((element) => (order.has((element.getAttribute(BLOCK_ID_ATTR) as string) ?? '') ? elementOf.get(idOf(sorted[next++])!)! : element));
        // Yjs has no move: a block out of place is copied (attributes, text and marks) to its place and the original
        // deleted, in one transaction; the id stays with the copy (its original is gone when the write gate looks).
        ydoc.transact(() => {
          for (let index = 0; index < wanted.length; index++) {
            if (fragment.get(index) === wanted[index]) continue;
            const from = fragment.toArray().indexOf(wanted[index]);
            const copy = wanted[index].clone();
            fragment.delete(from, 1);
            fragment.insert(index, [copy]);
            wanted[index] = copy;
          }
        });
        deps.audit.record({ actorId: actor.id, action: 'translation.reorder', workspaceId: workspace.id, target: doc.name, details: { source: source.value.name, sourceRevision: revision.number } });
        return succeed(linked.length);
      });
      if (!outcome.ok) return outcome;
      return succeed(await compute(source.value, doc));
    },

    async resolveOrphan(actor, workspace, doc, blockId, action) {
      const source = sourceOf(workspace, doc);
      if (!source.ok) return source;
      const unit = (await compute(source.value, doc)).units.find((candidate) => candidate.blockId === blockId);
      if (!unit || unit.state !== 'orphaned') return fail('conflict', `Block ${blockId} is no translation without source.`, 'blockId');
      if (action === 'merge' && !unit.joinedInto) return fail('conflict', 'Its source was not joined into another passage: merge it by hand, or delete it.', 'action');
      const into = unit.joinedInto;
      const author: EditAuthor = { userId: actor.id, organisationId: actor.organisationId };
      const outcome = await deps.commands.command(doc.name, author, (ydoc): Result<void> => {
        const fragment = ydoc.getXmlFragment(CONTENT_FIELD);
        const elements = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
        const orphan = elements.find((element) => element.getAttribute(BLOCK_ID_ATTR) === blockId);
        if (!orphan) return fail('conflict', `Block ${blockId} is gone.`, 'blockId');
        if (findSuggestions(fragmentToBlocks(fragment).filter((block) => idOf(block) === blockId || idOf(block) === into)).length) {
          return fail('conflict', 'Settle the pending suggestions on these passages first.');
        }
        const target = action === 'merge' ? elements.find((element) => element.getAttribute(BLOCK_ID_ATTR) === into) : null;
        const targetText = target?.get(target.length - 1);
        const orphanText = orphan.get(0);
        if (action === 'merge' && (!(targetText instanceof Y.XmlText) || !(orphanText instanceof Y.XmlText) || orphan.length !== 1)) {
          return fail('conflict', 'These passages cannot be merged automatically: merge them by hand.', 'action');
        }
        ydoc.transact(() => {
          if (action === 'merge') {
            // The orphan's words, with their formatting, after the survivor's (a space between).
            const text = targetText as Y.XmlText;
            text.insert(text.length, ' ');
            for (const op of (orphanText as Y.XmlText).toDelta() as { insert: string; attributes?: Record<string, unknown> }[]) text.insert(text.length, op.insert, op.attributes ?? {});
          }
          fragment.delete(fragment.toArray().indexOf(orphan), 1);
        });
        deps.audit.record({ actorId: actor.id, action: 'translation.orphan', workspaceId: workspace.id, target: doc.name, details: { blockId, action, into } });
        return succeed(undefined);
      });
      if (!outcome.ok) return outcome;
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(await compute(source.value, doc));
    },

    async confirm(actor, workspace, doc, blockIds) {
      const source = sourceOf(workspace, doc);
      if (!source.ok) return source;
      const revision = latestRevision.get(source.value.name);
      if (!revision) return fail('conflict', 'The lead language has no approved revision yet: there is nothing to be up to date with.');
      const approved = new Map(factsOf(JSON.parse(revision.content) as PmJson[]).map((facts) => [facts.id, facts]));
      const target = new Set(factsOf(approvableBlocks(await readBlocks(doc.name))).map((facts) => facts.id));
      for (const blockId of blockIds) {
        if (!approved.has(blockId)) return fail('conflict', `Block ${blockId} is not a passage of the approved ${source.value.lang} text.`, 'blockIds');
        if (!target.has(blockId)) return fail('conflict', `Block ${blockId} has no translation in this text yet.`, 'blockIds');
      }
      const at = Date.now();
      db.transaction(() => {
        for (const blockId of new Set(blockIds)) {
          const facts = approved.get(blockId)!;
          upsertConfirmation.run({ doc: doc.name, blockId, sourceDoc: source.value.name, sourceRevision: revision.number, hash: facts.hash, block: JSON.stringify(facts.block), by: actor.id, at });
        }
        deps.audit.record({ actorId: actor.id, action: 'translation.confirm', workspaceId: workspace.id, target: doc.name, details: { blockIds: [...new Set(blockIds)], sourceRevision: revision.number } }, at);
      })();
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(await compute(source.value, doc));
    },

    checkMinor(workspace, sourceDoc, approvable, blockIds) {
      const doc = deps.docs.resolve(sourceDoc);
      if (!doc || doc.lang !== workspace.languages[0]) return fail('validation_failed', 'Only the lead language\'s changes can be marked minor', 'minorBlocks');
      const revision = latestRevision.get(sourceDoc);
      const before = new Map(revision ? factsOf(JSON.parse(revision.content) as PmJson[]).map((facts) => [facts.id, facts.hash]) : []);
      const after = new Map(factsOf(approvable).map((facts) => [facts.id, facts.hash]));
      for (const blockId of blockIds) {
        const hash = after.get(blockId);
        if (!hash || !before.has(blockId) || before.get(blockId) === hash) return fail('validation_failed', `Block ${blockId} is not a changed passage of this approval`, 'minorBlocks');
      }
      return succeed(undefined);
    },

    carryMinor(actorId, workspace, sourceDoc, previous, next, revision, blockIds, at) {
      const lead = workspace.languages[0];
      const before = new Map(factsOf(previous).map((facts) => [facts.id, facts]));
      const after = new Map(factsOf(next).map((facts) => [facts.id, facts]));
      const carried: Record<string, string[]> = {};
      for (const { name } of targetsOf.all(sourceDoc, lead)) {
        for (const blockId of new Set(blockIds)) {
          const was = before.get(blockId);
          const now = after.get(blockId);
          const row = confirmationOf.get(name, blockId);
          // Only a translation that was up to date stays so: an outdated one stays outdated.
          if (!was || !now || !row || row.source_hash !== was.hash) continue;
          markMinor.run({ doc: name, blockId, revision, hash: now.hash, block: JSON.stringify(now.block), by: actorId, at });
          (carried[name] ??= []).push(blockId);
        }
      }
      deps.audit.record({ actorId, action: 'translation.minor', workspaceId: workspace.id, target: sourceDoc, details: { revision, blockIds: [...new Set(blockIds)], carried } }, at);
    },

    async seedConfirmed(actorId, workspace, docName, earlier) {
      const doc = deps.docs.resolve(docName);
      const source = doc ? sourceOf(workspace, doc) : null;
      if (!doc || !source?.ok) return;
      const revision = latestRevision.get(source.value.name);
      if (!revision) return;
      const content = JSON.parse(revision.content) as PmJson[];
      const stem = earlier?.lead.replace(/[.!?]$/, '');
      const earlierId = stem ? (factsOf(content).find((facts) => facts.text.startsWith(stem) && facts.text !== earlier!.lead)?.id ?? null) : null;
      const target = new Set(factsOf(approvableBlocks(await readBlocks(doc.name))).map((facts) => facts.id));
      const at = Date.now();
      db.transaction(() => {
        for (const facts of factsOf(content)) {
          if (!target.has(facts.id)) continue;
          const block = facts.id === earlierId && earlier ? { ...facts.block, content: [{ type: 'text', text: earlier.lead }] } : facts.block;
          upsertConfirmation.run({ doc: doc.name, blockId: facts.id, sourceDoc: source.value.name, sourceRevision: revision.number, hash: contentHash([block]), block: JSON.stringify(block), by: actorId, at });
        }
      })();
    },

    releaseStates(manifest) {
      const lead = manifest.languages[0];
      const out: ReleaseTranslations = {};
      for (const section of manifest.sections) {
        const leadRevision = section.revisions[lead];
        if (!leadRevision) continue;
        const leadRow = revisionContent.get(leadRevision.docName, leadRevision.number);
        if (!leadRow) continue;
        const source = factsOf(JSON.parse(leadRow.content) as PmJson[]);
        for (const [lang, revision] of Object.entries(section.revisions)) {
          if (lang === lead) continue;
          const row = revisionContent.get(revision.docName, revision.number);
          if (!row) continue;
          const target = new Set(factsOf(JSON.parse(row.content) as PmJson[]).map((facts) => facts.id));
          // An unrelated text in another language (no shared ids) is no linked translation.
          if (!source.some((facts) => target.has(facts.id))) continue;
          const confirmed = new Map(confirmations.all(revision.docName).map((c) => [c.block_id, c.source_hash]));
          const outdated: string[] = [];
          const missing: string[] = [];
          for (const facts of source) {
            const hash = confirmed.get(facts.id);
            if (!target.has(facts.id) || hash === undefined) missing.push(facts.id);
            else if (hash !== facts.hash) outdated.push(facts.id);
          }
          if (outdated.length || missing.length) (out[section.sectionId] ??= {})[lang] = { outdated, missing };
        }
      }
      return out;
    },

    publishRecorded(publish, notesByLanguage = {}) {
      return db.transaction(() => {
        const published = publish();
        if (!published.ok) return published;
        const lead = published.value.manifest.languages[0];
        for (const [lang, notes] of Object.entries(notesByLanguage)) {
          if (lang !== lead && published.value.manifest.languages.includes(lang) && notes.trim()) insertReleaseNotes.run(published.value.id, lang, notes);
        }
        for (const [sectionId, languages] of Object.entries(service.releaseStates(published.value.manifest))) {
          for (const [lang, { outdated, missing }] of Object.entries(languages)) {
            insertReleaseState.run(published.value.id, sectionId, lang, JSON.stringify(outdated), JSON.stringify(missing));
          }
        }
        return published;
      })();
    },

    notesIn(releaseId, lang) {
      return releaseNotesIn.get(releaseId, lang)?.notes ?? null;
    },

    recordedStates(releaseId) {
      const out: ReleaseTranslations = {};
      for (const row of releaseStatesOf.all(releaseId)) {
        (out[row.section_id] ??= {})[row.lang] = { outdated: JSON.parse(row.outdated) as string[], missing: JSON.parse(row.missing) as string[] };
      }
      return out;
    },

    async annotateOutline(workspace, outline) {
      const lead = workspace.languages[0];
      const out: Section[] = [];
      for (const section of outline) {
        const sourceName = section.docs[lead];
        const translation: Record<string, TranslationProgress> = {};
        if (sourceName && !section.archived) {
          for (const [lang, docName] of Object.entries(section.docs)) {
            if (lang === lead) continue;
            try {
              const status = await compute({ name: sourceName, workspaceId: workspace.id, sectionId: section.id, lang: lead }, { name: docName, workspaceId: workspace.id, sectionId: section.id, lang });
              translation[lang] = status.progress;
            } catch {
              // A draft that cannot be read right now (storage busy) has no progress to show; the outline still answers.
            }
          }
        }
        out.push(Object.keys(translation).length ? { ...section, translation } : section);
      }
      return out;
    },
  };
  return service;
}
