/** Helpers to read stored documents and build raw Yjs updates in tests. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { DocStore } from '../../server/db/docStore.js';
import { MessageType, SyncMessageType } from '../../shared/protocol.js';

/** Loads a document from the store exactly as a room would. */
export async function loadStored(store: DocStore, docName: string): Promise<Y.Doc> {
  const stored = await store.load(docName);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** A comparable fingerprint of a stored document: its content and state vector. */
export async function storedFingerprint(store: DocStore, docName: string): Promise<{ content: string; stateVector: string }> {
  const doc = await loadStored(store, docName);
  const fingerprint = { content: doc.getXmlFragment('default').toString(), stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex') };
  doc.destroy();
  return fingerprint;
}

/** Frames a sync message (step 2 or update) around an update. */
export function syncMessage(update: Uint8Array, type: number = SyncMessageType.update): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update that appends one block (built on a copy of `base`) in the editor's shape. */
export function appendBlockUpdate(base: Y.Doc, build: (fragment: Y.XmlFragment) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  build(doc.getXmlFragment('default'));
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

/** A paragraph element with text and an optional block id. */
export function paragraph(text: string, id?: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  if (id) element.setAttribute('id', id);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}
