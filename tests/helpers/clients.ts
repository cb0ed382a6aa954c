/**
 * Headless clients for tests: sign-in over HTTP, the stock y-websocket provider with the
 * session cookie (through a WebSocketPolyfill subclass of `ws`), and raw sockets for
 * hostile frames.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { MessageType } from '../../shared/protocol.js';
import { credentials, DEMO, type DemoAccount } from './demoAccounts.js';

export { DEMO, type DemoAccount };

/** Signs in and returns the session cookie (`name=value`). */
export async function signIn(baseUrl: string, who: DemoAccount | { email: string; password: string }): Promise<string> {
  const account = credentials(typeof who === 'string' ? DEMO[who] : who);
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return cookie;
}

export interface WorkspaceSummary {
  id: string;
  slug: string;
  languages: string[];
  sections: { id: string; slug: string; title: string; docs: Record<string, string>; url: string }[];
}

/** Lists the workspaces a session can see. */
export async function listWorkspaces(baseUrl: string, cookie: string): Promise<WorkspaceSummary[]> {
  const res = await fetch(`${baseUrl}/api/workspaces`, { headers: { cookie } });
  if (!res.ok) throw new Error(`workspaces: ${res.status}`);
  return (await res.json()) as WorkspaceSummary[];
}

/** The demo toolbox's section titled `title` (its app path in `url`, its drafts in `docs`), as staff see it. */
export async function demoSection(baseUrl: string, title: string): Promise<WorkspaceSummary['sections'][number]> {
  const cookie = await signIn(baseUrl, 'staff');
  const section = (await listWorkspaces(baseUrl, cookie)).find((w) => w.slug === 'toolbox')?.sections.find((s) => s.title === title);
  if (!section?.url) throw new Error(`the demo toolbox has no section "${title}" with a url`);
  return section;
}

/** The first section draft document of the demo toolbox, in its first language. */
export async function firstDocName(baseUrl: string, cookie: string, workspace = 'toolbox'): Promise<string> {
  const ws = (await listWorkspaces(baseUrl, cookie)).find((w) => w.slug === workspace);
  if (!ws) throw new Error(`no workspace ${workspace}`);
  return ws.sections[0].docs[ws.languages[0]];
}

/** A `ws` subclass that adds the session cookie and an Origin, as a browser would. */
export function cookieSocket(cookie: string, origin?: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie, ...(origin ? { origin } : {}) } });
    }
  } as typeof WebSocket;
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes this client has received, in order. */
  closes: number[];
  /** Refusal reasons the server sent before closing (with ?ack=1). */
  refusals: string[];
  /** Highest `committed` acknowledgement received. */
  acked(): number;
  fragment(): Y.XmlFragment;
  destroy(): void;
}

/** Connects the stock y-websocket provider to `/collab/<docName>`. */
export function connectClient(baseUrl: string, docName: string, cookie: string, options: { params?: Record<string, string>; doc?: Y.Doc; connect?: boolean } = {}): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', docName, doc, {
    WebSocketPolyfill: cookieSocket(cookie) as never,
    disableBc: true,
    params: options.params ?? {},
    connect: options.connect ?? true,
  });
  let acked = 0;
  provider.messageHandlers[MessageType.committed] = (_encoder, decoder) => {
    acked = Math.max(acked, decoding.readVarUint(decoder));
  };
  const refusals: string[] = [];
  provider.messageHandlers[MessageType.refusal] = (_encoder, decoder) => {
    refusals.push(decoding.readVarString(decoder));
  };
  const closes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    provider,
    closes,
    refusals,
    acked: () => acked,
    fragment: () => doc.getXmlFragment('default'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits until the provider has completed its first sync. */
export function whenSynced(client: TestClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const handler = (synced: boolean) => {
      if (!synced) return;
      client.provider.off('sync', handler);
      resolve();
    };
    client.provider.on('sync', handler);
  });
}

export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: Promise<void>;
  /** Resolves with the close code. */
  closed: Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array | number[]): void;
}

/** A raw websocket to the collab endpoint, for hostile frames and upgrade checks. */
export function rawSocket(baseUrl: string, path: string, headers: Record<string, string> = {}): RawSocket {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { headers });
  const messages: Uint8Array[] = [];
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  opened.catch(() => undefined);
  return { ws, messages, opened, closed, send: (bytes) => ws.send(Uint8Array.from(bytes)) };
}

/** Plain text of a draft (for comparisons). */
export function textOf(fragment: Y.XmlFragment): string {
  return fragment.toString();
}
