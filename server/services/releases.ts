/**
 * Releases (flows 6–7, R1): composing a release from the latest approved revisions, previewing
 * it, publishing it (a deliberate, audited command), the generated changelog, the diff
 * between two releases, and feedback on a release with its moderation queue.
 *
 * - The manifest is the outline with, for each section and language, its latest revision;
 *   sections never approved are left out and listed. Publishing recomputes it and refuses
 *   (409) when it differs from the previewed one (its hash), so what was previewed is what is
 *   published.
 * - A published release is never updated or deleted: SQLite triggers refuse both (R1). Its
 *   titles, notes, manifest and changelog are stored with it; the content is the revisions',
 *   which are immutable too (V1). Only the feedback setting, a separate row, changes.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/database.js';
import type { ReleaseRecord, ReleaseStore } from '../db/releaseStore.js';
import type { PmJson } from '../../shared/editor/json.js';
import type { Section } from '../../shared/api.js';
import {
  type ComposeReleaseRequest,
  type FeedbackMode,
  type Manifest,
  type ManifestSection,
  type PublishReleaseRequest,
  type ReleaseDetail,
  type ReleaseDiff,
  type ReleasePreview,
  type ReleaseSummary,
} from '../../shared/releases.js';
import { diffBlocks } from '../../shared/revisions/diff.js';
import { releaseBase } from '../render/releasePage.js';
import { renderReleaseBlocks } from '../render/releaseBlocks.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import type { ReleaseDocument } from '../search/searchService.js';
import { createId } from './ids.js';
import { changelogOf } from './releaseChangelog.js';
import { fail, succeed, type Result } from './result.js';
import type { SectionService } from './sections.js';
import type { LegalService } from './legal.js';
import { articleRefsOf } from '../../shared/legal/articles.js';
import { numbersById } from '../../shared/legal/numbering.js';
import type { WorkspaceRecord, WorkspaceService } from './workspaces.js';

export type { ReleaseRecord };

export interface ReleaseService {
  /** What publishing now would write: manifest (with left-out sections), changelog and each section's HTML. */
  preview(workspace: WorkspaceRecord, input: ComposeReleaseRequest): ReleasePreview;
  /** Publishes exactly the previewed manifest; conflict when the version is taken or the manifest changed. */
  publish(actor: UserRecord, workspace: WorkspaceRecord, input: PublishReleaseRequest): Result<ReleaseDetail>;
  /** The workspace's releases, newest first. */
  list(workspace: WorkspaceRecord): ReleaseSummary[];
  /** One release, by version (`latest` is the newest). */
  find(workspace: WorkspaceRecord, version: string): ReleaseRecord | null;
  /** One release with its manifest and changelog. */
  detail(workspace: WorkspaceRecord, version: string): ReleaseDetail | null;
  /** The blocks of a revision named in a manifest. */
  content(docName: string, number: number): PmJson[];
  /** The difference between two releases, section by section. */
  diff(workspace: WorkspaceRecord, from: string, to: string): Result<ReleaseDiff>;
  /** The versions published before this one, newest first. */
  earlier(release: ReleaseRecord): string[];
  /** Who may leave feedback on a release. */
  feedbackMode(releaseId: string): FeedbackMode;
  setFeedbackMode(actor: UserRecord, workspace: WorkspaceRecord, version: string, mode: FeedbackMode): Result<ReleaseSummary>;
  /** Publishes a release of the current approved revisions without a preview (the demo seed). */
  publishNow(actorId: string, workspace: WorkspaceRecord, input: ComposeReleaseRequest): ReleaseRecord;
  /** Every published release's passages, or one release's, for the search index. */
  searchDocuments(releaseId?: string): ReleaseDocument[];
}

/** SHA-256 of what a manifest publishes: outline, titles and the revision of each section and language. */
export function manifestHashOf(manifest: Manifest): string {
  // Left-out sections are listed, not published: they do not count.
  return crypto.createHash('sha256').update(JSON.stringify({ languages: manifest.languages, sections: manifest.sections })).digest('hex');
}

/** Creates the release service. */
export function createReleaseService(
  store: ReleaseStore,
  deps: { db: Db; audit: AuditService; workspaces: WorkspaceService; sections: SectionService; events: ServiceEvents; legal?: LegalService },
): ReleaseService {
  const contentCache = new Map<string, PmJson[]>();
  function content(docName: string, number: number): PmJson[] {
    const key = `${docName}#${number}`;
    let blocks = contentCache.get(key);
    if (!blocks) {
      const stored = store.revisionContent(docName, number);
      blocks = stored ? (JSON.parse(stored) as PmJson[]) : [];
      // Revisions are immutable: their parsed content never goes stale.
      if (contentCache.size > 2000) contentCache.clear();
      contentCache.set(key, blocks);
    }
    return blocks;
  }

  /** The manifest of the workspace now: the outline with each draft's latest revision. */
  function composeManifest(workspace: WorkspaceRecord): Manifest {
    const outline: Section[] = deps.sections.listOutline(workspace);
    const titles = store.sectionTitles(workspace.id);
    const included = new Map<string, number>();
    const sections: ManifestSection[] = [];
    const leftOut: Manifest['leftOut'] = [];
    const byId = new Map(outline.map((section) => [section.id, section]));
    for (const section of outline) {
      const revisions: ManifestSection['revisions'] = {};
      const missing: string[] = [];
      for (const lang of workspace.languages) {
        const docName = section.docs[lang];
        const latest = docName ? store.latestRevision(docName) : null;
        if (docName && latest) revisions[lang] = { docName, number: latest.number, contentHash: latest.contentHash, summary: latest.summary };
        else missing.push(lang);
      }
      const stored = titles.get(section.id);
      const sectionTitlesByLang: Record<string, string> = {};
      // The title (renamed in the app) is the default language's; translated titles come from the seed's per-language titles.
      for (const lang of workspace.languages) sectionTitlesByLang[lang] = (lang === workspace.languages[0] ? section.title : stored?.titles[lang]) || section.title;
      if (!Object.keys(revisions).length) {
        leftOut.push({ sectionId: section.id, slug: section.slug, title: section.title, languages: missing });
        continue;
      }
      // A section whose parent is left out hangs under its nearest included ancestor.
      let parentId = section.parentId;
      while (parentId && !included.has(parentId)) parentId = byId.get(parentId)?.parentId ?? null;
      const depth = parentId ? included.get(parentId)! + 1 : 0;
      included.set(section.id, depth);
      sections.push({ sectionId: section.id, slug: section.slug, parentId, depth, titles: sectionTitlesByLang, revisions });
    }
    return { languages: [...workspace.languages], sections, leftOut };
  }

  const summaryOf = (record: ReleaseRecord, slug: string): ReleaseSummary => ({
    id: record.id,
    version: record.version,
    date: record.date,
    notes: record.notes,
    publishedAt: record.publishedAt,
    publishedBy: store.userName(record.publishedBy) ?? { id: record.publishedBy, name: '?' },
    feedback: store.feedbackMode(record.id) ?? 'off',
    url: releaseBase(slug, record.version),
    sections: record.manifest.sections.length,
    leftOut: record.manifest.leftOut.length,
  });

  function write(actorId: string, workspace: WorkspaceRecord, input: ComposeReleaseRequest, manifest: Manifest, hash: string): ReleaseRecord {
    const at = Date.now();
    const record: ReleaseRecord = {
      id: createId(),
      workspaceId: workspace.id,
      version: input.version,
      date: input.date,
      notes: input.notes,
      manifest,
      manifestHash: hash,
      changelog: changelogOf(store, workspace, manifest, store.newest(workspace.id)),
      publishedBy: actorId,
      publishedAt: at,
    };
    deps.db.transaction(() => {
      store.insert(record);
      deps.audit.record({ actorId, action: 'release.publish', workspaceId: workspace.id, target: record.version, details: { releaseId: record.id, manifestHash: hash, sections: manifest.sections.length } }, at);
    })();
    deps.events.emit('release-published', { workspaceId: workspace.id, releaseId: record.id });
    return record;
  }

  const searchDocument = (release: ReleaseRecord): ReleaseDocument => ({
    workspaceId: release.workspaceId,
    version: release.version,
    sections: release.manifest.sections.flatMap((section) =>
      Object.entries(section.revisions).map(([lang, revision]) => ({ sectionId: section.sectionId, lang, blocks: content(revision.docName, revision.number) })),
    ),
  });

  const service: ReleaseService = {
    preview(workspace, input) {
      const manifest = composeManifest(workspace);
      const html: Record<string, Record<string, string>> = {};
      // Articles (issue 24): numbered against the newest adoption; references to a gone article are listed.
      const numbers = deps.legal?.manifestNumbers(workspace, manifest, deps.legal.frozenBefore(workspace.id)?.numbering ?? null);
      const byId = numbers ? numbersById(numbers) : null;
      const brokenReferences: NonNullable<ReleasePreview['brokenReferences']> = [];
      for (const section of manifest.sections) {
        html[section.sectionId] = {};
        for (const [lang, revision] of Object.entries(section.revisions)) {
          const blocks = content(revision.docName, revision.number);
          html[section.sectionId][lang] = renderReleaseBlocks(blocks, { headingLevel: 2 + section.depth, permalinkLabel: '¶', permalinks: false, legal: { numbers, lang } });
          for (const ref of byId ? articleRefsOf(blocks) : []) {
            const target = byId!.get(ref.target);
            if (!target || target.repealed) brokenReferences.push({ sectionId: section.sectionId, lang, blockId: ref.blockId, target: ref.target, number: target?.number ?? null });
          }
        }
      }
      return {
        brokenReferences,
        version: input.version,
        versionTaken: Boolean(store.byVersion(workspace.id, input.version)),
        manifest,
        manifestHash: manifestHashOf(manifest),
        changelog: changelogOf(store, workspace, manifest, store.newest(workspace.id)),
        html,
      };
    },

    publish(actor, workspace, input) {
      if (store.byVersion(workspace.id, input.version)) return fail('conflict', `Version ${input.version} is already published.`, 'version');
      const manifest = composeManifest(workspace);
      const hash = manifestHashOf(manifest);
      if (hash !== input.manifestHash) return fail('conflict', 'Approved revisions changed since the preview: preview again before publishing.', 'manifestHash');
      if (!manifest.sections.length) return fail('conflict', 'No section has an approved revision yet.');
      let record: ReleaseRecord;
      try {
        record = write(actor.id, workspace, input, manifest, hash);
      } catch (error) {
        if (String(error).includes('UNIQUE')) return fail('conflict', `Version ${input.version} is already published.`, 'version');
        throw error;
      }
      return succeed({ ...summaryOf(record, workspace.slug), manifest: record.manifest, changelog: record.changelog });
    },

    searchDocuments(releaseId) {
      return store
        .all()
        .filter((release) => !releaseId || release.id === releaseId)
        .map(searchDocument);
    },

    publishNow(actorId, workspace, input) {
      const manifest = composeManifest(workspace);
      return write(actorId, workspace, input, manifest, manifestHashOf(manifest));
    },

    list(workspace) {
      return store.list(workspace.id).map((record) => summaryOf(record, workspace.slug));
    },

    find(workspace, version) {
      return version === 'latest' ? store.newest(workspace.id) : store.byVersion(workspace.id, version);
    },

    detail(workspace, version) {
      const record = service.find(workspace, version);
      return record ? { ...summaryOf(record, workspace.slug), manifest: record.manifest, changelog: record.changelog } : null;
    },

    content,

    diff(workspace, from, to) {
      const a = service.find(workspace, from);
      if (!a) return fail('not_found', `No release ${from}`, 'from');
      const b = service.find(workspace, to);
      if (!b) return fail('not_found', `No release ${to}`);
      const before = new Map(a.manifest.sections.map((section) => [section.sectionId, section]));
      const after = new Map(b.manifest.sections.map((section) => [section.sectionId, section]));
      const defaultLang = workspace.languages[0];
      const title = (section: ManifestSection, lang: string) => section.titles[lang] || section.titles[defaultLang] || section.slug;
      const sections: ReleaseDiff['sections'] = [];
      let unchanged = 0;
      for (const section of b.manifest.sections) {
        const old = before.get(section.sectionId);
        let same = true;
        for (const [lang, revision] of Object.entries(section.revisions)) {
          const prior = old?.revisions[lang];
          if (prior && prior.docName === revision.docName && prior.number === revision.number) continue;
          same = false;
          const oldBlocks = prior ? content(prior.docName, prior.number) : [];
          sections.push({
            sectionId: section.sectionId,
            slug: section.slug,
            title: title(section, lang),
            lang,
            change: prior ? 'changed' : 'added',
            from: prior?.number ?? null,
            to: revision.number,
            diff: diffBlocks(oldBlocks, content(revision.docName, revision.number)),
          });
        }
        for (const [lang, prior] of Object.entries(old?.revisions ?? {})) {
          if (section.revisions[lang]) continue;
          same = false;
          sections.push({ sectionId: section.sectionId, slug: section.slug, title: title(section, lang), lang, change: 'removed', from: prior.number, to: null, diff: diffBlocks(content(prior.docName, prior.number), []) });
        }
        if (same) unchanged += 1;
      }
      for (const old of a.manifest.sections) {
        if (after.has(old.sectionId)) continue;
        for (const [lang, prior] of Object.entries(old.revisions)) {
          sections.push({ sectionId: old.sectionId, slug: old.slug, title: title(old, lang), lang, change: 'removed', from: prior.number, to: null, diff: diffBlocks(content(prior.docName, prior.number), []) });
        }
      }
      return succeed({ from: a.version, to: b.version, sections, unchanged });
    },

    earlier(release) {
      const releases = store.list(release.workspaceId);
      return releases.slice(releases.findIndex((other) => other.id === release.id) + 1).map((other) => other.version);
    },

    feedbackMode(releaseId) {
      return store.feedbackMode(releaseId) ?? 'off';
    },

    setFeedbackMode(actor, workspace, version, mode) {
      const record = service.find(workspace, version);
      if (!record) return fail('not_found', `No release ${version}`);
      const at = Date.now();
      deps.db.transaction(() => {
        store.setFeedbackMode(record.id, mode, actor.id, at);
        deps.audit.record({ actorId: actor.id, action: 'release.feedback', workspaceId: workspace.id, target: record.version, details: { mode } }, at);
      })();
      return succeed(summaryOf(record, workspace.slug));
    },
  };
  return service;
}
