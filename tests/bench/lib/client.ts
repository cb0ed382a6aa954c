/** A stock WebsocketProvider client with timing marks for open, first sync step 2 received, and synced. */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

export interface TimedClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** performance.now() marks. */
  marks: { created: number; open: number; step2: number; synced: number };
  synced: Promise<void>;
  destroy(): void;
}

export function timedClient(wsBase: string, docName: string, cookie: string | null): TimedClient {
  const marks = { created: performance.now(), open: NaN, step2: NaN, synced: NaN };
  const Socket = class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
      // Registered before the provider's handlers: these marks are taken before the client applies anything.
      this.on('open', () => (marks.open = performance.now()));
      this.on('message', (data: ArrayBuffer | Buffer) => {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
        if (Number.isNaN(marks.step2) && bytes[0] === 0 && bytes[1] === 1) marks.step2 = performance.now();
      });
    }
  };
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase, docName, doc, { WebSocketPolyfill: Socket as never, disableBc: true });
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync for ${docName}`)), 60_000);
    provider.on('sync', (isSynced: boolean) => {
      if (!isSynced || !Number.isNaN(marks.synced)) return;
      marks.synced = performance.now();
      clearTimeout(timer);
      resolve();
    });
    provider.on('connection-close', (event) => {
      if (event && event.code >= 4400) reject(new Error(`closed ${event.code} ${event.reason}`));
    });
  });
  synced.catch(() => undefined);
  return {
    doc,
    provider,
    marks,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
