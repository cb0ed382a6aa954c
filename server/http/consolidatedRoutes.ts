/**
 * The consolidated text on a date (issue 24; CONTRACT "Legal texts"), public:
 * `/p/<ws>/@<YYYY-MM-DD>/` shows, for each article, the text in force that day (the newest
 * adopted release in force then), with a note under each article changed since the first
 * adoption and a link to the text of the day before; `/p/<ws>/@today/` redirects (302) to
 * today's date. Same CSP, security headers and sanitised rendering as release pages (R1),
 * no script. Not cached: a later adoption can change what a day shows.
 */
import express, { type Response, type Router } from 'express';
import type { Services } from '../services/index.js';
import { isCalendarDate } from '../../shared/legal/api.js';
import { escapeHtml } from '../render/releaseBlocks.js';
import { pickLanguage, renderConsolidatedPage, type ReleaseView } from '../render/releasePage.js';
import { formatReleaseDate, legalStrings } from '../render/legalStrings.js';
import { PUBLISHED_CSP, securityHeaders } from './publishRoutes.js';

/** Today in UTC, YYYY-MM-DD. */
const today = () => new Date().toISOString().slice(0, 10);

/** Builds the consolidated-text router (mounted before the release router). */
export function createConsolidatedRouter(services: Services, options: { https?: boolean; now?: () => string } = {}): Router {
  const https = options.https ?? false;
  const now = options.now ?? today;
  const router = express.Router({ strict: true });
  const { workspaces, releases, legal } = services;

  const plain = (res: Response, status: number, text: string) => {
    res.set(securityHeaders(PUBLISHED_CSP, https));
    res.status(status).type('text/plain').send(text);
  };

  router.get('/p/:slug/:at', (req, res, next) => {
    const at = String(req.params.at);
    if (!at.startsWith('@')) return next();
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    res.set(securityHeaders(PUBLISHED_CSP, https));
    res.redirect(301, `/p/${encodeURIComponent(String(req.params.slug))}/@${encodeURIComponent(at.slice(1))}/${query}`);
  });

  router.get('/p/:slug/:at/', (req, res, next) => {
    const at = String(req.params.at);
    if (!at.startsWith('@')) return next();
    const workspace = workspaces.findBySlug(String(req.params.slug));
    if (!workspace) return plain(res, 404, 'No such workspace');
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    if (at === '@today') {
      res.set(securityHeaders(PUBLISHED_CSP, https));
      res.setHeader('Cache-Control', 'no-cache');
      return res.redirect(302, `/p/${encodeURIComponent(workspace.slug)}/@${now()}/${query}`);
    }
    const date = at.slice(1);
    if (!isCalendarDate(date)) return plain(res, 400, 'Not a date: use /@YYYY-MM-DD/ (a day that exists) or /@today/');
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    // The language decides the notes (an article may have changed in one language only).
    const lang = asked && workspace.languages.includes(asked as never) ? asked : workspace.languages[0];
    const found = legal.consolidated(workspace, date, lang);
    if (!found) return plain(res, 404, 'No adopted text is in force on that date');
    const { release, notes } = found;
    const strings = legalStrings(lang);
    const view: ReleaseView = {
      workspace: { slug: workspace.slug, name: workspace.name, languages: workspace.languages },
      version: release.version,
      date: release.date,
      notes: '',
      manifest: release.manifest,
      changelog: release.changelog,
      content: (docName, number) => releases.content(docName, number),
      earlier: [],
      articleNumbers: found.numbers,
      articleNote: (blockId, pageLang) => {
        const note = notes.get(blockId);
        if (!note) return null;
        const words = legalStrings(pageLang);
        const day = formatReleaseDate(note.inForceFrom, pageLang);
        const text = escapeHtml(note.kind === 'modified' ? words.modified(note.version, day) : words.inserted(note.version, day));
        const q = pageLang === workspace.languages[0] ? '' : `?lang=${encodeURIComponent(pageLang)}`;
        return note.earlierOn ? `${text} <a href="../@${note.earlierOn}/${q}#b-${escapeHtml(blockId)}">${escapeHtml(words.earlier)}</a>` : text;
      },
    };
    const pageLang = pickLanguage(view, lang);
    const q = pageLang === workspace.languages[0] ? '' : `?lang=${encodeURIComponent(pageLang)}`;
    const body = renderConsolidatedPage(view, pageLang, {
      title: strings.title(formatReleaseDate(date, pageLang)),
      basis: strings.basis(release.version, formatReleaseDate(found.adoption.inForceFrom, pageLang)),
      pointsInTimeLabel: strings.pointsInTime,
      pointsInTime: legal.adoptions(workspace).map((adoption) => ({
        label: formatReleaseDate(adoption.inForceFrom, pageLang),
        href: `../@${adoption.inForceFrom}/${q}`,
        current: adoption.inForceFrom === found.adoption.inForceFrom,
      })),
    });
    res.writeHead(200, { ...securityHeaders(PUBLISHED_CSP, https), 'Cache-Control': 'no-cache', 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  return router;
}
