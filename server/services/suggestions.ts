/**
 * Decisions on suggestions (flow 2, S2): accept, reject and withdraw are server commands.
 * The server resolves the suggestions on the document itself — through the room's queue,
 * so it sees committed state — and records each decision: who suggested, who decided,
 * when, why, the text before and after. The document change, the decision rows, the
 * settled threads, the authors' notifications and the audit entry are one unit of work
 * (U1): they commit together, then the change is broadcast; if any of them fails, none is
 * stored and nobody sees the change.
 */
import * as Y from 'yjs';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { Db } from '../db/database.js';
import type { EditAuthor } from '../db/docStore.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { Decision, DecideSuggestionsRequest } from '../../shared/api.js';

/** accept, reject or withdraw. */
export type DecisionAction = Decision['action'];

/** A decision on some of one draft's suggestions. */
export type DecideRequest = DecideSuggestionsRequest & { docName: string; action: DecisionAction };
import type { PmJson } from '../../shared/editor/json.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { findSuggestions, resolveSuggestions, type Decision as Verdict, type FoundSuggestion } from '../../shared/suggestions/resolve.js';
import { elementToJson } from '../collab/validateContent.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import type { WorkspaceRecord } from './workspaces.js';
import { fail, succeed, type Result } from './result.js';


export interface SuggestionService {
  /**
   * Settles suggestions. The caller's permission for the action is checked by the route
   * (the permission matrix); withdrawing is further limited to one's own suggestions here.
   */
  decide(actor: UserRecord, workspace: WorkspaceRecord, request: DecideRequest): Promise<Result<{ id: string; action: DecisionAction }[]>>;
  listDecisions(docName: string): Decision[];
}

interface Outcome {
  suggestion: FoundSuggestion;
  before: string;
  after: string;
}

function plainText(blocks: readonly PmJson[]): string {
  const text = (node: PmJson): string => node.text ?? (node.content ?? []).map(text).join('');
  return blocks.map(text).join('\n');
}

/** Index of the top-level block holding a suggestion. */
function blockIndexOf(blocks: readonly PmJson[], id: string): number {
  return blocks.findIndex((block) => findSuggestions([block]).some((s) => s.id === id));
}

/** Creates the suggestion service. */
export function createSuggestionService(db: Db, deps: { commands: DocumentCommands; audit: AuditService; events: ServiceEvents }): SuggestionService {
  const insertDecision = db.prepare(
    `INSERT INTO suggestion_decisions (doc, suggestion_id, kind, author_id, decided_by, action, reason, before_text, after_text, at)
     VALUES (@doc, @suggestionId, @kind, @authorId, @decidedBy, @action, @reason, @before, @after, @at)`,
  );
  const listRows = db.prepare<[string], Record<string, unknown>>(
    `SELECT d.*, a.name AS author_name, ao.id AS author_org_id, ao.name AS author_org_name,
            u.name AS decider_name, uo.id AS decider_org_id, uo.name AS decider_org_name
       FROM suggestion_decisions d
       LEFT JOIN users a ON a.id = d.author_id
       LEFT JOIN organisations ao ON ao.id = a.organisation_id
       JOIN users u ON u.id = d.decided_by
       JOIN organisations uo ON uo.id = u.organisation_id
      WHERE d.doc = ? ORDER BY d.at DESC, d.id DESC`,
  );

  const service: SuggestionService = {
    async decide(actor, workspace, request) {
      const ids = new Set(request.ids);
      const verdict: Verdict = request.action === 'accept' ? 'accept' : 'reject';
      const schema = getEditorSchema();
      const author: EditAuthor = { userId: actor.id, organisationId: actor.organisationId };

      /** The decision's rows, written in the command's unit of work. */
      const record = (outcomes: Outcome[]) => {
        const at = Date.now();
        const decisions = outcomes.map(({ suggestion, before, after }) => {
          const { lastInsertRowid } = insertDecision.run({
            doc: request.docName,
            suggestionId: suggestion.id,
            kind: suggestion.kind,
            authorId: suggestion.author,
            decidedBy: actor.id,
            action: request.action,
            reason: request.reason || null,
            before,
            after,
            at,
          });
          return { suggestionId: suggestion.id, authorId: suggestion.author, action: request.action, decisionId: Number(lastInsertRowid) };
        });
        // Listeners (threads on the suggestions, the authors' inbox) write in the same transaction.
        deps.events.emit('suggestion-decided', { workspaceId: workspace.id, docName: request.docName, actorId: actor.id, decisions });
        deps.audit.record({
          actorId: actor.id,
          action: `suggestion.${request.action}`,
          workspaceId: workspace.id,
          target: request.docName,
          details: { ids: [...ids], reason: request.reason ?? null },
        });
      };

      const outcome = await deps.commands.command(request.docName, author, (doc): Result<Outcome[]> => {
        const fragment = doc.getXmlFragment(CONTENT_FIELD);
        const blocks = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement).map((el) => elementToJson(el));
        const chosen = findSuggestions(blocks).filter((s) => ids.has(s.id));
        if (chosen.length !== ids.size) return fail('conflict', 'Some of these suggestions were already settled or changed. Refresh and try again.');
        if (request.action === 'withdraw' && chosen.some((s) => s.author !== actor.id)) {
          return fail('forbidden', 'You can only withdraw your own suggestions.');
        }
        // "Before" is the text without the suggestion, "after" the text with it, over its block
        // (and the previous one, for splits and joins): what the decision was about.
        const outcomes = chosen.map((suggestion) => {
          const index = blockIndexOf(blocks, suggestion.id);
          const from = suggestion.kind === 'split' || suggestion.kind === 'join' ? Math.max(0, index - 1) : index;
          const scope = blocks.slice(from, index + 1);
          const as = (decision: Verdict) => plainText(resolveSuggestions(scope, (s) => (s.id === suggestion.id ? decision : null)));
          return { suggestion, before: as('reject'), after: as('accept') };
        });
        const resolved = resolveSuggestions(blocks, (s) => (ids.has(s.id) ? verdict : null));
        const node = schema.nodeFromJSON({ type: 'doc', content: resolved.length ? resolved : [{ type: 'paragraph' }] });
        updateYFragment(doc, fragment, node, { mapping: new Map(), isOMark: new Map() });
        record(outcomes);
        return succeed(outcomes);
      });
      if (!outcome.ok) return outcome;
      return succeed(outcome.value.map(({ suggestion }) => ({ id: suggestion.id, action: request.action })));
    },

    listDecisions(docName) {
      return listRows.all(docName).map((row) => ({
        suggestionId: row.suggestion_id as string,
        kind: row.kind as string,
        action: row.action as Decision['action'],
        reason: (row.reason as string | null) ?? null,
        author: row.author_name
          ? { id: row.author_id as string, name: row.author_name as string, organisation: { id: row.author_org_id as string, name: row.author_org_name as string } }
          : null,
        decidedBy: { id: row.decided_by as string, name: row.decider_name as string, organisation: { id: row.decider_org_id as string, name: row.decider_org_name as string } },
        before: row.before_text as string,
        after: row.after_text as string,
        at: row.at as number,
      }));
    },
  };
  return service;
}
