/**
 * Hostile import files (issue 19) over HTTP on a real server: a .docx zip bomb (declared
 * honestly and lying), 100,000 nested <div>s, quotes nested 100,000 deep, a million
 * Markdown list items, 200,000 HTML paragraphs. Each is answered within seconds with an
 * error naming the file and the limit, while /healthz keeps answering under a second, the
 * process stays under 1 GiB and nothing is stored. The conversion runs in a worker (the
 * main thread's event loop stays free while a large file converts), a worker that runs
 * out of memory or time is ended without the server, and the worker also loads in a
 * server started as `npm start` starts it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { conversionStats } from '../../server/imports/convertOffThread.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { makeDataDir, spawnServer } from '../helpers/server.js';
import { deflatedSpaces, docxBomb, htmlParagraphs, markdownListItems, nestedDivs, nestedQuotes } from '../helpers/hostile.js';

const GIB = 1024 * 1024 * 1024;

let server: TestHttpServer;
let staff: string;
let bombData: Buffer;

const upload = (target: { url: string }, cookie: string, name: string, data: Buffer | string) =>
  callApi(target, `/api/workspaces/toolbox/imports/files?name=${encodeURIComponent(name)}`, { method: 'POST', cookie, rawBody: data, headers: { 'content-type': 'application/octet-stream' } });

const counts = (target: TestHttpServer) => ({
  sections: (target.db.prepare('SELECT COUNT(*) AS n FROM sections').get() as { n: number }).n,
  docs: (target.db.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n,
  images: (target.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n,
  media: fs.existsSync(path.join(target.dataDir, 'media')) ? fs.readdirSync(path.join(target.dataDir, 'media')).length : 0,
});

/**
 * Runs `work` while /healthz is asked every 100 ms (one at a time) and the process's RSS is
 * sampled: answers the work's result, how long it took, the slowest /healthz and the
 * largest RSS seen. The server is in this process (worker threads included), so the RSS is
 * the server's.
 */
async function watched<T>(target: { url: string }, work: () => Promise<T>) {
  let running = true;
  let slowestHealthz = 0;
  let healthzAnswers = 0;
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const pinger = (async () => {
    while (running) {
      const started = performance.now();
      const answer = await fetch(`${target.url}/healthz`);
      await answer.arrayBuffer();
      expect(answer.status).toBe(200);
      slowestHealthz = Math.max(slowestHealthz, performance.now() - started);
      healthzAnswers++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, slowestHealthz, healthzAnswers, peakRss };
  } finally {
    running = false;
    clearInterval(sampler);
    await pinger;
  }
}

/** Uploads a hostile file and checks the common promises: a clear error in seconds, a free server, nothing stored. */
async function refused(name: string, data: Buffer | string, expected: { status: number; limit: string; message: RegExp }) {
  const before = counts(server);
  const run = await watched(server, () => upload(server, staff, name, data));
  expect(run.result.status, JSON.stringify(run.result.body)).toBe(expected.status);
  expect(run.result.body.error).toMatchObject({ field: 'file', limit: expected.limit });
  expect(run.result.body.error.message).toContain(name);
  expect(run.result.body.error.message).toMatch(expected.message);
  expect(run.ms).toBeLessThan(15_000);
  expect(run.healthzAnswers).toBeGreaterThan(0);
  expect(run.slowestHealthz).toBeLessThan(1_000);
  expect(run.peakRss).toBeLessThan(GIB);
  expect(counts(server)).toEqual(before);
  return run;
}

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  bombData = await deflatedSpaces(GIB);
}, 120_000);
afterAll(() => server.close());

describe('[issue 19] hostile import files', () => {
  it('[issue 19] a .docx zip bomb (1 MiB declaring 1 GiB) is refused from its zip directory, before anything is inflated', async () => {
    const bomb = docxBomb(bombData, GIB, 'honest');
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await refused('bom.docx', bomb, { status: 413, limit: 'maxImportUnpackedBytes', message: /would unpack to more than 100 MiB/ });
  });

  it('[issue 19] a .docx zip bomb whose directory lies (1 KiB declared, 1 GiB inside) stops inflating at the declared size', async () => {
    await refused('leugen.docx', docxBomb(bombData, GIB, 'lying'), { status: 413, limit: 'maxImportUnpackedBytes', message: /would unpack to more than/ });
  });

  it('[issue 19] HTML with 100,000 nested <div>s is refused as nested too deeply', async () => {
    await refused('diep.html', nestedDivs(100_000), { status: 422, limit: 'maxImportDepth', message: /nested too deeply/ });
  });

  it('[issue 19] HTML nested just past the limit is refused by the walk; just within it converts', async () => {
    await refused('net-te-diep.html', nestedDivs(LIMITS.maxImportDepth + 5), { status: 422, limit: 'maxImportDepth', message: /nested too deeply/ });
    const within = await upload(server, staff, 'net-niet.html', nestedDivs(LIMITS.maxImportDepth - 5));
    expect(within.status, JSON.stringify(within.body)).toBe(201);
  });

  it('[issue 19] Markdown quotes nested 100,000 deep are refused as nested too deeply', async () => {
    await refused('citaten.md', nestedQuotes(100_000), { status: 422, limit: 'maxImportDepth', message: /nested too deeply/ });
  });

  it('[issue 19] a Markdown file with a million list items is refused for its number of blocks', async () => {
    await refused('lijst.md', markdownListItems(1_000_000), { status: 422, limit: 'maxImportBlocks', message: /more than 50,000 paragraphs/ });
  });

  it('[issue 19] an HTML file with 200,000 paragraphs is refused for its number of blocks', async () => {
    await refused('alineas.html', htmlParagraphs(200_000), { status: 422, limit: 'maxImportBlocks', message: /more than 50,000 paragraphs/ });
  });

  it('[issue 19] a large legitimate file converts in the worker: the main event loop stays under 100 ms of delay', async () => {
    const chapters = Array.from({ length: 20 }, (_, c) =>
      [`## Hoofdstuk ${c}`, ...Array.from({ length: 200 }, (_, p) => `Alinea ${p} met **vet**, *schuin* en een [link](https://example.org/${c}/${p}) erin. ${'Meer tekst. '.repeat(8)}`)].join('\n\n'),
    );
    const markdown = `# Groot handboek\n\n${chapters.join('\n\n')}\n`;
    const started = conversionStats.started;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const busyBefore = performance.eventLoopUtilization();
    const run = await watched(server, () => upload(server, staff, 'groot-handboek.md', markdown));
    const busy = performance.eventLoopUtilization(busyBefore);
    delay.disable();
    expect(run.result.status, JSON.stringify(run.result.body)).toBe(201);
    expect(conversionStats.started).toBe(started + 1);
    // The conversion took a while (so the measurement means something), on another thread.
    expect(run.ms).toBeGreaterThan(300);
    // Under 100 ms but for the odd scheduling hiccup of a loaded machine (p95: on a machine
    // with more runnable processes than cores, a timer waits for a CPU, not for our code);
    // never a stall near a second (converting here takes seconds in one piece); and the main
    // loop was idle most of the time — converting on it would keep it busy throughout.
    expect(delay.percentile(95) / 1e6).toBeLessThan(100);
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect(busy.utilization).toBeLessThan(0.5);
    expect(run.slowestHealthz).toBeLessThan(1_000);
  });

  it('[issue 19] a worker that runs out of memory ends alone: 413 naming the heap limit, and the server keeps serving', async () => {
    const small = await startHttpServer({ importWorker: { heapMb: 16, timeLimitMs: 30_000 } });
    try {
      const cookie = await signIn(small, DEMO.staff.email, DEMO.staff.password);
      const before = counts(small);
      const crashed = conversionStats.crashed;
      const markdown = Array.from({ length: 40_000 }, (_, i) => `Alinea ${i} ${'tekst '.repeat(20)}`).join('\n\n');
      const run = await watched(small, () => upload(small, cookie, 'zwaar.md', markdown));
      expect(run.result.status, JSON.stringify(run.result.body)).toBe(413);
      expect(run.result.body.error).toMatchObject({ code: 'payload_too_large', limit: 'importWorkerHeapMb', field: 'file' });
      expect(run.result.body.error.message).toMatch(/zwaar\.md needs more memory to convert than an import may use \(16 MiB\)/);
      expect(conversionStats.crashed).toBe(crashed + 1);
      expect(counts(small)).toEqual(before);
      expect((await fetch(`${small.url}/healthz`)).status).toBe(200);
      expect((await callApi(small, '/api/workspaces/toolbox', { cookie })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('[issue 19] a conversion past the time limit is ended: 422 naming the time limit, and the next file converts', async () => {
    const hurried = await startHttpServer({ importWorker: { heapMb: LIMITS.importWorkerHeapMb, timeLimitMs: 50 } });
    try {
      const cookie = await signIn(hurried, DEMO.staff.email, DEMO.staff.password);
      const timedOut = conversionStats.timedOut;
      const run = await watched(hurried, () => upload(hurried, cookie, 'traag.md', '# Traag\n\nTekst.\n'));
      expect(run.result.status, JSON.stringify(run.result.body)).toBe(422);
      expect(run.result.body.error).toMatchObject({ code: 'unprocessable', limit: 'importTimeLimitMs', field: 'file' });
      expect(run.result.body.error.message).toMatch(/traag\.md took longer to convert than an import may take/);
      expect(conversionStats.timedOut).toBe(timedOut + 1);
    } finally {
      await hurried.close();
    }
    // The server with ordinary limits converts the same file.
    expect((await upload(server, staff, 'traag.md', '# Traag\n\nTekst.\n')).status).toBe(201);
  });

  it('[issue 19] the worker loads in a server started as `npm start` starts it (node --import tsx)', async () => {
    const dataDir = makeDataDir();
    const spawned = await spawnServer(dataDir);
    try {
      const cookie = await signIn(spawned, DEMO.staff.email, DEMO.staff.password);
      const ok = await upload(spawned, cookie, 'hallo.md', '# Hallo\n\nWereld.\n');
      expect(ok.status, `${JSON.stringify(ok.body)}\n${spawned.output()}`).toBe(201);
      const deep = await upload(spawned, cookie, 'diep.html', nestedDivs(100_000));
      expect(deep.status).toBe(422);
      expect(deep.body.error.limit).toBe('maxImportDepth');
    } finally {
      spawned.process.kill('SIGTERM');
      await spawned.exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
