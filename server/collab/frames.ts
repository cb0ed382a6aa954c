/**
 * The frame reader: one websocket frame of the y-websocket protocol, decoded exactly once
 * into a typed message, or refused as malformed (close 4400, CONTRACT.md): unknown types,
 * bytes left over, undecodable payloads. What a message then does is the room's business.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MessageType, SyncMessageType } from '../../shared/protocol.js';

/** A decoded frame. */
export type Frame =
  | { kind: 'sync-step1'; stateVector: Uint8Array; emptyState: boolean }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; payload: Uint8Array };

/** Thrown for anything that breaks the framing rules. */
export class MalformedMessage extends Error {}

/** Decodes one frame; throws MalformedMessage. */
export function readFrame(data: Uint8Array): Frame {
  const decoder = decoding.createDecoder(data);
  const read = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch {
      throw new MalformedMessage('message could not be decoded');
    }
  };
  const type = read(() => decoding.readVarUint(decoder));
  if (type === MessageType.sync) {
    const syncType = read(() => decoding.readVarUint(decoder));
    const payload = read(() => decoding.readVarUint8Array(decoder));
    if (decoder.pos !== data.length) throw new MalformedMessage('bytes left over after the message');
    if (syncType === SyncMessageType.step1) return { kind: 'sync-step1', stateVector: payload, emptyState: read(() => Y.decodeStateVector(payload)).size === 0 };
    if (syncType === SyncMessageType.step2) return { kind: 'sync-step2', update: payload };
    if (syncType === SyncMessageType.update) return { kind: 'update', update: payload };
    throw new MalformedMessage('unknown sync message');
  }
  if (type === MessageType.awareness) {
    const payload = read(() => decoding.readVarUint8Array(decoder));
    if (decoder.pos !== data.length) throw new MalformedMessage('bytes left over after the message');
    return { kind: 'awareness', payload };
  }
  throw new MalformedMessage(`unknown message type ${type}`);
}
