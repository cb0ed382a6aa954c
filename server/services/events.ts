/** The services' event bus: what the collaboration server and SSE streams listen to. */
import { EventEmitter } from 'node:events';
import type * as Y from 'yjs';

/** Events and their payloads. */
export interface ServiceEventMap {
  /** A user's memberships or roles changed: live connections re-check their capability (A4). */
  'access-changed': [{ userId: string }];
  /** A session ended (sign-out, expiry): its connections close with 4401. */
  'session-ended': [{ sessionId: string }];
  /**
   * A session was replaced by a new id (role change, invitation accepted): the same browser
   * goes on with the new cookie, so its live connections may follow `to` instead of closing.
   */
  'session-rotated': [{ from: string; to: string; userId: string }];
  /**
   * A section draft's updates were committed and broadcast (the collaboration server's
   * `committed` hook). Listeners must return at once and do their work later, debounced:
   * the comment anchor scan and the search indexer.
   */
  'draft-committed': [{ docName: string }];
  /** A section draft's Y.Doc was built from the store, before any write reaches it (the activity record observes it). */
  'draft-built': [{ docName: string; doc: Y.Doc }];
  /** A workspace's outline changed (section created, renamed, moved, archived). */
  'outline-changed': [{ workspaceId: string }];
  /** A comment thread was created, answered, resolved, reopened, detached or re-attached. */
  'threads-changed': [{ workspaceId: string; docName: string; threadId: string }];
  /** Someone's inbox changed (a new notification, or some were read). */
  'inbox-changed': [{ userId: string }];
  /** Suggestions were accepted, rejected or withdrawn (S2). */
  'suggestion-decided': [{ workspaceId: string; docName: string; actorId: string; decisions: { suggestionId: string; authorId: string; action: 'accept' | 'reject' | 'withdraw'; decisionId: number }[] }];
  /** A release was published (the search index takes its passages). */
  'release-published': [{ workspaceId: string; releaseId: string }];
  /** Someone asked staff to approve a section revision (the inbox notifies reviewers). */
  'revision-requested': [{ workspaceId: string; sectionId: string; lang: string; requestId: string; requestedBy: string }];
  /** A request was approved (revision created) or changes were asked. */
  'revision-reviewed': [{ workspaceId: string; sectionId: string; lang: string; requestId: string; reviewedBy: string; outcome: 'approved' | 'changes-requested' }];
  /** An e-mail was written to the outbox (inside the caller's transaction: read it later, not now). */
  'mail-queued': [];
}

export type ServiceEvents = EventEmitter<ServiceEventMap>;

/** Creates the event bus. */
export function createServiceEvents(): ServiceEvents {
  const events = new EventEmitter<ServiceEventMap>();
  // One listener per open SSE stream: many is normal, not a leak.
  events.setMaxListeners(0);
  return events;
}
