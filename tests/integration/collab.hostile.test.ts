/**
 * [X1] Hostile and malformed input on the websocket: each closes only the offending
 * connection with the contract's code, everyone else keeps working, nothing stored changes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, rawSocket, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { appendBlockUpdate, loadStored, paragraph, storedFingerprint, syncMessage } from '../helpers/docs.js';
import { CloseCode, SyncMessageType } from '../../shared/protocol.js';
import { LIMITS } from '../../shared/limits.js';

/** An update that adds and deletes nothing (a V1 update with no structs and an empty delete set). */
const EMPTY_UPDATE = Uint8Array.from([0, 0]);

let server: TestServer;
let cookie: string;
let docName: string;
let bystander: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  cookie = await signIn(server.url, 'staff');
  docName = await firstDocName(server.url, cookie);
  bystander = connectClient(server.url, docName, cookie);
  await whenSynced(bystander);
});
afterAll(async () => {
  bystander.destroy();
  await server.stop();
});

/** Sends frames on a fresh raw connection and returns its close code. */
async function sendHostile(frames: (Uint8Array | number[] | string)[]): Promise<number> {
  const socket = rawSocket(server.url, `/collab/${docName}`, { cookie });
  await socket.opened;
  for (const frame of frames) socket.ws.send(typeof frame === 'string' ? frame : Uint8Array.from(frame));
  const { code } = await socket.closed;
  return code;
}

/** Runs a hostile exchange and checks the rule's three promises. */
async function expectContained(frames: (Uint8Array | number[] | string)[], expectedCode: number): Promise<void> {
  await server.rooms.settled(docName);
  const before = await storedFingerprint(server.store, docName);
  expect(await sendHostile(frames)).toBe(expectedCode);
  await server.rooms.settled(docName);
  expect(await storedFingerprint(server.store, docName)).toEqual(before);
  // Everyone else keeps working: the bystander is connected and its edits still flow.
  expect(bystander.provider.wsconnected).toBe(true);
  const marker = `still-working-${Math.random().toString(36).slice(2, 8)}`;
  const observer = connectClient(server.url, docName, cookie);
  await whenSynced(observer);
  bystander.fragment().insert(bystander.fragment().length, [paragraph(marker)]);
  await vi.waitFor(() => expect(observer.fragment().toString()).toContain(marker));
  observer.destroy();
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

async function currentDoc(): Promise<Y.Doc> {
  await server.rooms.settled(docName);
  return loadStored(server.store, docName);
}

describe('[X1] malformed frames close with 4400', () => {
  it('[X1] garbage bytes', () => expectContained([[0xff, 0xfe, 0x13, 0x37]], CloseCode.malformed));
  it('[X1] unknown message type', () => expectContained([[7, 1, 2, 3]], CloseCode.malformed));
  it('[X1] text frames', () => expectContained(['hello'], CloseCode.malformed));
  it('[X1] bytes left over after a sync step 1', () => expectContained([[0, SyncMessageType.step1, 1, 0, 42]], CloseCode.malformed));
  it('[X1] truncated update', async () => {
    const doc = await currentDoc();
    const update = appendBlockUpdate(doc, (f) => f.insert(f.length, [paragraph('afgekapt')]));
    await expectContained([syncMessage(update).slice(0, -3)], CloseCode.malformed);
  });
  it('[X1] update with bytes left over inside it', async () => {
    const doc = await currentDoc();
    const update = appendBlockUpdate(doc, (f) => f.insert(f.length, [paragraph('overschot')]));
    await expectContained([syncMessage(Uint8Array.from([...update, 0, 0]))], CloseCode.malformed);
  });
  it('[X1] update whose dependencies the server does not have', async () => {
    const doc = await currentDoc();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    const text = new Y.XmlText('eerst');
    const element = new Y.XmlElement('paragraph');
    element.insert(0, [text]);
    local.getXmlFragment('default').insert(0, [element]);
    const afterFirst = Y.encodeStateVector(local);
    text.insert(5, ' daarna');
    const second = Y.encodeStateAsUpdate(local, afterFirst);
    // After the client's sync step 2 (its handshake answer), at once.
    await expectContained([syncMessage(EMPTY_UPDATE, SyncMessageType.step2), syncMessage(second)], CloseCode.malformed);
    // Before it, the update waits for that step 2; a step 2 that does not bring the dependency closes it.
    await expectContained([syncMessage(second), syncMessage(EMPTY_UPDATE, SyncMessageType.step2)], CloseCode.malformed);
  });
});

describe('[X1] crafted updates of yjs issue 687 do not stall the server', () => {
  // The bombs use the V2 run-length columns; the server never hands client bytes to
  // V2 or merge functions, so on the V1 wire they must be refused quickly as malformed.
  const v2Update = () => {
    const doc = new Y.Doc();
    doc.getXmlFragment('default').insert(0, [paragraph('v2')]);
    return Y.encodeStateAsUpdateV2(doc);
  };
  const hugeCount = [0xff, 0xff, 0xff, 0xff, 0x0f];
  const vectors: Record<string, number[]> = {
    'a V2 update on the V1 wire': [...v2Update()],
    'a V2 header followed by a run-length count of 2^35': [0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 2, 0, 0, 0x16, 2, 0, 0, 1, 0xfd, ...hugeCount, 0, 0],
    'a V1 struct count of 2^32 with no structs behind it': [1, ...hugeCount, 7, 0],
    'a GC struct of length 2^35': [1, 1, 7, 0, 0, ...hugeCount, 0],
    'a delete set claiming 2^32 ranges': [0, 1, 7, ...hugeCount, 0, 1],
  };
  for (const [name, bytes] of Object.entries(vectors)) {
    it(`[X1] ${name}, as update`, () => expectContained([syncMessage(Uint8Array.from(bytes))], CloseCode.malformed));
    it(`[X1] ${name}, as sync step 2`, () => expectContained([syncMessage(Uint8Array.from(bytes), SyncMessageType.step2)], CloseCode.malformed));
  }
});

describe('[X1] schema-violating content is refused with 4422 before it is stored', () => {
  const refuse = async (build: (fragment: Y.XmlFragment, doc: Y.Doc) => void) => {
    const doc = await currentDoc();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(local);
    build(local.getXmlFragment('default'), local);
    await expectContained([syncMessage(Y.encodeStateAsUpdate(local, before))], CloseCode.updateRefused);
  };
  it('[X1] an unknown node', () => refuse((f) => f.insert(0, [Object.assign(new Y.XmlElement('script'))])));
  it('[X1] a javascript: link', () =>
    refuse((f) => {
      const text = new Y.XmlText();
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [text]);
      f.insert(0, [p]);
      text.insert(0, 'klik', { link: { href: 'javascript:alert(1)' } });
    }));
  it('[X1] an image from another site', () =>
    refuse((f) => {
      const img = new Y.XmlElement('image');
      img.setAttribute('src', 'https://evil.example/x.png');
      f.insert(0, [img]);
    }));
  it('[X1] bad nesting (a list item at the top level)', () => refuse((f) => f.insert(0, [new Y.XmlElement('listItem')])));
  it('[X1] text straight in the document', () => refuse((f) => f.insert(0, [new Y.XmlText('los')])));
  it('[X1] an attribute the schema does not know', () =>
    refuse((f) => {
      const p = paragraph('attr');
      p.setAttribute('onclick', 'alert(1)');
      f.insert(0, [p]);
    }));
  it('[X1] content outside the editor document', () => refuse((_f, doc) => doc.getMap('evil').set('x', 1)));
});

describe('[X1] limits', () => {
  it('[X1] frames above 8 MiB are closed by ws with 1009', async () => {
    await expectContained([new Uint8Array(LIMITS.maxFrameBytes + 1024)], CloseCode.messageTooBig);
  });

  it('[CONTRACT] an update taking a section past 4 MiB is refused with 4413', async () => {
    const doc = await currentDoc();
    const chunk = 'x'.repeat(LIMITS.maxBlockChars - 10);
    const count = Math.ceil(LIMITS.maxDocumentBytes / chunk.length) + 1;
    const update = appendBlockUpdate(doc, (f) => f.insert(f.length, Array.from({ length: count }, (_, i) => paragraph(chunk, `big${i}xxxx`))));
    await expectContained([syncMessage(update)], CloseCode.documentTooLarge);
  });
});
