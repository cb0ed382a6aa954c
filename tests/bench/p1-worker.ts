/**
 * P1 client worker (forked by p1.ts): hosts a share of the typing writers (stock provider
 * of the server's protocol + Y.Doc), sampled readers (stock provider) and raw readers, and
 * measures edit-to-peer latency on every Y.Doc it holds. With several sections, writer w
 * and reader r go to section w (r) modulo the number of sections.
 *
 * Parent → worker: start(config) · type · measure(t0) · stop(t1) · report · close.
 * Worker → parent: ready · report(...) · error.
 */
import * as Y from 'yjs';
import * as hdr from 'hdr-histogram-js';
import { nowUs, readStamps, stampText } from './lib/content.js';
import { newCounter, rawHocuspocusReader, rawReader, type FrameCounter, type Protocol, type RawReader } from './lib/sockets.js';
import { connectProvider, type BenchProvider } from './lib/provider.js';

export interface WorkerConfig {
  protocol: Protocol;
  wsBase: string;
  /** The sections typed in (one for P1 itself). */
  docNames: string[];
  writerCookie: string | null;
  readerCookie: string | null;
  /** Global indices of the writers this worker hosts. */
  writers: number[];
  totalWriters: number;
  /** Global indices of the sampled (full) and raw readers this worker hosts. */
  fullReaders: number[];
  rawReaders: number[];
  updatesPerSecond: number;
  paragraphId: string;
  /** When set, writers are partners: each types one suggestion (an insertion mark in their name). */
  suggestAuthor?: string | null;
  /** Writers drop incoming sync messages instead of applying them (see P1Options.lightWriters). */
  lightWriters?: boolean;
}

type FromParent =
  | { type: 'start'; config: WorkerConfig }
  | { type: 'type' }
  | { type: 'measure'; t0: number }
  | { type: 'stop'; t1: number }
  | { type: 'report' }
  | { type: 'close' };

interface Client {
  doc: Y.Doc;
  provider: BenchProvider;
  /** Position of the client's section among the typed ones (its writers' count for cursor spreading). */
  section: number;
}

process.setMaxListeners(0); // each stock provider adds a process 'exit' listener
const send = (message: unknown) => process.send?.(message);

let counter: FrameCounter = newCounter();
const histogram = hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
let measuring = false;
let t0 = Infinity;
let t1 = Infinity;
let samples = 0;
let late = 0;
let cpuAtStart: NodeJS.CpuUsage | null = null;
let cpuWindow: NodeJS.CpuUsage | null = null;
let counterWindow: FrameCounter | null = null;
const sendTimes: number[] = [];
const writers: { client: Client; index: number; timer: NodeJS.Timeout | null; cursor: Y.RelativePosition | null }[] = [];
const readers: Client[] = [];
const raws: RawReader[] = [];
let config: WorkerConfig;

function connectStock(cookie: string | null, section: number): Client {
  const doc = new Y.Doc();
  const provider = connectProvider(config.protocol, config.wsBase, config.docNames[section], doc, cookie, () => counter);
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== provider.origin || !measuring) return;
    readStamps(update, nowUs(), (latency, sent) => {
      if (sent < t0 || sent > t1) return;
      samples++;
      if (latency > 1_000_000) late++;
      histogram.recordValue(latency);
    });
  });
  return { doc, provider, section };
}

function paragraphText(doc: Y.Doc): Y.XmlText {
  for (const child of doc.getXmlFragment('default').toArray()) {
    if (child instanceof Y.XmlElement && child.getAttribute('id') === config.paragraphId) {
      const text = child.get(0);
      if (text instanceof Y.XmlText) return text;
    }
  }
  throw new Error(`paragraph ${config.paragraphId} not found`);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function tick(writer: (typeof writers)[number]): void {
  const { doc } = writer.client;
  const text = paragraphText(doc);
  let index: number;
  if (writer.cursor) {
    const abs = Y.createAbsolutePositionFromRelativePosition(writer.cursor, doc);
    index = abs ? abs.index : text.length;
  } else {
    // Spread the writers' cursors over the paragraph, as people each typing at their own place.
    const sections = config.docNames.length;
    index = Math.floor((Math.floor(writer.index / sections) / Math.ceil(config.totalWriters / sections)) * text.length);
  }
  const sent = nowUs();
  const insert = stampText(LETTERS[(writer.index + sendTimes.length) % 26], sent);
  if (config.suggestAuthor) text.insert(index, insert, { insertion: { id: `p1w${writer.index}`, author: config.suggestAuthor } });
  else text.insert(index, insert);
  writer.cursor = Y.createRelativePositionFromTypeIndex(text, index + insert.length, -1);
  if (sent >= t0 && sent <= t1) sendTimes.push(sent);
}

async function start(): Promise<void> {
  const pending: Promise<void>[] = [];
  // Readers first, then writers, in small batches so the upgrade handling is not a storm.
  const batch = async (items: (() => Promise<void>)[]) => {
    for (let i = 0; i < items.length; i += 20) {
      await Promise.all(items.slice(i, i + 20).map((make) => make()));
    }
  };
  const jobs: (() => Promise<void>)[] = [];
  const sectionOf = (index: number) => index % config.docNames.length;
  for (const index of config.rawReaders) {
    jobs.push(() => {
      const docName = config.docNames[sectionOf(index)];
      const raw =
        config.protocol === 'hocuspocus'
          ? rawHocuspocusReader(config.wsBase, docName, () => counter)
          : rawReader(`${config.wsBase}/${docName}`, config.readerCookie, () => counter);
      raws.push(raw);
      return raw.synced;
    });
  }
  for (const index of config.fullReaders) {
    jobs.push(() => {
      const client = connectStock(config.readerCookie, sectionOf(index));
      readers.push(client);
      return client.provider.synced();
    });
  }
  for (const index of config.writers) {
    jobs.push(() => {
      const client = connectStock(config.writerCookie, sectionOf(index));
      writers.push({ client, index, timer: null, cursor: null });
      return client.provider.synced();
    });
  }
  await batch(jobs);
  await Promise.all(pending);
  for (const writer of writers) paragraphText(writer.client.doc);
  if (config.lightWriters) for (const { client } of writers) client.provider.dropRemoteUpdates();
}

function startTyping(): void {
  const period = 1000 / config.updatesPerSecond;
  for (const writer of writers) {
    const phase = Math.random() * period;
    setTimeout(() => {
      writer.timer = setInterval(() => tick(writer), period);
      tick(writer);
    }, phase);
  }
}

process.on('message', (message: FromParent) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'start': {
          config = message.config;
          const began = Date.now();
          await start();
          send({ type: 'ready', connectMs: Date.now() - began });
          break;
        }
        case 'type':
          startTyping();
          break;
        case 'measure':
          t0 = message.t0;
          t1 = Infinity;
          measuring = true;
          counter = newCounter();
          cpuAtStart = process.cpuUsage();
          break;
        case 'stop':
          t1 = message.t1;
          for (const writer of writers) if (writer.timer) clearInterval(writer.timer);
          cpuWindow = process.cpuUsage(cpuAtStart ?? undefined);
          counterWindow = { ...counter };
          break;
        case 'report':
          measuring = false;
          send({
            type: 'report',
            histogram: hdr.encodeIntoCompressedBase64(histogram),
            samples,
            late,
            sent: sendTimes.filter((t) => t >= t0 && t <= t1).length,
            sampledReceivers: (config.lightWriters ? 0 : writers.length) + readers.length,
            frames: counterWindow,
            cpuMs: cpuWindow ? (cpuWindow.user + cpuWindow.system) / 1000 : NaN,
            paragraphLength: writers.length ? paragraphText(writers[0].client.doc).length : null,
          });
          break;
        case 'close':
          for (const { client } of writers) client.provider.destroy();
          for (const client of readers) client.provider.destroy();
          for (const raw of raws) raw.close();
          setTimeout(() => process.exit(0), 300);
          break;
      }
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
    }
  })();
});
