/**
 * Wire constants of the collaboration protocol (CONTRACT.md, "Collaboration").
 * The y-websocket protocol uses message types 0 (sync) and 1 (awareness); the types above
 * them are Atelier's own and are only sent to clients that ask with `?ack=1`.
 */

export const MessageType = {
  sync: 0,
  awareness: 1,
  /** Server → client: every update this connection sent up to now is committed. */
  committed: 100,
  /** Server → client: the reason for a refusal, as JSON text, sent just before a close. */
  refusal: 101,
} as const;

export const SyncMessageType = { step1: 0, step2: 1, update: 2 } as const;

/** Close codes a live connection may receive; the app switches on these. */
export const CloseCode = {
  serverShuttingDown: 1001,
  messageTooBig: 1009,
  capabilityChanged: 4100,
  storageBusy: 4200,
  malformed: 4400,
  sessionEnded: 4401,
  accessRemoved: 4403,
  documentTooLarge: 4413,
  updateRefused: 4422,
  clientTooOld: 4426,
  tooManyUpdates: 4429,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes the stock y-websocket client reconnects on (everything below 4400). */
export function isReconnectingClose(code: number): boolean {
  return code < 4400;
}

/** Document names: `<workspace>.<section>.<lang>`, only `[A-Za-z0-9._-]`. */
export const DOC_NAME_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

/** Builds the document name of one section draft in one language. */
export function buildDocName(workspaceSlug: string, sectionId: string, lang: string): string {
  return `${workspaceSlug}.${sectionId}.${lang}`;
}

/** The editor version this build speaks; clients may send it as `?v=`. */
export const EDITOR_VERSION = 1;
/** Oldest editor version the server still accepts. */
export const MIN_EDITOR_VERSION = 1;

/** The Y.XmlFragment holding the editor content (TipTap Collaboration's default). */
export const CONTENT_FIELD = 'default';

/** Query parameter a client sets to receive the `committed` acknowledgement. */
export const ACK_QUERY_PARAM = 'ack';
