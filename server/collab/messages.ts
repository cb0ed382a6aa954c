/** Encoders for the messages the server sends (y-websocket framing plus Atelier's own). */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../shared/protocol.js';

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: the server's state vector, asking the client for what it lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

/** Sync step 1 from a state vector already encoded (stored beside a snapshot). */
export function encodeSyncStep1FromVector(stateVector: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** Sync step 2: everything the client's state vector lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

/** Sync step 2 carrying an already encoded update (a stored snapshot). */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A committed update, as broadcast to peers. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.update);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Awareness states. */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** "Every write message you sent, up to the `count`th, is committed." */
export function encodeCommitted(count: number): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.committed);
    encoding.writeVarUint(e, count);
  });
}

/** Why the server is about to close this connection. */
export function encodeRefusal(code: number, message: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.refusal);
    encoding.writeVarString(e, JSON.stringify({ code, message }));
  });
}
