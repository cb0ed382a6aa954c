/**
 * What a connection's update must pass before it joins a room's document (DESIGN.md,
 * "Message pipeline"): the strict pre-parse, dependencies the server has (or holding the
 * update until the client's first sync step 2 brings them), the connection's capability,
 * the size limit, then — applied to the room's document — the schema of every block it
 * touched, the suggest-only and comment-only checks (S1, suggestCheck.ts), suggestion
 * authorship, and unique block ids. The room runs it inside its serial queue and commits
 * what it answers as applied; a refusal that reached the document (`dirty`) makes the room
 * reload from the store, which never held it.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { Schema } from '@tiptap/pm/model';
import { CloseCode, CONTENT_FIELD } from '../../shared/protocol.js';
import { LIMITS } from '../../shared/limits.js';
import { mayWrite } from '../../shared/permissions.js';
import { BLOCK_ID_ATTR } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';
import { SUGGESTION_META_FIELD, type SuggestionMeta } from '../../shared/suggestions/model.js';
import { findSuggestions, idsWithMixedAuthors, type FoundSuggestion } from '../../shared/suggestions/resolve.js';
import type { Connection } from './Connection.js';
import type { CollabHooks } from './hooks.js';
import { parseUpdate, type ParsedUpdate } from './parseUpdate.js';
import { checkBlock, readBlockId } from './validateContent.js';
import { blocksReachedBy, blocksToJson, isOnlyOwnComments, isOnlySuggestion, orderBlocks, ownThreads } from './suggestCheck.js';

/** Origin of the server's own fix-up transactions (and of server commands). */
export const SERVER_ORIGIN = Symbol('atelier-server');

/** An update applied to the room's document and waiting for its commit; `conn` is null for the server's own. */
export interface Pending {
  update: Uint8Array;
  conn: Connection | null;
}

/** Outcome of checking one write; expected failures are values. */
export type WriteResult =
  | { kind: 'noop' }
  | { kind: 'held' }
  | { kind: 'applied'; entries: Pending[] }
  | { kind: 'refused'; code: number; message: string; dirty: boolean };

/** A generated block id: 12 URL-safe characters. */
function generateBlockId(): string {
  return randomBytes(9).toString('base64url');
}

/** The room's live document, as the gate sees it (the room may rebuild it). */
export interface GateTarget {
  readonly docName: string;
  readonly doc: Y.Doc;
  readonly fragment: Y.XmlFragment;
}

/** The checks of one room, with what they remember between updates. */
export class WriteGate {
  /** Approximate encoded size of the document (stored bytes plus updates since), for the size limit. */
  private approxSize = 0;
  /** Which block holds each block id, to repair duplicates. */
  private blockIds = new Map<string, Y.XmlElement>();

  constructor(
    private readonly room: GateTarget,
    private readonly schema: Schema,
    private readonly hooks: CollabHooks,
  ) {}

  /** The document's size is known to be `bytes` (just loaded or compacted). */
  measured(bytes: number): void {
    this.approxSize = bytes;
  }

  /** Learns the block ids of a freshly built document (first holder of an id keeps it). */
  rememberBlockIds(doc: Y.Doc): void {
    this.blockIds = new Map();
    for (const child of doc.getXmlFragment(CONTENT_FIELD).toArray()) {
      if (child instanceof Y.XmlElement) {
        const id = readBlockId(child);
        if (id && !this.blockIds.has(id)) this.blockIds.set(id, child);
      }
    }
  }

  /** Whether a delete range removes something not already deleted. */
  private deletesSomethingNew(client: number, clock: number, length: number): boolean {
    const structs = this.room.doc.store.clients.get(client);
    if (!structs) return false;
    const end = Math.min(clock + length, Y.getState(this.room.doc.store, client));
    if (clock >= end) return false;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
      if (!structs[i].deleted) return true;
    }
    return false;
  }

  /** Checks the update's dependencies against the document; returns a reason when incomplete. */
  private missingDependency(update: ParsedUpdate): string | null {
    const state = (client: number) => Y.getState(this.room.doc.store, client);
    const known = new Map<number, number>();
    for (const run of update.runs) {
      if (run.clock > state(run.client)) return 'update depends on changes the server does not have';
      known.set(run.client, Math.max(state(run.client), run.clock + run.length));
    }
    const knownEnd = (client: number) => known.get(client) ?? state(client);
    for (const dep of update.dependencies) if (dep.clock >= knownEnd(dep.client)) return 'update depends on changes the server does not have';
    for (const del of update.deletes) if (del.clock + del.length > knownEnd(del.client)) return 'update deletes changes the server does not have';
    return null;
  }

  /** Checks one update from `conn` and, when it passes, applies it to the document. */
  check(conn: Connection, bytes: Uint8Array): WriteResult {
    const parsed = parseUpdate(bytes);
    if (!parsed.ok) return { kind: 'refused', code: CloseCode.malformed, message: `malformed update: ${parsed.reason}`, dirty: false };
    const update = parsed.update;
    if (update.hasSkips) return { kind: 'refused', code: CloseCode.malformed, message: 'update has holes', dirty: false };
    const missing = this.missingDependency(update);
    if (missing) {
      // A stock client that reconnects sends what it types at once, before its sync step 2
      // (which carries everything it has, this too) answers the server's step 1: such an
      // update is held until that step 2, then checked again. After it, or past a bound,
      // a missing dependency is malformed (CONTRACT.md).
      if (conn.mayHold) return { kind: 'held' };
      return { kind: 'refused', code: CloseCode.malformed, message: missing, dirty: false };
    }

    const addsStructs = update.runs.some((run) => run.clock + run.length > Y.getState(this.room.doc.store, run.client));
    const deletes = update.deletes.some((d) => this.deletesSomethingNew(d.client, d.clock, d.length));
    if (!addsStructs && !deletes) return { kind: 'noop' };

    if (!mayWrite(conn.capability)) {
      return { kind: 'refused', code: CloseCode.updateRefused, message: 'you can read this section but not change it', dirty: false };
    }
    for (const name of update.rootNames) {
      if (name !== CONTENT_FIELD) return { kind: 'refused', code: CloseCode.updateRefused, message: 'content outside the document', dirty: false };
    }
    if (update.rootKeys) return { kind: 'refused', code: CloseCode.updateRefused, message: 'content outside the document', dirty: false };
    if (this.approxSize + bytes.byteLength > LIMITS.maxDocumentBytes) {
      this.approxSize = Y.encodeStateAsUpdate(this.room.doc).byteLength;
      if (this.approxSize + bytes.byteLength > LIMITS.maxDocumentBytes) {
        return { kind: 'refused', code: CloseCode.documentTooLarge, message: 'this section is too large; split it into several sections', dirty: false };
      }
    }
    // For suggest- and comment-only connections, capture the blocks the update can reach before applying it (S1).
    const before = conn.capability === 'suggest' || conn.capability === 'comment' ? this.captureReached(update) : null;
    return this.applyChecked(conn, bytes, before);
  }

  private captureReached(update: ParsedUpdate): { blocks: Y.XmlElement[]; json: PmJson[] } {
    const blocks = orderBlocks(blocksReachedBy(this.room.doc, this.room.fragment, update));
    return { blocks, json: blocksToJson(blocks) };
  }

  /**
   * Watches what the document's transactions touch until `stop`: the updates they produce
   * (the server's own fix-ups have no connection) and the top-level blocks they reach.
   */
  private watch(conn: Connection | null): { entries: Pending[]; touched: Set<Y.XmlElement>; problem: () => string | null; stop: () => void } {
    const entries: Pending[] = [];
    const touched = new Set<Y.XmlElement>();
    let problem: string | null = null;
    const fragment = this.room.fragment;
    const doc = this.room.doc;

    const onUpdate = (update: Uint8Array, origin: unknown) => entries.push({ update, conn: origin === SERVER_ORIGIN ? null : conn });
    const touch = (item: Y.Item) => {
      let type = item.parent as Y.AbstractType<unknown> | null;
      if (type === fragment) {
        const content = item.content;
        if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) touched.add(content.type);
        else if (!item.deleted) problem = 'only blocks may sit at the top of a document';
        return;
      }
      while (type && type._item && type._item.parent !== fragment) type = type._item.parent as Y.AbstractType<unknown>;
      if (!type || !type._item) {
        if (!item.deleted) problem = 'content outside the document';
        return;
      }
      touched.add(type as Y.XmlElement);
    };
    const onTransaction = (tr: Y.Transaction) => {
      for (const [client, after] of tr.afterState) {
        const before = tr.beforeState.get(client) ?? 0;
        if (after <= before) continue;
        const structs = doc.store.clients.get(client) ?? [];
        for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
          const struct = structs[i];
          if (struct instanceof Y.Item) touch(struct);
        }
      }
      Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
        if (struct instanceof Y.Item) touch(struct);
      });
    };
    doc.on('update', onUpdate);
    doc.on('afterTransaction', onTransaction);
    return {
      entries,
      touched,
      problem: () => problem,
      stop: () => {
        doc.off('update', onUpdate);
        doc.off('afterTransaction', onTransaction);
      },
    };
  }

  /** Checks every live touched block against the schema; answers their JSON, or why one fails. */
  private checkSchema(touched: Set<Y.XmlElement>): { ok: true; blocks: Y.XmlElement[]; json: PmJson[] } | { ok: false; reason: string } {
    const blocks = [...touched].filter((block) => !block._item?.deleted);
    const json: PmJson[] = [];
    for (const block of blocks) {
      const check = checkBlock(block, this.schema);
      if (!check.ok) return { ok: false, reason: `content refused: ${check.reason}` };
      json.push(check.json);
    }
    return { ok: true, blocks, json };
  }

  /** Applies an update to the document, checks the blocks it touched, and repairs block ids. */
  private applyChecked(conn: Connection, bytes: Uint8Array, before: { blocks: Y.XmlElement[]; json: PmJson[] } | null): WriteResult {
    const watch = this.watch(conn);
    let problem: string | null = null;
    const refuse = (message: string): WriteResult => {
      watch.stop();
      return { kind: 'refused', code: CloseCode.updateRefused, message, dirty: true };
    };
    try {
      Y.applyUpdate(this.room.doc, bytes, conn);
    } catch (error) {
      problem = error instanceof Error ? error.message : 'update could not be applied';
    }
    problem ??= watch.problem();
    if (this.room.doc.store.pendingStructs || this.room.doc.store.pendingDs) problem ??= 'update depends on changes the server does not have';
    if (problem) return refuse(problem);
    const schema = this.checkSchema(watch.touched);
    if (!schema.ok) return refuse(schema.reason);
    const { blocks } = schema;
    if (before) {
      const reached = orderBlocks([...before.blocks, ...blocks]);
      const after = blocksToJson(reached);
      const own = ownThreads(before.json, after, conn.identity.userId, (threadId) => this.hooks.threadOwner(this.room.docName, threadId));
      if (conn.capability === 'comment' && !isOnlyOwnComments(before.json, after, own)) {
        return refuse('you can only add or remove your own comments here');
      }
      if (conn.capability === 'suggest' && !isOnlySuggestion(before.json, after, conn.identity.userId, own)) {
        return refuse('you can only suggest changes here: this edit changed text directly or touched someone else\'s suggestion or comment');
      }
    }
    const authorship = this.checkSuggestionAuthors(conn, schema.json);
    if (!authorship.ok) return refuse(authorship.reason);
    this.stampSuggestions(conn, authorship.fresh);
    this.repairBlockIds(blocks);
    watch.stop();
    for (const entry of watch.entries) this.approxSize += entry.update.byteLength;
    return { kind: 'applied', entries: watch.entries };
  }

  /**
   * Runs a server command's change (a decision, a restore, a thread anchored from feedback)
   * on the document through the checks a client's update passes that are not about who
   * sends it (U1): the schema of every block it touched, the size limit, unique block ids.
   * The server is its author, so capability and the suggest-only check do not apply. An
   * exception thrown by `change` propagates (the caller's unit of work rolls back). A
   * refusal is `dirty` when the change reached the document.
   */
  applyCommand(change: () => void): WriteResult {
    const watch = this.watch(null);
    try {
      this.room.doc.transact(change, SERVER_ORIGIN);
    } finally {
      watch.stop();
    }
    if (!watch.entries.length) return { kind: 'noop' };
    const refuse = (code: number, message: string): WriteResult => ({ kind: 'refused', code, message, dirty: true });
    const problem = watch.problem();
    if (problem) return refuse(CloseCode.updateRefused, problem);
    const schema = this.checkSchema(watch.touched);
    if (!schema.ok) return refuse(CloseCode.updateRefused, schema.reason);
    const bytes = watch.entries.reduce((sum, entry) => sum + entry.update.byteLength, 0);
    if (this.approxSize + bytes > LIMITS.maxDocumentBytes && Y.encodeStateAsUpdate(this.room.doc).byteLength > LIMITS.maxDocumentBytes) {
      return refuse(CloseCode.documentTooLarge, 'this section would become too large');
    }
    const fixes = this.watch(null);
    this.repairBlockIds(schema.blocks);
    fixes.stop();
    const entries = [...watch.entries, ...fixes.entries];
    for (const entry of entries) this.approxSize += entry.update.byteLength;
    return { kind: 'applied', entries };
  }

  /**
   * A suggestion carries its author's name: new suggestion ids must be the sender's own,
   * and a known id keeps the author the server first saw for it.
   */
  private checkSuggestionAuthors(conn: Connection, blocks: PmJson[]): { ok: true; fresh: FoundSuggestion[] } | { ok: false; reason: string } {
    const meta = this.room.doc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD);
    const fresh: FoundSuggestion[] = [];
    if (idsWithMixedAuthors(blocks).length) return { ok: false, reason: 'a suggestion carries someone else\'s name beside its author\'s' };
    for (const suggestion of findSuggestions(blocks)) {
      const known = meta.get(suggestion.id);
      if (known && known.author !== suggestion.author) return { ok: false, reason: 'a suggestion changed its author' };
      if (!known) {
        if (suggestion.author !== conn.identity.userId) return { ok: false, reason: 'suggestions must carry your own name' };
        fresh.push(suggestion);
      }
    }
    return { ok: true, fresh };
  }

  /** Records who made each new suggestion and when, by the server's clock. */
  private stampSuggestions(conn: Connection, fresh: FoundSuggestion[]): void {
    if (!fresh.length) return;
    const meta = this.room.doc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD);
    const { identity } = conn;
    this.room.doc.transact(() => {
      for (const suggestion of fresh) {
        meta.set(suggestion.id, { author: identity.userId, name: identity.name, organisation: identity.organisation, at: Date.now() });
      }
    }, SERVER_ORIGIN);
  }

  /**
   * Gives every touched top-level block a unique, well-formed id, in a fix-up transaction of
   * the server's own. Concurrent edits can duplicate an id (two people split the same
   * paragraph): that is repaired, never refused.
   */
  private repairBlockIds(blocks: Y.XmlElement[]): void {
    const fixes: Y.XmlElement[] = [];
    for (const block of blocks) {
      const id = readBlockId(block);
      const owner = id ? this.blockIds.get(id) : undefined;
      const ownerLive = owner && owner !== block && !owner._item?.deleted && owner.parent === this.room.fragment;
      if (!id || ownerLive) fixes.push(block);
      else this.blockIds.set(id, block);
    }
    if (!fixes.length) return;
    this.room.doc.transact(() => {
      for (const block of fixes) {
        const id = generateBlockId();
        block.setAttribute(BLOCK_ID_ATTR, id);
        this.blockIds.set(id, block);
      }
    }, SERVER_ORIGIN);
  }
}
