/**
 * P3: opening a section that is not in memory, at 5k, 50k and 200k words. Each section is
 * written into the store while the server is stopped (appended to a demo draft's stored
 * state, then compacted, as a room would after 500 updates), then opened (a) first after
 * a server start (a fresh server process per size), (b) after its room was unloaded
 * (median of 5), (c) warm (room held by another client) for comparison. Then the browser:
 * Chromium opens the 50k-word section's page, signed in as staff, in a fresh context (empty
 * cache) after the room was unloaded; time from navigation start to an editable editor
 * showing the last paragraph (median of 3).
 */
import * as Y from 'yjs';
import { openDatabase } from '../../server/db/database.js';
import { SqliteDocStore } from '../../server/db/sqliteDocStore.js';
import { loadStored } from '../helpers/docs.js';
import { prose, wordCount } from './lib/content.js';
import { timedClient, type TimedClient } from './lib/client.js';
import { median, sleep, startOurs, type ServerChild } from './lib/proc.js';
import { launchBrowser } from '../helpers/chromium.js';
import { listWorkspaces } from '../helpers/clients.js';
import { LIMITS } from '../../shared/limits.js';

export interface OpenTiming {
  /** ws created → upgrade done (auth, access check). */
  upgradeMs: number;
  /** upgrade done → sync step 2 received: room load + answer, before the client applies it. */
  serverLoadAndSyncMs: number;
  /** provider created → provider 'sync' true (includes the client applying the document). */
  connectToSyncedMs: number;
}

export interface P3Size {
  docName: string;
  /** Words asked for (the section also keeps its demo text). */
  size: number;
  words: number;
  storedBytes: number;
  items: number;
  firstAfterStart: OpenTiming;
  afterUnload: OpenTiming & { runs: OpenTiming[] };
  warm: OpenTiming;
}

export interface BrowserOpen {
  /** Navigation start → the editor is editable and shows the section's last paragraph (ms, in-page clock). */
  editableMs: number;
  /** Navigation start → DOMContentLoaded (the app shell). */
  domContentLoadedMs: number;
  /** Navigation start → the section's websocket opened, and → its sync step 2 (the document) arrived. */
  socketOpenMs: number;
  documentReceivedMs: number;
}

export interface BrowserOpens {
  docName: string;
  /** Chromium's CPU throttling rate (1 = this machine's speed; 4 = four times slower, a volunteer's old laptop). */
  cpuSlowdown: number;
  median: BrowserOpen;
  runs: BrowserOpen[];
}

export interface P3Result {
  sizes: P3Size[];
  /** The 50k-word section in Chromium (null when Chromium or the built client is missing). */
  browser: BrowserOpens | { skipped: string } | null;
  /** The same on a processor `cpuSlowdown` times slower (reported, not judged; null when BENCH_BROWSER_SLOWDOWN is 1). */
  slowBrowser: BrowserOpens | { skipped: string } | null;
}

export const P3_SIZES = [5_000, 50_000, 200_000];
const PER_PARAGRAPH = 100;

/** Writes a section of `words` words (in ~6-word pieces, so it has the item count of a document typed over time). */
export async function seedBigSection(dataDir: string, docName: string, wordsWanted = 50_000): Promise<{ words: number; storedBytes: number; items: number; lastParagraph: string }> {
  const db = openDatabase(dataDir);
  try {
    const store = new SqliteDocStore(db);
    const doc = await loadStored(store, docName);
    const before = Y.encodeStateVector(doc);
    const fragment = doc.getXmlFragment('default');
    const paragraphs = wordsWanted / PER_PARAGRAPH;
    const perParagraph = PER_PARAGRAPH;
    let lastParagraph = '';
    doc.transact(() => {
      for (let p = 0; p < paragraphs; p++) {
        const element = new Y.XmlElement('paragraph');
        element.setAttribute('id', `bench-p3-${p}`);
        const text = new Y.XmlText();
        element.insert(0, [text]);
        fragment.insert(fragment.length, [element]);
        const words = prose(9000 + p, perParagraph, p % 2 ? 'fr' : 'nl').split(' ');
        lastParagraph = words.join(' ');
        // Insert back to front at index 0 so pieces stay separate items, like text typed in several sittings.
        const pieces: string[] = [];
        for (let i = 0; i < words.length; i += 6) pieces.push(words.slice(i, i + 6).join(' ') + (i + 6 < words.length ? ' ' : ''));
        for (let i = pieces.length - 1; i >= 0; i--) text.insert(0, pieces[i]);
      }
    });
    const update = Y.encodeStateAsUpdate(doc, before);
    const lastSeq = await store.append(docName, [{ update, author: null }]);
    const snapshot = Y.encodeStateAsUpdate(doc);
    await store.compact(docName, snapshot, lastSeq, Y.encodeStateVector(doc));
    let items = 0;
    doc.store.clients.forEach((structs) => (items += structs.length));
    const words = wordCount(fragment);
    doc.destroy();
    return { words, storedBytes: snapshot.byteLength, items, lastParagraph };
  } finally {
    db.close();
  }
}

function timing(client: TimedClient): OpenTiming {
  const { created, open, step2, synced } = client.marks;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { upgradeMs: r(open - created), serverLoadAndSyncMs: r(step2 - open), connectToSyncedMs: r(synced - created) };
}

async function openOnce(server: ServerChild, docName: string, cookie: string | null, minWords: number, keep = false): Promise<{ timing: OpenTiming; client: TimedClient }> {
  const client = timedClient(server.wsBase, docName, cookie);
  await client.synced;
  const words = wordCount(client.doc.getXmlFragment('default'));
  if (words < minWords) throw new Error(`opened ${docName} with only ${words} words`);
  const result = { timing: timing(client), client };
  if (!keep) client.destroy();
  return result;
}

function medianTiming(runs: OpenTiming[]): OpenTiming {
  return {
    upgradeMs: median(runs.map((r) => r.upgradeMs)),
    serverLoadAndSyncMs: median(runs.map((r) => r.serverLoadAndSyncMs)),
    connectToSyncedMs: median(runs.map((r) => r.connectToSyncedMs)),
  };
}

/**
 * The page's own measuring script, installed before any of the app's. It is a string, not a
 * function handed to Playwright, because tsx compiles functions with its `__name` helper, which
 * does not exist in the page (the script would throw at its first named function).
 */
function inPageMarks(docName: string, marker: string): string {
  return `(() => {
    const marks = (window.__benchMarks = {});
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(url, protocols);
        if (!String(url).includes(${JSON.stringify(docName)})) return;
        this.addEventListener('open', () => (marks.open ??= performance.now()));
        this.addEventListener('message', (event) => {
          const bytes = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : null;
          if (bytes && bytes[0] === 0 && bytes[1] === 1) marks.document ??= performance.now();
        });
      }
    };
    const check = () => {
      const editor = document.querySelector('.section-text[contenteditable="true"]');
      if (editor && editor.lastElementChild?.textContent?.includes(${JSON.stringify(marker)})) {
        marks.editable = performance.now();
        console.log('bench-editable');
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

/**
 * Chromium opens the section page in a fresh context (empty cache, session cookie set) and
 * waits for an editable editor that shows the last paragraph.
 */
async function browserOpens(server: ServerChild, docName: string, cookie: string, lastParagraph: string, runs: number, cpuSlowdown: number, log: (line: string) => void): Promise<BrowserOpen[]> {
  const toolbox = (await listWorkspaces(server.url, cookie)).find((w) => w.slug === 'toolbox')!;
  const section = toolbox.sections.find((s) => Object.values(s.docs).includes(docName));
  if (!section) throw new Error(`no section page for ${docName}`);
  const lang = Object.entries(section.docs).find(([, name]) => name === docName)![0];
  const target = `${section.url}${section.url.includes('?') ? '&' : '?'}lang=${lang}`;
  const browser = await launchBrowser();
  const results: BrowserOpen[] = [];
  try {
    const [name, ...rest] = cookie.split(';')[0].split('=');
    for (let i = 0; i < runs; i++) {
      await sleep(LIMITS.roomIdleUnloadMs + 1_500);
      const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name, value: rest.join('='), url: server.url }]);
      const page = await context.newPage();
      if (cpuSlowdown > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
      // In-page marks, all taken by the page itself so that no Playwright script runs during the
      // open: `page.waitForFunction` would inject Playwright's utility script (a ~130 ms task on
      // the page's main thread) right while the app's own scripts arrive. The marks: the
      // section's socket opened, its first sync step 2 (the document) dispatched before the
      // provider applies it (our listener is registered first), and the first frame whose
      // editor is editable and shows the section's last paragraph.
      await page.addInitScript({ content: inPageMarks(docName, lastParagraph.slice(0, 60)) });
      const editable = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench-editable', timeout: 60_000 });
      await page.goto(target, { waitUntil: 'commit' });
      await editable;
      const [domContentLoadedMs, socketOpenAt, documentAt, editableAt] = await page.evaluate(() => {
        const marks = (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks;
        return [(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd, marks.open ?? NaN, marks.document ?? NaN, marks.editable];
      });
      const open = {
        editableMs: Math.round(editableAt),
        domContentLoadedMs: Math.round(domContentLoadedMs),
        socketOpenMs: Math.round(socketOpenAt),
        documentReceivedMs: Math.round(documentAt),
      };
      log(`  Chromium${cpuSlowdown > 1 ? ` (CPU ×${cpuSlowdown} slower)` : ''}, run ${i + 1}: app shell ${open.domContentLoadedMs} ms, socket ${open.socketOpenMs} ms, document received ${open.documentReceivedMs} ms, editable ${open.editableMs} ms`);
      results.push(open);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

/**
 * Runs P3 on a stopped server's data directory; returns the restarted server (left running).
 * `docs` are the sections to grow, one per size; `cookieFor` signs in on each started server.
 */
export async function runP3(dataDir: string, docs: string[], cookieFor: (server: ServerChild) => Promise<string>, log: (line: string) => void = console.log): Promise<{ result: P3Result; server: ServerChild }> {
  const seeded = [];
  for (const [i, size] of P3_SIZES.entries()) {
    const s = { docName: docs[i], size, ...(await seedBigSection(dataDir, docs[i], size)) };
    log(`  seeded ${s.docName}: ${s.words} words, ${s.items} items, ${Math.round(s.storedBytes / 1024)} KiB snapshot`);
    seeded.push(s);
  }
  // (a) a fresh server process per size: its first open pays the process's cold start too.
  const first: OpenTiming[] = [];
  for (const s of seeded) {
    const server = await startOurs(dataDir);
    try {
      first.push((await openOnce(server, s.docName, await cookieFor(server), s.size)).timing);
    } finally {
      await server.stop();
    }
  }
  // The browser run needs the built client; the server serves it when it is there.
  const server = await startOurs(dataDir, [], { ATELIER_SERVE_CLIENT: '1' });
  const cookie = await cookieFor(server);
  const unloadWait = LIMITS.roomIdleUnloadMs + 1_500;
  const runs: OpenTiming[][] = seeded.map(() => []);
  for (let i = 0; i < 5; i++) {
    await sleep(unloadWait);
    for (const [k, s] of seeded.entries()) runs[k].push((await openOnce(server, s.docName, cookie, s.size)).timing);
  }
  const sizes: P3Size[] = [];
  for (const [k, s] of seeded.entries()) {
    const holder = await openOnce(server, s.docName, cookie, s.size, true);
    const warmRuns: OpenTiming[] = [];
    for (let i = 0; i < 5; i++) warmRuns.push((await openOnce(server, s.docName, cookie, s.size)).timing);
    holder.client.destroy();
    const { lastParagraph: _last, ...facts } = s;
    sizes.push({ ...facts, firstAfterStart: first[k], afterUnload: { ...medianTiming(runs[k]), runs: runs[k] }, warm: medianTiming(warmRuns) });
  }
  let browser: P3Result['browser'] = null;
  let slowBrowser: P3Result['slowBrowser'] = null;
  const fifty = seeded.find((s) => s.size === 50_000);
  if (fifty && process.env.BENCH_BROWSER !== '0') {
    const measure = async (cpuSlowdown: number): Promise<BrowserOpens | { skipped: string }> => {
      try {
        const opens = await browserOpens(server, fifty.docName, cookie, fifty.lastParagraph, Number(process.env.BENCH_BROWSER_RUNS ?? 3), cpuSlowdown, log);
        const mid = (f: (o: BrowserOpen) => number) => median(opens.map(f));
        return {
          docName: fifty.docName,
          cpuSlowdown,
          runs: opens,
          median: { editableMs: mid((o) => o.editableMs), domContentLoadedMs: mid((o) => o.domContentLoadedMs), socketOpenMs: mid((o) => o.socketOpenMs), documentReceivedMs: mid((o) => o.documentReceivedMs) },
        };
      } catch (error) {
        const skipped = error instanceof Error ? error.message.split('\n')[0] : String(error);
        log(`  Chromium: not measured (${skipped})`);
        return { skipped };
      }
    };
    browser = await measure(1);
    // P3's budget is for this machine; the same open on a processor several times slower shows
    // what a partner association's older laptop meets (Chromium's own CPU throttling).
    const slowdown = Number(process.env.BENCH_BROWSER_SLOWDOWN ?? 4);
    if (slowdown > 1 && 'median' in browser) slowBrowser = await measure(slowdown);
  }
  return { server, result: { sizes, browser, slowBrowser } };
}
