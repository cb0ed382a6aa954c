/**
 * The published website (flow 6, R1), public: `/p/<workspace>/<version>/` (the whole release,
 * `?lang=` for another language), `/p/<workspace>/<version>/<section>/`, `/latest/` (the newest
 * release), the changelog (`_changes/`), the diff against an earlier release (`_diff/?from=`),
 * exports (`_export/<name>.html`, `.zip`, `.docx`, and the bilingual booklet
 * `_export/<name>-<lead>-<target>.html` / `.docx`), the release's images (`_media/`) and the site's
 * stylesheet and feedback script (`/p/_assets/`).
 *
 * Releases are immutable, so each rendered page is cached in memory for good (bounded) and
 * answered with an ETag. Every answer carries a strict CSP: no inline script, no inline style,
 * scripts only from this origin (the optional feedback script).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { strToU8, zipSync } from 'fflate';
import type { Services } from '../services/index.js';
import type { ReleaseRecord } from '../services/releases.js';
import type { ReleaseTranslations } from '../../shared/releases.js';
import type { WorkspaceRecord } from '../services/workspaces.js';
import { blocksToMarkdown, markdownInline, markdownNotes } from '../render/markdown.js';
import type { DocxImage } from '../render/docx.js';
import { imageSources } from '../render/releaseBlocks.js';
import { bookletPair, renderBookletHtml } from '../render/booklet.js';
import {
  pickLanguage,
  releaseBase,
  releaseLanguages,
  renderChangelogPage,
  renderDiffPage,
  renderReleasePage,
  renderSearchPage,
  renderSectionPage,
  type ReleaseView,
} from '../render/releasePage.js';
import { isValidVersion } from '../../shared/releases.js';
import { articleChangesSentence } from '../render/legalStrings.js';
import { flattenArticles } from '../../shared/legal/articles.js';

const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../render/assets');

/** The CSP of every published answer: nothing inline, scripts and styles from this origin only. */
export const PUBLISHED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** Exports are opened from disk or a mail: only their own inline stylesheet and data: images. */
const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

interface CachedAnswer {
  body: Buffer;
  etag: string;
  type: string;
  disposition?: string;
  csp: string;
  /** Every header of a 200 answer, computed once. */
  headers?: Record<string, string | number>;
}

/**
 * The headers helmet gives the app's other answers: the /p router runs before helmet (a cached
 * page is answered with one precomputed header set, P4), so it sets them itself.
 */
export function securityHeaders(csp: string, https: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Permitted-Cross-Domain-Policies': 'none',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}

/** Largest number of rendered answers kept in memory. */
const MAX_CACHED = 500;

/** Builds the /p router. */
export function createPublishRouter(services: Services, options: { https?: boolean } = {}): Router {
  const https = options.https ?? false;
  // Strict: `/p/x/1` and `/p/x/1/` are different paths (the first redirects to the second).
  const router = express.Router({ strict: true });
  const { releases, workspaces } = services;
  const cache = new Map<string, CachedAnswer>();

  const asset = (file: string, type: string): CachedAnswer => {
    const body = fs.readFileSync(path.join(ASSETS_DIR, file));
    return { body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, type, csp: PUBLISHED_CSP };
  };
  const assets: Record<string, CachedAnswer> = {
    'release.css': asset('release.css', 'text/css; charset=utf-8'),
    'feedback.js': asset('feedback.js', 'text/javascript; charset=utf-8'),
  };
  const bookletCss = fs.readFileSync(path.join(ASSETS_DIR, 'booklet.css'), 'utf8');

  const answer = (req: Request, res: Response, cached: CachedAnswer, cacheControl: string) => {
    cached.headers ??= {
      ...securityHeaders(cached.csp, https),
      'Cache-Control': cacheControl,
      ETag: cached.etag,
      'Content-Type': cached.type,
      'Content-Length': cached.body.length,
      ...(cached.disposition ? { 'Content-Disposition': cached.disposition } : {}),
    };
    if (req.headers['if-none-match'] === cached.etag) {
      res.writeHead(304, { ...securityHeaders(cached.csp, https), 'Cache-Control': cacheControl, ETag: cached.etag });
      res.end();
      return;
    }
    res.writeHead(200, cached.headers);
    res.end(req.method === 'HEAD' ? undefined : cached.body);
  };

  const redirect = (res: Response, status: number, to: string) => {
    res.set(securityHeaders(PUBLISHED_CSP, https));
    res.redirect(status, to);
  };

  const notFound = (res: Response) => {
    res.set(securityHeaders(PUBLISHED_CSP, https));
    res.status(404).type('text/plain').send('No such release page');
  };

  /** Renders once, then answers from memory. */
  const cached = (key: string, make: () => Omit<CachedAnswer, 'etag'> | null): CachedAnswer | null => {
    const hit = cache.get(key);
    if (hit) return hit;
    const made = make();
    if (!made) return null;
    const entry: CachedAnswer = { ...made, etag: `"${crypto.createHash('sha256').update(made.body).digest('base64url').slice(0, 27)}"` };
    remember(key, entry);
    return entry;
  };
  const remember = (key: string, entry: CachedAnswer) => {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  };

  /**
   * The fast path: a page already rendered for exactly this request (workspace, version,
   * page, language as asked) is answered before any database read. Versioned URLs never
   * change meaning (releases are immutable, `latest` is a redirect and never cached here).
   */
  const requestKey = (req: Request, kind: string) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : '';
    const from = kind === 'diff' && typeof req.query.from === 'string' ? req.query.from : '';
    return `${kind}\u0000${String(req.params.slug)}\u0000${String(req.params.version)}\u0000${String(req.params.section ?? req.params.file ?? '')}\u0000${from}\u0000${lang}`;
  };
  const fast = (req: Request, res: Response, kind: string, cacheControl: string): boolean => {
    const hit = cache.get(requestKey(req, kind));
    if (!hit) return false;
    answer(req, res, hit, cacheControl);
    return true;
  };
  /** Remembers a rendered answer under the request's own key too, when the language asked for is the one served. */
  const alias = (req: Request, kind: string, lang: string, entry: CachedAnswer) => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : '';
    if (asked === '' || asked === lang) remember(requestKey(req, kind), entry);
  };

  const viewOf = (workspace: WorkspaceRecord, release: ReleaseRecord): ReleaseView => ({
    workspace: { slug: workspace.slug, name: workspace.name, languages: workspace.languages },
    version: release.version,
    date: release.date,
    notes: release.notes,
    manifest: release.manifest,
    changelog: release.changelog,
    content: (docName, number) => releases.content(docName, number),
    earlier: releases.earlier(release),
    articleNumbers: services.legal.releaseNumbers(workspace, release),
    articleChanges: (lang) => {
      const changes = services.legal.articleChanges(workspace, release);
      return changes ? articleChangesSentence(changes, lang) : '';
    },
    outdated: outdatedOf(release),
    notesIn: (lang) => services.translations.notesIn(release.id, lang),
  });

  /** What a release recorded as outdated translations when it was published (immutable: read once). */
  const outdatedCache = new Map<string, ReleaseTranslations>();
  const outdatedOf = (release: ReleaseRecord) => (sectionId: string, lang: string): ReadonlySet<string> => {
    let states = outdatedCache.get(release.id);
    if (!states) outdatedCache.set(release.id, (states = services.translations.recordedStates(release.id)));
    return new Set(states[sectionId]?.[lang]?.outdated ?? []);
  };

  /** The images a release shows (its revisions' image sources), as stored file names. */
  const mediaOf = (release: ReleaseRecord): Set<string> => {
    const files = new Set<string>();
    for (const section of release.manifest.sections) {
      for (const revision of Object.values(section.revisions)) {
        for (const src of imageSources(releases.content(revision.docName, revision.number))) if (src.startsWith('/media/')) files.add(src.slice('/media/'.length));
      }
    }
    return files;
  };

  const IMMUTABLE = 'public, max-age=3600, stale-while-revalidate=86400';

  router.get('/p/_assets/:file', (req, res) => {
    const found = assets[String(req.params.file)];
    if (!found) return notFound(res);
    answer(req, res, found, 'public, max-age=3600');
  });

  /** Resolves the workspace and release of a request, or answers 404 / redirects `latest`. */
  const resolve = (req: Request, res: Response): { workspace: WorkspaceRecord; release: ReleaseRecord; lang: string; view: ReleaseView } | null => {
    const workspace = workspaces.findBySlug(String(req.params.slug));
    const version = String(req.params.version);
    if (!workspace || (version !== 'latest' && !isValidVersion(version))) {
      notFound(res);
      return null;
    }
    const release = releases.find(workspace, version);
    if (!release) {
      notFound(res);
      return null;
    }
    if (version === 'latest') {
      // `latest` moves; the versioned URL it points to never changes.
      const rest = req.originalUrl.slice(`/p/${encodeURIComponent(workspace.slug)}/latest`.length) || '/';
      res.setHeader('Cache-Control', 'no-cache');
      redirect(res, 302, `/p/${encodeURIComponent(workspace.slug)}/${encodeURIComponent(release.version)}${rest}`);
      return null;
    }
    const view = viewOf(workspace, release);
    return { workspace, release, view, lang: pickLanguage(view, req.query.lang) };
  };

  router.get(['/p/:slug', '/p/:slug/'], (req, res) => redirect(res, 302, `/p/${encodeURIComponent(String(req.params.slug))}/latest/`));
  router.get('/p/:slug/:version', (req, res) => {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    redirect(res, 301, `/p/${encodeURIComponent(String(req.params.slug))}/${encodeURIComponent(String(req.params.version))}/${query}`);
  });

  router.get('/p/:slug/:version/', (req, res) => {
    if (fast(req, res, 'page', IMMUTABLE)) return;
    const found = resolve(req, res);
    if (!found) return;
    const { release, view, lang } = found;
    const page = cached(`${release.id}:page:${lang}`, () => ({
      body: Buffer.from(renderReleasePage(view, lang, { kind: 'site', imageSrc: (src) => `_media/${src.slice('/media/'.length)}` })),
      type: 'text/html; charset=utf-8',
      csp: PUBLISHED_CSP,
    }))!;
    alias(req, 'page', lang, page);
    answer(req, res, page, IMMUTABLE);
  });

  // Search within this release (issue 9): only its own published passages, for anyone.
  router.get('/p/:slug/:version/_search/', async (req, res) => {
    const found = resolve(req, res);
    if (!found) return;
    const { workspace, release, view, lang } = found;
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const results = query ? await services.search.searchRelease(workspace, release.version, { q: query, lang, limit: 50 }) : [];
    const hits = results.map((result) => {
      const section = release.manifest.sections.find((s) => s.sectionId === result.sectionId);
      return { sectionSlug: section?.slug ?? null, sectionTitle: result.sectionTitle, blockId: result.blockId, snippet: result.snippet };
    });
    const body = renderSearchPage(view, lang, query, hits);
    res.writeHead(200, { ...securityHeaders(PUBLISHED_CSP, https), 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  });

  router.get('/p/:slug/:version/_changes/', (req, res) => {
    if (fast(req, res, 'changes', IMMUTABLE)) return;
    const found = resolve(req, res);
    if (!found) return;
    const { release, view, lang } = found;
    const page = cached(`${release.id}:changes:${lang}`, () => ({ body: Buffer.from(renderChangelogPage(view, lang)), type: 'text/html; charset=utf-8', csp: PUBLISHED_CSP }))!;
    alias(req, 'changes', lang, page);
    answer(req, res, page, IMMUTABLE);
  });

  router.get('/p/:slug/:version/_diff/', (req, res) => {
    if (fast(req, res, 'diff', IMMUTABLE)) return;
    const found = resolve(req, res);
    if (!found) return;
    const { workspace, release, view, lang } = found;
    const from = typeof req.query.from === 'string' ? req.query.from : '';
    if (!isValidVersion(from)) return notFound(res);
    const earlier = releases.find(workspace, from);
    if (!earlier) return notFound(res);
    const page = cached(`${release.id}:diff:${earlier.id}:${lang}`, () => {
      const diff = releases.diff(workspace, earlier.version, release.version);
      return diff.ok ? { body: Buffer.from(renderDiffPage(view, lang, diff.value)), type: 'text/html; charset=utf-8', csp: PUBLISHED_CSP } : null;
    });
    if (!page) return notFound(res);
    alias(req, 'diff', lang, page);
    answer(req, res, page, IMMUTABLE);
  });

  router.get('/p/:slug/:version/_media/:file', (req, res) => {
    const found = resolve(req, res);
    if (!found) return;
    const file = String(req.params.file);
    const image = mediaOf(found.release).has(file) ? services.images.find(file) : null;
    if (!image || image.workspaceId !== found.workspace.id) return notFound(res);
    res.set(securityHeaders("default-src 'none'; sandbox", https));
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(image.filePath, { headers: { 'Content-Type': image.mime } }, (error) => {
      if (error && !res.headersSent) notFound(res);
    });
  });

  router.get('/p/:slug/:version/_export/:file', async (req, res) => {
    if (fast(req, res, 'export', IMMUTABLE)) return;
    const found = resolve(req, res);
    if (!found) return;
    const { workspace, release, view, lang } = found;
    const file = String(req.params.file);
    const base = `${workspace.slug}-${release.version}`;
    let made: CachedAnswer | null = null;
    if (file === `${base}.html`) {
      made = cached(`${release.id}:export-html:${lang}`, () => ({
        body: Buffer.from(renderReleasePage(view, lang, { kind: 'export', css: assets['release.css'].body.toString('utf8'), imageSrc: (src) => dataUri(src) })),
        type: 'text/html; charset=utf-8',
        disposition: `attachment; filename="${base}${lang === releaseLanguages(view)[0] ? '' : `-${lang}`}.html"`,
        csp: EXPORT_CSP,
      }));
    } else if (file === `${base}.zip`) {
      made = cached(`${release.id}:export-zip`, () => ({ body: Buffer.from(markdownArchive(view, release)), type: 'application/zip', disposition: `attachment; filename="${base}.zip"`, csp: PUBLISHED_CSP }));
    }
    if (!made && file === `${base}.docx`) {
      const key = `${release.id}:export-docx:${lang}`;
      made = cache.get(key) ?? null;
      if (!made) {
        // The Word writer (the docx package, ~3 MiB of heap) loads on the first Word download.
        const { renderReleaseDocx } = await import('../render/docx.js');
        // Word knows no articles: numbers and reference labels are written out (issue 24).
        const numbers = view.articleNumbers ?? [];
        const body = await renderReleaseDocx({ ...view, content: (docName, number) => flattenArticles(view.content(docName, number), numbers, lang) }, lang, docxImage);
        made = cached(key, () => ({
          body,
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          disposition: `attachment; filename="${base}${lang === releaseLanguages(view)[0] ? '' : `-${lang}`}.docx"`,
          csp: PUBLISHED_CSP,
        }));
      }
    }
    // The bilingual booklet (issue 20): the lead language and a target in facing columns, notes in the reader's language.
    const htmlPair = made ? null : bookletPair(view, file, 'html');
    if (htmlPair) {
      made = cached(`${release.id}:booklet-html:${htmlPair.target}:${lang}`, () => ({
        body: Buffer.from(renderBookletHtml(view, htmlPair, lang, { css: assets['release.css'].body.toString('utf8') + bookletCss, imageSrc: (src) => dataUri(src) })),
        type: 'text/html; charset=utf-8',
        disposition: `attachment; filename="${file}"`,
        csp: EXPORT_CSP,
      }));
    }
    const docxPair = made ? null : bookletPair(view, file, 'docx');
    if (docxPair) {
      const key = `${release.id}:booklet-docx:${docxPair.target}:${lang}`;
      made = cache.get(key) ?? null;
      if (!made) {
        const { renderBookletDocx } = await import('../render/bookletDocx.js');
        const body = await renderBookletDocx(view, docxPair, lang, docxImage);
        made = cached(key, () => ({ body, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', disposition: `attachment; filename="${file}"`, csp: PUBLISHED_CSP }));
      }
    }
    if (!made) return notFound(res);
    alias(req, 'export', lang, made);
    answer(req, res, made, IMMUTABLE);
  });

  router.get('/p/:slug/:version/:section/', (req, res) => {
    if (fast(req, res, 'section', IMMUTABLE)) return;
    const found = resolve(req, res);
    if (!found) return;
    const { release, view, lang } = found;
    const section = String(req.params.section);
    const page = cached(`${release.id}:section:${section}:${lang}`, () => {
      const html = renderSectionPage(view, lang, section);
      return html ? { body: Buffer.from(html), type: 'text/html; charset=utf-8', csp: PUBLISHED_CSP } : null;
    });
    if (!page) return notFound(res);
    alias(req, 'section', lang, page);
    answer(req, res, page, IMMUTABLE);
  });

  router.get('/p/:slug/:version/:section', (req, res) => {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    redirect(res, 301, `${req.path}/${query}`);
  });

  /** An uploaded image's bytes for the Word export (WebP is not a Word image type: left out, its alt text shown). */
  function docxImage(src: string): DocxImage | null {
    const image = services.images.find(src.slice('/media/'.length));
    const type = image?.mime === 'image/png' ? 'png' : image?.mime === 'image/jpeg' ? 'jpg' : image?.mime === 'image/gif' ? 'gif' : null;
    if (!image || !type) return null;
    try {
      return { data: fs.readFileSync(image.filePath), type };
    } catch {
      return null;
    }
  }

  /** An uploaded image as a data: URI (exports are one self-contained file). */
  function dataUri(src: string): string | null {
    const image = services.images.find(src.slice('/media/'.length));
    if (!image) return null;
    try {
      return `data:${image.mime};base64,${fs.readFileSync(image.filePath).toString('base64')}`;
    } catch {
      return null;
    }
  }

  /** The Markdown archive: per language an index and one file per section, images under media/. */
  function markdownArchive(view: ReleaseView, release: ReleaseRecord): Uint8Array {
    const files: Record<string, Uint8Array> = {};
    const languages = releaseLanguages(view);
    const width = String(view.manifest.sections.length).length;
    const fileOf = (index: number, slug: string) => `${String(index + 1).padStart(width, '0')}-${slug}.md`;
    for (const lang of languages) {
      // Names, titles, notes and the version are text, escaped like content (issue 19).
      const lines = [`# ${markdownInline(view.workspace.name)} — ${markdownInline(release.version)}`, '', markdownInline(release.date), ''];
      if (release.notes.trim()) lines.push(markdownNotes(release.notes), '');
      view.manifest.sections.forEach((section, index) => {
        const title = section.titles[lang] || Object.values(section.titles).find(Boolean) || section.slug;
        lines.push(`${'  '.repeat(section.depth)}- [${markdownInline(title)}](<${encodeURI(fileOf(index, section.slug))}>)`);
        const chosen = section.revisions[lang] ? lang : languages.find((l) => section.revisions[l]);
        const revision = chosen ? section.revisions[chosen] : null;
        const blocks = revision ? flattenArticles(view.content(revision.docName, revision.number), view.articleNumbers ?? [], lang) : [];
        const body = blocksToMarkdown(blocks, { headingOffset: 1, image: (src) => `../media/${src.slice('/media/'.length)}` });
        files[`${lang}/${fileOf(index, section.slug)}`] = strToU8(`# ${markdownInline(title)}\n\n${body}`);
      });
      files[`${lang}/index.md`] = strToU8(lines.join('\n') + '\n');
    }
    for (const name of mediaOf(release)) {
      const image = services.images.find(name);
      if (image && fs.existsSync(image.filePath)) files[`media/${name}`] = fs.readFileSync(image.filePath);
    }
    files['index.md'] = strToU8(
      `# ${markdownInline(view.workspace.name)} — ${markdownInline(release.version)}\n\n${languages.map((lang) => `- [${lang}](${lang}/index.md)`).join('\n')}\n\nPublished at ${markdownInline(releaseBase(view.workspace.slug, release.version))}\n`,
    );
    return zipSync(files, { level: 6 });
  }

  return router;
}
