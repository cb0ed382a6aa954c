/**
 * Comment threads on a section draft (`/api/docs/:docName/threads…`), the workspace-wide
 * thread list, and the person's inbox. Commenting needs `draft.comment` (partners and
 * staff; readers where the workspace allows it); moderating others' threads needs
 * `comment.moderate` (staff). The route registry checks the role; the service checks
 * ownership (one's own messages).
 */
import {
  CreateThreadRequestSchema,
  EditMessageRequestSchema,
  InboxSchema,
  InboxSettingsSchema,
  MarkReadRequestSchema,
  PostMessageRequestSchema,
  ReattachThreadRequestSchema,
  ResolveThreadRequestSchema,
  ThreadListSchema,
  ThreadQuerySchema,
  ThreadResponseSchema,
} from '../../shared/comments/api.js';
import { OkResponseSchema } from '../../shared/api.js';
import type { Services } from '../services/index.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';
import { openEventStream } from './sse.js';

const presentThread = (thread: unknown) => ({ thread });
const THREAD = '/api/docs/:docName/threads/:threadId';
const threadResponses = {
  200: { description: 'The thread after the change', schema: ThreadResponseSchema },
  403: { description: 'Not allowed for this role, or not your message' },
  404: { description: 'No such section, thread or message' },
};

/** The thread, message and inbox routes. */
export function buildCommentRoutes({ services }: { services: Services }): ApiRoute[] {
  const { comments, inbox } = services;
  return [
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/threads',
      summary: "A section draft's comment threads with their messages, oldest first",
      tag: 'comments',
      access: { kind: 'document', action: 'section.read' },
      responses: { 200: { description: 'Threads', schema: ThreadListSchema }, 404: { description: 'No such section' } },
      handle({ res, params }) {
        res.json(comments.listForDoc(params.docName));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/threads',
      summary: 'Start a thread on a passage (the editor then marks it) or on a suggestion',
      tag: 'comments',
      access: { kind: 'document', action: 'draft.comment' },
      body: CreateThreadRequestSchema,
      responses: { 201: { description: 'The new thread', schema: ThreadResponseSchema }, ...threadResponses },
      handle({ res, user, workspace, body, params }) {
        sendResult(res, comments.create(user, workspace, params.docName, body), 201, presentThread);
      },
    }),
    defineRoute({
      method: 'post',
      path: `${THREAD}/messages`,
      summary: 'Reply in a thread',
      tag: 'comments',
      access: { kind: 'document', action: 'draft.comment' },
      body: PostMessageRequestSchema,
      responses: threadResponses,
      handle({ res, user, workspace, body, params }) {
        sendResult(res, comments.reply(user, workspace, params.docName, params.threadId, body), 200, presentThread);
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${THREAD}/messages/:messageId`,
      summary: 'Edit your own message',
      tag: 'comments',
      access: { kind: 'document', action: 'draft.comment' },
      body: EditMessageRequestSchema,
      responses: threadResponses,
      handle({ res, user, body, params }) {
        sendResult(res, comments.editMessage(user, params.docName, params.threadId, params.messageId, body), 200, presentThread);
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${THREAD}/messages/:messageId`,
      summary: 'Delete your own message (staff: anyone’s); a tombstone keeps its place',
      tag: 'comments',
      access: { kind: 'document', action: 'draft.comment' },
      responses: threadResponses,
      handle({ res, user, role, params }) {
        sendResult(res, comments.deleteMessage(user, role, params.docName, params.threadId, params.messageId), 200, presentThread);
      },
    }),
    ...(['resolve', 'reopen'] as const).map((verb) =>
      defineRoute({
        method: 'post',
        path: `${THREAD}/${verb}`,
        summary: verb === 'resolve' ? 'Resolve a thread, optionally naming the decision or revision that settled it' : 'Reopen a resolved thread',
        tag: 'comments',
        access: { kind: 'document', action: 'draft.comment' },
        body: ResolveThreadRequestSchema,
        responses: threadResponses,
        handle({ res, user, workspace, body, params }) {
          const status = verb === 'resolve' ? 'resolved' : 'open';
          sendResult(res, comments.setStatus(user, workspace, params.docName, params.threadId, status, verb === 'resolve' ? body.settledBy : undefined), 200, presentThread);
        },
      }),
    ),
    defineRoute({
      method: 'post',
      path: `${THREAD}/reattach`,
      summary: 'Give a detached thread new text (staff), which the editor then marks',
      tag: 'comments',
      access: { kind: 'document', action: 'comment.moderate' },
      body: ReattachThreadRequestSchema,
      responses: threadResponses,
      handle({ res, user, body, params }) {
        sendResult(res, comments.reattach(user, params.docName, params.threadId, body), 200, presentThread);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/threads',
      summary: "A workspace's threads, newest activity first; filter by status, section, person, organisation, mentions of you",
      tag: 'comments',
      access: { kind: 'workspace', action: 'workspace.read' },
      query: ThreadQuerySchema,
      responses: { 200: { description: 'Threads', schema: ThreadListSchema } },
      handle({ res, user, workspace, query }) {
        res.json(comments.listForWorkspace(workspace, user, query));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox',
      summary: 'Your notifications, newest first, and how many are unread',
      tag: 'inbox',
      access: { kind: 'session' },
      responses: { 200: { description: 'The inbox', schema: InboxSchema } },
      handle({ res, user }) {
        res.json(inbox.list(user.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/read',
      summary: 'Mark notifications read: some by id, or all',
      tag: 'inbox',
      access: { kind: 'session' },
      body: MarkReadRequestSchema,
      responses: { 200: { description: 'Done', schema: OkResponseSchema } },
      handle({ res, user, body }) {
        inbox.markRead(user.id, body);
        res.json({ ok: true });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/settings',
      summary: 'How often you get e-mail digests',
      tag: 'inbox',
      access: { kind: 'session' },
      responses: { 200: { description: 'Settings', schema: InboxSettingsSchema } },
      handle({ res, user }) {
        res.json({ digest: inbox.digestOf(user.id) });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/inbox/settings',
      summary: 'Choose how often you get e-mail digests (off, 15m, hourly, daily)',
      tag: 'inbox',
      access: { kind: 'session' },
      body: InboxSettingsSchema,
      responses: { 200: { description: 'Settings', schema: InboxSettingsSchema } },
      handle({ res, user, body }) {
        inbox.setDigest(user.id, body.digest);
        res.json({ digest: body.digest });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/events',
      summary: 'Server-Sent Events: `event: inbox` with the unread count whenever your inbox changes',
      tag: 'inbox',
      access: { kind: 'session' },
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
      handle({ req, res, user, session }) {
        const stream = openEventStream(req, res);
        stream.send('inbox', { unread: inbox.unreadCount(user.id) });
        const onInbox = ({ userId }: { userId: string }) => {
          if (userId === user.id) stream.send('inbox', { unread: inbox.unreadCount(user.id) });
        };
        const onSessionEnded = ({ sessionId }: { sessionId: string }) => {
          if (sessionId === session.id) stream.end();
        };
        services.events.on('inbox-changed', onInbox);
        services.events.on('session-ended', onSessionEnded);
        stream.onClose(() => {
          services.events.off('inbox-changed', onInbox);
          services.events.off('session-ended', onSessionEnded);
        });
      },
    }),
  ];
}
