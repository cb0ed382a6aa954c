/**
 * Client sockets for the benchmarks: a `ws` subclass for the stock providers (session
 * cookie header, frame counting), and "raw readers" that speak just enough of the
 * y-websocket protocol, or of Hocuspocus's, to be a reader (sync handshake, awareness,
 * every frame read off the wire) without keeping a Y.Doc, so 200 readers fit on a 2-core
 * machine.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';

export interface FrameCounter {
  sync: number;
  awareness: number;
  other: number;
  bytes: number;
  /** Client sockets closed (any code). */
  closes: number;
}

export function newCounter(): FrameCounter {
  return { sync: 0, awareness: 0, other: 0, bytes: 0, closes: 0 };
}

/** The wire protocol a server speaks: y-websocket (ours, the reference) or Hocuspocus's own. */
export type Protocol = 'y-websocket' | 'hocuspocus';

/**
 * The message type of a frame. Hocuspocus prefixes every message with the document name
 * (a varString: one length byte for the short names used here); a lone byte is its ping.
 */
export function messageType(bytes: Uint8Array, protocol: Protocol): number {
  if (!bytes.length) return -1;
  if (protocol === 'y-websocket') return bytes[0];
  if (bytes.length === 1) return -1;
  return bytes[1 + bytes[0]] ?? -1;
}

function count(counter: FrameCounter, data: unknown, protocol: Protocol = 'y-websocket'): void {
  let first = -1;
  let length = 0;
  if (data instanceof ArrayBuffer) {
    length = data.byteLength;
    if (length) first = messageType(new Uint8Array(data), protocol);
  } else if (Buffer.isBuffer(data)) {
    length = data.length;
    if (length) first = messageType(data, protocol);
  }
  counter.bytes += length;
  if (first === 0) counter.sync++;
  else if (first === 1) counter.awareness++;
  else counter.other++;
}

/** A `ws` subclass adding the cookie header (when any) and counting received frames. */
export function countingSocket(cookie: string | null, counter: () => FrameCounter, protocol: Protocol = 'y-websocket'): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
      this.on('message', (data) => count(counter(), data, protocol));
      this.on('close', () => counter().closes++);
    }
  } as typeof WebSocket;
}

function awarenessMessage(clientId: number, clock: number): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, '{}');
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** Sync step 1 with an empty state vector, as a fresh stock client sends it. */
const STEP1_EMPTY = Uint8Array.from([0, 0, 1, 0]);
/** Sync step 2 with an empty update: the stock client's answer to the server's step 1. */
const STEP2_EMPTY = Uint8Array.from([0, 1, 2, 0, 0]);

export interface RawReader {
  synced: Promise<void>;
  close(): void;
}

/**
 * What both raw readers do around their protocol: send the hello frames on open, renew
 * awareness every 15 s (first at a random moment, so readers do not renew in step), count
 * every frame, answer what `onFrame` answers, and resolve `synced` when it says so.
 */
function driveReader(
  ws: WebSocket,
  counter: () => FrameCounter,
  protocol: { hello(): Uint8Array[]; awareness(): Uint8Array; onFrame(data: Buffer, reply: (message: Uint8Array) => void): 'synced' | null; kind?: 'hocuspocus' },
): RawReader {
  ws.binaryType = 'nodebuffer';
  let renew: NodeJS.Timeout | null = null;
  let resolveSynced!: () => void;
  let rejectSynced!: (error: Error) => void;
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  ws.on('open', () => {
    for (const message of protocol.hello()) ws.send(message);
    ws.send(protocol.awareness());
    renew = setTimeout(function again() {
      if (ws.readyState === ws.OPEN) ws.send(protocol.awareness());
      renew = setTimeout(again, 15_000);
    }, Math.random() * 15_000);
  });
  ws.on('message', (data: Buffer) => {
    count(counter(), data, protocol.kind);
    if (protocol.onFrame(data, (message) => ws.send(message)) === 'synced') resolveSynced();
  });
  ws.on('close', (code) => {
    counter().closes++;
    if (renew) clearTimeout(renew);
    rejectSynced(new Error(`raw reader closed ${code}`));
  });
  ws.on('error', () => undefined);
  synced.catch(() => undefined);
  return {
    synced,
    close: () => {
      if (renew) clearTimeout(renew);
      ws.close();
    },
  };
}

/** A reader that does the handshake of a stock client, renews its awareness every 15 s, and reads every frame. */
export function rawReader(url: string, cookie: string | null, counter: () => FrameCounter): RawReader {
  const clientId = Math.floor(Math.random() * 2 ** 31);
  let clock = 0;
  return driveReader(new WebSocket(url, cookie ? { headers: { cookie } } : {}), counter, {
    hello: () => [STEP1_EMPTY],
    awareness: () => awarenessMessage(clientId, clock++),
    onFrame(data, reply) {
      if (data[0] === 0 && data[1] === 0) reply(STEP2_EMPTY);
      else if (data[0] === 0 && data[1] === 1) return 'synced';
      return null;
    },
  });
}

/** A Hocuspocus message: the document name, then the message type and its body. */
function hocuspocusMessage(docName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * A Hocuspocus reader doing what its provider does on connect (token, sync step 1 with an
 * empty state vector, awareness; step 2 to the server's step 1; pong to ping), reading
 * every frame and keeping no Y.Doc.
 */
export function rawHocuspocusReader(url: string, docName: string, counter: () => FrameCounter): RawReader {
  const clientId = Math.floor(Math.random() * 2 ** 31);
  let clock = 0;
  const name = new TextEncoder().encode(docName);
  return driveReader(new WebSocket(url), counter, {
    kind: 'hocuspocus',
    hello: () => [
      hocuspocusMessage(docName, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, ''))),
      hocuspocusMessage(docName, (e) => encoding.writeUint8Array(e, STEP1_EMPTY)),
    ],
    awareness: () => hocuspocusMessage(docName, (e) => encoding.writeUint8Array(e, awarenessMessage(clientId, clock++))),
    onFrame(data, reply) {
      if (data.length === 1 && data[0] === 9) {
        reply(Uint8Array.of(10));
        return null;
      }
      const at = 1 + name.length;
      if (data[at] === 0 && data[at + 1] === 0) reply(hocuspocusMessage(docName, (e) => encoding.writeUint8Array(e, STEP2_EMPTY)));
      else if (data[at] === 0 && data[at + 1] === 1) return 'synced';
      return null;
    },
  });
}
