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
import type { PmJson } from '../../shared/editor/json.js';
import type { Section } from '../../shared/api.js';
import {
  type Changelog,
  type ChangelogEntry,
  type ComposeReleaseRequest,
  type DraftFeedback,
  type FeedbackItem,
  type FeedbackMode,
  type LeaveFeedbackRequest,
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
import type { FeedbackSink } from './feedbackSink.js';
import type { ServiceEvents } from './events.js';
import type { ReleaseDocument } from '../search/searchService.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import type { SectionService } from './sections.js';
import type { WorkspaceRecord, WorkspaceService } from './workspaces.js';

/** A stored release. */
export interface ReleaseRecord {
  id: string;
  workspaceId: string;
  version: string;
  date: string;
  notes: string;
  manifest: Manifest;
  manifestHash: string;
  changelog: Changelog;
  publishedBy: string;
  publishedAt: number;
}

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
  /**
   * Feedback on a published passage. A signed-in member's goes straight to the draft (through
   * the sink); the public's waits in the moderation queue.
   */
  leaveFeedback(
    release: ReleaseRecord,
    author: { user: UserRecord | null; member: boolean },
    input: LeaveFeedbackRequest,
  ): Promise<Result<{ id: string; status: 'pending' | 'accepted' }>>;
  /** Feedback of a workspace: the moderation queue (pending) and what reached the draft. */
  listFeedback(workspace: WorkspaceRecord, status: 'pending' | 'accepted' | 'rejected'): FeedbackItem[];
  /** Staff accept (into the draft) or reject a pending remark. */
  decideFeedback(actor: UserRecord, workspace: WorkspaceRecord, id: string, action: 'accept' | 'reject'): Promise<Result<FeedbackItem>>;
  /** Accepted feedback recorded beside a draft by the default sink, newest first. */
  draftFeedback(docName: string): DraftFeedback[];
  /** Publishes a release of the current approved revisions without a preview (the demo seed). */
  publishNow(actorId: string, workspace: WorkspaceRecord, input: ComposeReleaseRequest): ReleaseRecord;
  /** Every published release's passages, or one release's, for the search index. */
  searchDocuments(releaseId?: string): ReleaseDocument[];
}

interface ReleaseRow {
  id: string;
  workspace_id: string;
  version: string;
  released_on: string;
  notes: string;
  manifest: string;
  manifest_hash: string;
  changelog: string;
  published_by: string;
  published_at: number;
}

interface FeedbackRow {
  id: string;
  release_id: string;
  workspace_id: string;
  section_id: string;
  lang: string;
  block_id: string;
  quote: string;
  context: string;
  body: string;
  name: string;
  user_id: string | null;
  status: 'pending' | 'accepted' | 'rejected';
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
  thread_id: string | null;
}

const toRecord = (row: ReleaseRow): ReleaseRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  version: row.version,
  date: row.released_on,
  notes: row.notes,
  manifest: JSON.parse(row.manifest) as Manifest,
  manifestHash: row.manifest_hash,
  changelog: JSON.parse(row.changelog) as Changelog,
  publishedBy: row.published_by,
  publishedAt: row.published_at,
});

/** SHA-256 of what a manifest publishes: outline, titles and the revision of each section and language. */
export function manifestHashOf(manifest: Manifest): string {
  // Left-out sections are listed, not published: they do not count.
  return crypto.createHash('sha256').update(JSON.stringify({ languages: manifest.languages, sections: manifest.sections })).digest('hex');
}

/** Creates the release service. */
export function createReleaseService(
  db: Db,
  deps: { audit: AuditService; workspaces: WorkspaceService; sections: SectionService; events: ServiceEvents; sink: FeedbackSink },
): ReleaseService {
  const latestRevision = db.prepare<[string], { number: number; content_hash: string; summary: string }>(
    'SELECT number, content_hash, summary FROM revisions WHERE doc = ? ORDER BY number DESC LIMIT 1',
  );
  const revisionContent = db.prepare<[string, number], { content: string }>('SELECT content FROM revisions WHERE doc = ? AND number = ?');
  const revisionsBetween = db.prepare<[string, number, number], { number: number; summary: string; contributors: string; approved_at: number }>(
    'SELECT number, summary, contributors, approved_at FROM revisions WHERE doc = ? AND number > ? AND number <= ? ORDER BY number',
  );
  const revisionTime = db.prepare<[string, number], { approved_at: number }>('SELECT approved_at FROM revisions WHERE doc = ? AND number = ?');
  const acceptedBetween = db.prepare<[string, number, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM suggestion_decisions WHERE doc = ? AND action = 'accept' AND at > ? AND at <= ?",
  );
  const organisationName = db.prepare<[string], { name: string }>('SELECT name FROM organisations WHERE id = ?');
  const sectionTitles = db.prepare<[string], { id: string; title: string; titles: string }>('SELECT id, title, titles FROM sections WHERE workspace_id = ?');
  const releasesOf = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE workspace_id = ? ORDER BY published_at DESC, rowid DESC');
  const releaseByVersion = db.prepare<[string, string], ReleaseRow>('SELECT * FROM releases WHERE workspace_id = ? AND version = ?');
  const newestRelease = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE workspace_id = ? ORDER BY published_at DESC, rowid DESC LIMIT 1');
  const insertRelease = db.prepare(
    `INSERT INTO releases (id, workspace_id, version, released_on, notes, manifest, manifest_hash, changelog, published_by, published_at)
     VALUES (@id, @workspaceId, @version, @date, @notes, @manifest, @hash, @changelog, @publishedBy, @at)`,
  );
  const feedbackSetting = db.prepare<[string], { mode: FeedbackMode }>('SELECT mode FROM release_feedback_settings WHERE release_id = ?');
  const upsertSetting = db.prepare(
    `INSERT INTO release_feedback_settings (release_id, mode, updated_by, updated_at) VALUES (@id, @mode, @by, @at)
     ON CONFLICT (release_id) DO UPDATE SET mode = excluded.mode, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  const userName = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM users WHERE id = ?');
  const insertFeedback = db.prepare(
    `INSERT INTO release_feedback (id, release_id, workspace_id, section_id, lang, block_id, quote, context, body, name, user_id, status, created_at)
     VALUES (@id, @releaseId, @workspaceId, @sectionId, @lang, @blockId, @quote, @context, @body, @name, @userId, @status, @at)`,
  );
  const feedbackById = db.prepare<[string, string], FeedbackRow>('SELECT * FROM release_feedback WHERE id = ? AND workspace_id = ?');
  const feedbackOf = db.prepare<[string, string], FeedbackRow>('SELECT * FROM release_feedback WHERE workspace_id = ? AND status = ? ORDER BY created_at, rowid');
  const decideRow = db.prepare(
    "UPDATE release_feedback SET status = @status, decided_by = @by, decided_at = @at, thread_id = @threadId WHERE id = @id AND status IN ('pending', 'accepted')",
  );
  const releaseById = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE id = ?');
  const docOfSection = db.prepare<[string, string], { name: string }>('SELECT name FROM docs WHERE section_id = ? AND lang = ?');
  const feedbackAcceptedSince = db.prepare<[string, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM release_feedback WHERE workspace_id = ? AND status = 'accepted' AND decided_at > ?",
  );

  const feedbackThreadsOf = db.prepare<[string], { id: string; block_id: string; quote: string; body: string; author_name: string; release_version: string; anchor: DraftFeedback['anchor']; created_at: number }>(
    'SELECT * FROM feedback_threads WHERE doc = ? ORDER BY created_at DESC, rowid DESC',
  );

  const contentCache = new Map<string, PmJson[]>();
  function content(docName: string, number: number): PmJson[] {
    const key = `${docName}#${number}`;
    let blocks = contentCache.get(key);
    if (!blocks) {
      const row = revisionContent.get(docName, number);
      blocks = row ? (JSON.parse(row.content) as PmJson[]) : [];
      // Revisions are immutable: their parsed content never goes stale.
      if (contentCache.size > 2000) contentCache.clear();
      contentCache.set(key, blocks);
    }
    return blocks;
  }

  /** The manifest of the workspace now: the outline with each draft's latest revision. */
  function composeManifest(workspace: WorkspaceRecord): Manifest {
    const outline: Section[] = deps.sections.listOutline(workspace);
    const titles = new Map(sectionTitles.all(workspace.id).map((row) => [row.id, { title: row.title, titles: JSON.parse(row.titles) as Record<string, string> }]));
    const included = new Map<string, number>();
    const sections: ManifestSection[] = [];
    const leftOut: Manifest['leftOut'] = [];
    const byId = new Map(outline.map((section) => [section.id, section]));
    for (const section of outline) {
      const revisions: ManifestSection['revisions'] = {};
      const missing: string[] = [];
      for (const lang of workspace.languages) {
        const docName = section.docs[lang];
        const latest = docName ? latestRevision.get(docName) : undefined;
        if (docName && latest) revisions[lang] = { docName, number: latest.number, contentHash: latest.content_hash, summary: latest.summary };
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

  /** Threads settled by a revision since a time, on some drafts, when comment threads exist (another branch). */
  function threadsAddressed(docs: readonly string[], since: number): number | null {
    try {
      const columns = (db.prepare("SELECT name FROM pragma_table_info('threads')").all() as { name: string }[]).map((c) => c.name);
      if (!columns.includes('settled_kind')) return null;
      const docColumn = ['doc', 'doc_name', 'document'].find((c) => columns.includes(c));
      const timeColumn = ['settled_at', 'resolved_at', 'updated_at'].find((c) => columns.includes(c));
      if (!docColumn || !docs.length) return 0;
      const where = [`settled_kind = 'revision'`, `${docColumn} IN (${docs.map(() => '?').join(',')})`];
      if (timeColumn) where.push(`${timeColumn} > ?`);
      const row = db.prepare(`SELECT COUNT(*) AS n FROM threads WHERE ${where.join(' AND ')}`).get(...docs, ...(timeColumn ? [since] : [])) as { n: number };
      return row.n;
    } catch {
      return null;
    }
  }

  /** The changelog of a manifest against the workspace's newest release. */
  function changelogOf(workspace: WorkspaceRecord, manifest: Manifest, previous: ReleaseRecord | null): Changelog {
    const before = new Map((previous?.manifest.sections ?? []).map((section) => [section.sectionId, section]));
    const entries: ChangelogEntry[] = [];
    const allOrganisations = new Set<string>();
    const changedDocs: string[] = [];
    let accepted = 0;
    const defaultLang = workspace.languages[0];
    for (const section of manifest.sections) {
      const old = before.get(section.sectionId);
      const entry: ChangelogEntry = {
        sectionId: section.sectionId,
        slug: section.slug,
        title: section.titles[defaultLang] || Object.values(section.titles)[0] || section.slug,
        change: old ? 'changed' : 'added',
        languages: [],
        summaries: [],
        suggestionsAccepted: 0,
        organisations: [],
      };
      const organisations = new Set<string>();
      for (const [lang, revision] of Object.entries(section.revisions)) {
        const from = old?.revisions[lang];
        if (from && from.docName === revision.docName && from.number === revision.number) continue;
        entry.languages.push(lang);
        changedDocs.push(revision.docName);
        const fromNumber = from && from.docName === revision.docName ? from.number : 0;
        const since = fromNumber ? (revisionTime.get(revision.docName, fromNumber)?.approved_at ?? 0) : 0;
        const until = revisionTime.get(revision.docName, revision.number)?.approved_at ?? Date.now();
        for (const row of revisionsBetween.all(revision.docName, fromNumber, revision.number)) {
          entry.summaries.push({ lang, number: row.number, summary: row.summary });
          for (const id of (JSON.parse(row.contributors) as { organisations: string[] }).organisations) organisations.add(id);
        }
        entry.suggestionsAccepted += acceptedBetween.get(revision.docName, since, until)?.n ?? 0;
      }
      if (!entry.languages.length) continue;
      entry.organisations = [...organisations].map((id) => organisationName.get(id)?.name).filter((n): n is string => Boolean(n)).sort();
      entry.organisations.forEach((name) => allOrganisations.add(name));
      accepted += entry.suggestionsAccepted;
      entries.push(entry);
    }
    const now = new Set(manifest.sections.map((section) => section.sectionId));
    for (const old of previous?.manifest.sections ?? []) {
      if (now.has(old.sectionId)) continue;
      entries.push({
        sectionId: old.sectionId,
        slug: old.slug,
        title: old.titles[defaultLang] || Object.values(old.titles)[0] || old.slug,
        change: 'removed',
        languages: Object.keys(old.revisions),
        summaries: [],
        suggestionsAccepted: 0,
        organisations: [],
      });
    }
    const since = previous?.publishedAt ?? 0;
    return {
      previous: previous?.version ?? null,
      entries,
      suggestionsAccepted: accepted,
      organisations: [...allOrganisations].sort(),
      threadsAddressed: threadsAddressed(changedDocs, since),
      feedbackReceived: feedbackAcceptedSince.get(workspace.id, since)?.n ?? 0,
    };
  }

  const newest = (workspace: WorkspaceRecord) => {
    const row = newestRelease.get(workspace.id);
    return row ? toRecord(row) : null;
  };

  const summaryOf = (record: ReleaseRecord, slug: string): ReleaseSummary => ({
    id: record.id,
    version: record.version,
    date: record.date,
    notes: record.notes,
    publishedAt: record.publishedAt,
    publishedBy: userName.get(record.publishedBy) ?? { id: record.publishedBy, name: '?' },
    feedback: feedbackSetting.get(record.id)?.mode ?? 'off',
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
      changelog: changelogOf(workspace, manifest, newest(workspace)),
      publishedBy: actorId,
      publishedAt: at,
    };
    db.transaction(() => {
      insertRelease.run({
        id: record.id,
        workspaceId: workspace.id,
        version: record.version,
        date: record.date,
        notes: record.notes,
        manifest: JSON.stringify(manifest),
        hash,
        changelog: JSON.stringify(record.changelog),
        publishedBy: actorId,
        at,
      });
      upsertSetting.run({ id: record.id, mode: 'off', by: actorId, at });
      deps.audit.record({ actorId, action: 'release.publish', workspaceId: workspace.id, target: record.version, details: { releaseId: record.id, manifestHash: hash, sections: manifest.sections.length } }, at);
    })();
    deps.events.emit('release-published', { workspaceId: workspace.id, releaseId: record.id });
    return record;
  }

  const presentFeedback = (row: FeedbackRow): FeedbackItem => {
    const release = releaseById.get(row.release_id);
    const manifest = release ? (JSON.parse(release.manifest) as Manifest) : null;
    const section = manifest?.sections.find((s) => s.sectionId === row.section_id);
    return {
      id: row.id,
      version: release?.version ?? '?',
      sectionId: row.section_id,
      sectionTitle: section ? section.titles[row.lang] || Object.values(section.titles)[0] || section.slug : '?',
      lang: row.lang,
      blockId: row.block_id,
      quote: row.quote,
      body: row.body,
      name: row.name,
      signedIn: row.user_id !== null,
      status: row.status,
      createdAt: row.created_at,
      threadId: row.thread_id,
    };
  };

  /**
   * Hands accepted feedback to the sink; the feedback's status and audit entry are written in
   * the sink's unit of work (U1): the thread, its message, the mark in the draft and these rows
   * commit together, or nothing does and the remark stays pending.
   */
  async function deliver(row: FeedbackRow, release: ReleaseRecord, actorId: string | null): Promise<Result<FeedbackItem>> {
    const doc = docOfSection.get(row.section_id, row.lang);
    if (!doc) return fail('conflict', 'The section of this remark has no draft in that language any more.');
    const made = await deps.sink.createThreadFromFeedback(
      {
        feedbackId: row.id,
        workspaceId: row.workspace_id,
        docName: doc.name,
        blockId: row.block_id,
        quote: row.quote,
        context: row.context,
        body: row.body,
        authorName: row.name,
        userId: row.user_id,
        acceptedBy: actorId,
        release: { id: release.id, version: release.version },
      },
      ({ threadId, anchor }) => {
        const at = Date.now();
        // Two moderators at once: the second finds it decided, and all of its work rolls back.
        if (feedbackById.get(row.id, row.workspace_id)?.status !== 'pending') throw new FeedbackDecided();
        decideRow.run({ id: row.id, status: 'accepted', by: actorId, at, threadId });
        deps.audit.record({ actorId, action: 'release.feedback.accept', workspaceId: row.workspace_id, target: release.version, details: { feedbackId: row.id, threadId, anchor, docName: doc.name } }, at);
      },
    ).catch((error: unknown) => {
      if (error instanceof FeedbackDecided) return fail('conflict', 'This remark is not waiting for moderation.');
      throw error;
    });
    if (!made.ok) return made;
    return succeed(presentFeedback(feedbackById.get(row.id, row.workspace_id)!));
  }

  const allReleases = db.prepare<[], ReleaseRow>('SELECT * FROM releases ORDER BY published_at');
  const searchDocument = (row: ReleaseRow): ReleaseDocument => {
    const manifest = JSON.parse(row.manifest) as Manifest;
    return {
      workspaceId: row.workspace_id,
      version: row.version,
      sections: manifest.sections.flatMap((section) =>
        Object.entries(section.revisions).map(([lang, revision]) => ({ sectionId: section.sectionId, lang, blocks: service.content(revision.docName, revision.number) })),
      ),
    };
  };

  const service: ReleaseService = {
    preview(workspace, input) {
      const manifest = composeManifest(workspace);
      const html: Record<string, Record<string, string>> = {};
      for (const section of manifest.sections) {
        html[section.sectionId] = {};
        for (const [lang, revision] of Object.entries(section.revisions)) {
          html[section.sectionId][lang] = renderReleaseBlocks(content(revision.docName, revision.number), { headingLevel: 2 + section.depth, permalinkLabel: '¶', permalinks: false });
        }
      }
      return {
        version: input.version,
        versionTaken: Boolean(releaseByVersion.get(workspace.id, input.version)),
        manifest,
        manifestHash: manifestHashOf(manifest),
        changelog: changelogOf(workspace, manifest, newest(workspace)),
        html,
      };
    },

    publish(actor, workspace, input) {
      if (releaseByVersion.get(workspace.id, input.version)) return fail('conflict', `Version ${input.version} is already published.`, 'version');
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
      return allReleases
        .all()
        .filter((row) => !releaseId || row.id === releaseId)
        .map(searchDocument);
    },

    publishNow(actorId, workspace, input) {
      const manifest = composeManifest(workspace);
      return write(actorId, workspace, input, manifest, manifestHashOf(manifest));
    },

    list(workspace) {
      return releasesOf.all(workspace.id).map((row) => summaryOf(toRecord(row), workspace.slug));
    },

    find(workspace, version) {
      const row = version === 'latest' ? newestRelease.get(workspace.id) : releaseByVersion.get(workspace.id, version);
      return row ? toRecord(row) : null;
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
      const rows = releasesOf.all(release.workspaceId);
      return rows.slice(rows.findIndex((row) => row.id === release.id) + 1).map((row) => row.version);
    },

    feedbackMode(releaseId) {
      return feedbackSetting.get(releaseId)?.mode ?? 'off';
    },

    setFeedbackMode(actor, workspace, version, mode) {
      const record = service.find(workspace, version);
      if (!record) return fail('not_found', `No release ${version}`);
      const at = Date.now();
      db.transaction(() => {
        upsertSetting.run({ id: record.id, mode, by: actor.id, at });
        deps.audit.record({ actorId: actor.id, action: 'release.feedback', workspaceId: workspace.id, target: record.version, details: { mode } }, at);
      })();
      return succeed(summaryOf(record, workspace.slug));
    },

    async leaveFeedback(release, author, input) {
      const mode = service.feedbackMode(release.id);
      const allowed = mode === 'public' || (mode === 'members' && author.member);
      if (!allowed) return fail('forbidden', 'Feedback is not open on this release.');
      const section = release.manifest.sections.find((s) => Object.entries(s.revisions).some(([lang, revision]) => lang === input.lang && content(revision.docName, revision.number).some((block) => block.attrs?.id === input.blockId)));
      if (!section) return fail('validation_failed', 'No such passage in this release.', 'blockId');
      const revision = section.revisions[input.lang];
      const block = content(revision.docName, revision.number).find((b) => b.attrs?.id === input.blockId)!;
      const blockText = JSON.stringify(block);
      // The quote must be text of that block (whitespace aside): nothing else gets anchored.
      const squash = (value: string) => value.replace(/\s+/g, '');
      if (!squash(plainTextOf(block)).includes(squash(input.quote)) && !blockText.includes(input.quote)) {
        return fail('validation_failed', 'The quoted text is not in that passage.', 'quote');
      }
      const row: FeedbackRow = {
        id: createId(),
        release_id: release.id,
        workspace_id: release.workspaceId,
        section_id: section.sectionId,
        lang: input.lang,
        block_id: input.blockId,
        quote: input.quote,
        context: input.context,
        body: input.body,
        name: input.name,
        user_id: author.user?.id ?? null,
        status: 'pending',
        created_at: Date.now(),
        decided_by: null,
        decided_at: null,
        thread_id: null,
      };
      insertFeedback.run({
        id: row.id,
        releaseId: row.release_id,
        workspaceId: row.workspace_id,
        sectionId: row.section_id,
        lang: row.lang,
        blockId: row.block_id,
        quote: row.quote,
        context: row.context,
        body: row.body,
        name: row.name,
        userId: row.user_id,
        status: 'pending',
        at: row.created_at,
      });
      // Members' remarks go straight into the draft; the public's wait for a moderator.
      if (!author.member) return succeed({ id: row.id, status: 'pending' as const });
      const delivered = await deliver(row, release, author.user?.id ?? null);
      if (!delivered.ok) return delivered;
      return succeed({ id: row.id, status: 'accepted' as const });
    },

    listFeedback(workspace, status) {
      return feedbackOf.all(workspace.id, status).map(presentFeedback);
    },

    draftFeedback(docName) {
      return feedbackThreadsOf.all(docName).map((row) => ({
        id: row.id,
        blockId: row.block_id,
        quote: row.quote,
        body: row.body,
        name: row.author_name,
        version: row.release_version,
        anchor: row.anchor,
        createdAt: row.created_at,
      }));
    },

    async decideFeedback(actor, workspace, id, action) {
      const row = feedbackById.get(id, workspace.id);
      if (!row || row.status !== 'pending') return fail('conflict', 'This remark is not waiting for moderation.');
      const release = releaseById.get(row.release_id);
      if (!release) return fail('conflict', 'The release of this remark is gone.');
      if (action === 'reject') {
        const at = Date.now();
        db.transaction(() => {
          decideRow.run({ id, status: 'rejected', by: actor.id, at, threadId: null });
          deps.audit.record({ actorId: actor.id, action: 'release.feedback.reject', workspaceId: workspace.id, target: release.version, details: { feedbackId: id } }, at);
        })();
        return succeed(presentFeedback(feedbackById.get(id, workspace.id)!));
      }
      return deliver(row, toRecord(release), actor.id);
    },
  };
  return service;
}

/** Thrown inside a feedback's unit of work when someone else decided it first. */
class FeedbackDecided extends Error {}

function plainTextOf(node: PmJson): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(plainTextOf).join(' ');
}
