/**
 * The stock provider of each protocol behind one shape: y-websocket's WebsocketProvider
 * (ours, the reference) or @hocuspocus/provider's HocuspocusProvider (Hocuspocus), each on
 * its own socket, with the benchmark's counting `ws` subclass.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { countingSocket, messageType, type FrameCounter, type Protocol } from './sockets.js';

export interface BenchProvider {
  /** The origin of the provider's remote transactions. */
  origin: unknown;
  /** Resolves on the first completed sync; rejects on a close the provider will not retry. */
  synced(timeoutMs?: number): Promise<void>;
  /**
   * Stops applying other people's updates (the frames are still read and counted): the
   * server's work is the same, the load generator's much smaller (P1 light writers).
   */
  dropRemoteUpdates(): void;
  destroy(): void;
}

/** Connects the stock provider of `protocol` for `docName`. */
export function connectProvider(protocol: Protocol, wsBase: string, docName: string, doc: Y.Doc, cookie: string | null, counter: () => FrameCounter): BenchProvider {
  const Socket = countingSocket(cookie, counter, protocol);
  if (protocol === 'hocuspocus') {
    // The provider hands its whole configuration to the HocuspocusProviderWebsocket it makes,
    // which takes the WebSocketPolyfill (the provider's own type does not list it).
    const configuration = { url: wsBase, name: docName, document: doc, WebSocketPolyfill: Socket };
    const provider = new HocuspocusProvider(configuration as ConstructorParameters<typeof HocuspocusProvider>[0]);
    return {
      origin: provider,
      synced: (timeoutMs = 60_000) =>
        provider.isSynced
          ? Promise.resolve()
          : new Promise((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`no sync for ${docName}`)), timeoutMs);
              provider.on('synced', () => {
                clearTimeout(timer);
                resolve();
              });
            }),
      dropRemoteUpdates: () => {
        const original = provider.onMessage.bind(provider);
        provider.onMessage = (event: MessageEvent) => {
          const bytes = new Uint8Array(event.data as ArrayBuffer);
          // A sync message (type 0) that is an update (sync type 2): read, not applied.
          if (messageType(bytes, 'hocuspocus') === 0 && bytes[2 + bytes[0]] === 2) return;
          original(event);
        };
      },
      destroy: () => provider.destroy(),
    };
  }
  const provider = new WebsocketProvider(wsBase, docName, doc, { WebSocketPolyfill: Socket as never, disableBc: true });
  return {
    origin: provider,
    synced: (timeoutMs = 60_000) =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no sync for ${docName}`)), timeoutMs);
            provider.on('sync', (isSynced: boolean) => {
              if (!isSynced) return;
              clearTimeout(timer);
              resolve();
            });
            provider.on('connection-close', (event) => {
              if (!event || event.code < 4000) return;
              clearTimeout(timer);
              reject(new Error(`closed ${event.code} ${event.reason}`));
            });
          }),
    dropRemoteUpdates: () => {
      // Read and drop each sync message (sync type, then the update bytes); reply nothing.
      provider.messageHandlers[0] = (_encoder, decoder) => {
        decoding.readVarUint(decoder);
        decoding.readVarUint8Array(decoder);
      };
    },
    destroy: () => provider.destroy(),
  };
}
