/**
 * Decisions on suggestions (flow 2, S2): accept, reject and withdraw are server commands.
 * The server resolves the suggestions on the document itself — through the room's queue,
 * so it sees committed state — and records each decision: who suggested, who decided,
 * when, why, the text before and after. A decision is about whole suggestions (G2): every
 * carrier of an id — marks and block attributes, top-level or nested — is decided together,
 * and a decision that would leave part of one pending is refused (409). The document change, the decision rows, the
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
import { getEditorSchema } from '../../shared/editor/extensions.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { resolveSuggestions, type Decision as Verdict } from '../../shared/suggestions/resolve.js';
import { decisionTexts, scanGroups, type SuggestionGroup } from './suggestionGroups.js';
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
  group: SuggestionGroup;
  kind: string;
  before: string;
  after: string;
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
        const decisions = outcomes.map(({ group, kind, before, after }) => {
          const { lastInsertRowid } = insertDecision.run({
            doc: request.docName,
            suggestionId: group.id,
            kind,
            authorId: group.author,
            decidedBy: actor.id,
            action: request.action,
            reason: request.reason || null,
            before,
            after,
            at,
          });
          return { suggestionId: group.id, authorId: group.author, action: request.action, decisionId: Number(lastInsertRowid) };
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
        const groups = scanGroups(blocks);
        const chosen = [...ids].flatMap((id) => groups.get(id) ?? []);
        if (chosen.length !== ids.size) return fail('conflict', 'Some of these suggestions were already settled or changed. Refresh and try again.');
        // Withdrawing takes back a whole suggestion: every part of it must be one's own.
        if (request.action === 'withdraw' && chosen.some((group) => group.authors.some((a) => a !== actor.id))) {
          return fail('forbidden', 'You can only withdraw your own suggestions.');
        }
        // "Before" and "after" are that suggestion's own text (suggestionGroups.ts).
        const outcomes = chosen.map((group): Outcome => ({ group, kind: group.kind, ...decisionTexts(blocks, group) }));
        const resolved = resolveSuggestions(blocks, (s) => (ids.has(s.id) ? verdict : null));
        // G2: a decision settles every carrier of each suggestion it names, or nothing at all.
        const left = scanGroups(resolved);
        const partial = outcomes.find(({ group }) => left.has(group.id));
        if (partial) {
          return fail('conflict', `The ${partial.kind} suggestion ${partial.group.id} could not be decided as a whole (part of it would stay pending). Nothing was changed.`);
        }
        const node = schema.nodeFromJSON({ type: 'doc', content: resolved.length ? resolved : [{ type: 'paragraph' }] });
        updateYFragment(doc, fragment, node, { mapping: new Map(), isOMark: new Map() });
        record(outcomes);
        return succeed(outcomes);
      });
      if (!outcome.ok) return outcome;
      return succeed(outcome.value.map(({ group }) => ({ id: group.id, action: request.action })));
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
