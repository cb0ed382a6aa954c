/**
 * Feedback on a published release (flow 7): a reader quotes a passage and leaves a remark.
 * A signed-in member's remark goes straight into the draft (through the feedback sink, as a
 * comment thread at the same passage); the public's waits in the moderation queue until staff
 * accept (into the draft) or reject it.
 */
import type { Db } from '../db/database.js';
import type { PmJson } from '../../shared/editor/json.js';
import type { DraftFeedback, FeedbackItem, FeedbackMode, LeaveFeedbackRequest } from '../../shared/releases.js';
import type { FeedbackRecord, FeedbackStatus, ReleaseRecord, ReleaseStore } from '../db/releaseStore.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { FeedbackSink } from './feedbackSink.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import type { WorkspaceRecord } from './workspaces.js';

export interface FeedbackService {
  /** A remark on a published passage, when the release's setting lets this author leave one. */
  leaveFeedback(
    release: ReleaseRecord,
    author: { user: UserRecord | null; member: boolean },
    input: LeaveFeedbackRequest,
  ): Promise<Result<{ id: string; status: 'pending' | 'accepted' }>>;
  /** Feedback of a workspace: the moderation queue (pending) and what reached the draft. */
  listFeedback(workspace: WorkspaceRecord, status: FeedbackStatus): FeedbackItem[];
  /** Staff accept (into the draft) or reject a pending remark. */
  decideFeedback(actor: UserRecord, workspace: WorkspaceRecord, id: string, action: 'accept' | 'reject'): Promise<Result<FeedbackItem>>;
  /** Accepted feedback recorded beside a draft by the default sink, newest first. */
  draftFeedback(docName: string): DraftFeedback[];
}

/** Creates the feedback service; `content` and `feedbackMode` are the release service's. */
export function createFeedbackService(
  store: ReleaseStore,
  deps: {
    audit: AuditService;
    sink: FeedbackSink;
    db: Db;
    content(docName: string, number: number): PmJson[];
    feedbackMode(releaseId: string): FeedbackMode;
  },
): FeedbackService {
  const present = (row: FeedbackRecord): FeedbackItem => {
    const release = store.byId(row.releaseId);
    const section = release?.manifest.sections.find((s) => s.sectionId === row.sectionId);
    return {
      id: row.id,
      version: release?.version ?? '?',
      sectionId: row.sectionId,
      sectionTitle: section ? section.titles[row.lang] || Object.values(section.titles)[0] || section.slug : '?',
      lang: row.lang,
      blockId: row.blockId,
      quote: row.quote,
      body: row.body,
      name: row.name,
      signedIn: row.userId !== null,
      status: row.status,
      createdAt: row.createdAt,
      threadId: row.threadId,
    };
  };

  /**
   * Hands accepted feedback to the sink; the feedback's status and audit entry are written in
   * the sink's unit of work (U1): the thread, its message, the mark in the draft and these rows
   * commit together, or nothing does and the remark stays pending.
   */
  async function deliver(row: FeedbackRecord, release: ReleaseRecord, actorId: string | null): Promise<Result<FeedbackItem>> {
    const docName = store.draftOf(row.sectionId, row.lang);
    if (!docName) return fail('conflict', 'The section of this remark has no draft in that language any more.');
    const made = await deps.sink
      .createThreadFromFeedback(
        {
          feedbackId: row.id,
          workspaceId: row.workspaceId,
          docName,
          blockId: row.blockId,
          quote: row.quote,
          context: row.context,
          body: row.body,
          authorName: row.name,
          userId: row.userId,
          acceptedBy: actorId,
          release: { id: release.id, version: release.version },
        },
        ({ threadId, anchor }) => {
          const at = Date.now();
          // Two moderators at once: the second finds it decided, and all of its work rolls back.
          if (store.feedback(row.id, row.workspaceId)?.status !== 'pending') throw new FeedbackDecided();
          store.decideFeedback(row.id, 'accepted', actorId, at, threadId);
          deps.audit.record({ actorId, action: 'release.feedback.accept', workspaceId: row.workspaceId, target: release.version, details: { feedbackId: row.id, threadId, anchor, docName } }, at);
        },
      )
      .catch((error: unknown) => {
        if (error instanceof FeedbackDecided) return fail('conflict', 'This remark is not waiting for moderation.');
        throw error;
      });
    if (!made.ok) return made;
    return succeed(present(store.feedback(row.id, row.workspaceId)!));
  }

  return {
    async leaveFeedback(release, author, input) {
      const mode = deps.feedbackMode(release.id);
      const allowed = mode === 'public' || (mode === 'members' && author.member);
      if (!allowed) return fail('forbidden', 'Feedback is not open on this release.');
      const section = release.manifest.sections.find((s) =>
        Object.entries(s.revisions).some(([lang, revision]) => lang === input.lang && deps.content(revision.docName, revision.number).some((block) => block.attrs?.id === input.blockId)),
      );
      if (!section) return fail('validation_failed', 'No such passage in this release.', 'blockId');
      const revision = section.revisions[input.lang];
      const block = deps.content(revision.docName, revision.number).find((b) => b.attrs?.id === input.blockId)!;
      // The quote must be text of that block (whitespace aside): nothing else gets anchored.
      const squash = (value: string) => value.replace(/\s+/g, '');
      if (!squash(plainTextOf(block)).includes(squash(input.quote)) && !JSON.stringify(block).includes(input.quote)) {
        return fail('validation_failed', 'The quoted text is not in that passage.', 'quote');
      }
      const row: FeedbackRecord = {
        id: createId(),
        releaseId: release.id,
        workspaceId: release.workspaceId,
        sectionId: section.sectionId,
        lang: input.lang,
        blockId: input.blockId,
        quote: input.quote,
        context: input.context,
        body: input.body,
        name: input.name,
        userId: author.user?.id ?? null,
        status: 'pending',
        createdAt: Date.now(),
        decidedBy: null,
        decidedAt: null,
        threadId: null,
      };
      store.insertFeedback(row);
      // Members' remarks go straight into the draft; the public's wait for a moderator.
      if (!author.member) return succeed({ id: row.id, status: 'pending' as const });
      const delivered = await deliver(row, release, author.user?.id ?? null);
      if (!delivered.ok) return delivered;
      return succeed({ id: row.id, status: 'accepted' as const });
    },

    listFeedback: (workspace, status) => store.feedbackOf(workspace.id, status).map(present),

    draftFeedback: (docName) => store.draftFeedback(docName),

    async decideFeedback(actor, workspace, id, action) {
      const row = store.feedback(id, workspace.id);
      if (!row || row.status !== 'pending') return fail('conflict', 'This remark is not waiting for moderation.');
      const release = store.byId(row.releaseId);
      if (!release) return fail('conflict', 'The release of this remark is gone.');
      if (action === 'reject') {
        const at = Date.now();
        deps.db.transaction(() => {
          store.decideFeedback(id, 'rejected', actor.id, at, null);
          deps.audit.record({ actorId: actor.id, action: 'release.feedback.reject', workspaceId: workspace.id, target: release.version, details: { feedbackId: id } }, at);
        })();
        return succeed(present(store.feedback(id, workspace.id)!));
      }
      return deliver(row, release, actor.id);
    },
  };
}

/** Thrown inside a feedback's unit of work when someone else decided it first. */
class FeedbackDecided extends Error {}

function plainTextOf(node: PmJson): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(plainTextOf).join(' ');
}
