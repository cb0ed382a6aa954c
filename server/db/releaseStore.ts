/**
 * The rows behind releases (flows 6–7): published releases, their feedback setting, the
 * remarks readers leave on them, and the few revision and decision facts a manifest and a
 * changelog are built from. SQL lives here; services/releases.ts, releaseChangelog.ts and
 * releaseFeedback.ts speak in records.
 *
 * Published releases are append-only (SQLite triggers refuse updates and deletes: R1), so
 * nothing here updates a release row.
 */
import type { Db } from './database.js';
import type { Changelog, DraftFeedback, FeedbackMode, Manifest } from '../../shared/releases.js';

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

/** A remark left on a published passage. */
export interface FeedbackRecord {
  id: string;
  releaseId: string;
  workspaceId: string;
  sectionId: string;
  lang: string;
  blockId: string;
  quote: string;
  context: string;
  body: string;
  name: string;
  /** The signed-in author, or null for the public. */
  userId: string | null;
  status: FeedbackStatus;
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  threadId: string | null;
}

export type FeedbackStatus = 'pending' | 'accepted' | 'rejected';

/** A revision's facts that a manifest and a changelog need. */
export interface RevisionFacts {
  number: number;
  contentHash: string;
  summary: string;
}

export interface ReleaseStore {
  // Releases
  list(workspaceId: string): ReleaseRecord[];
  all(): ReleaseRecord[];
  byVersion(workspaceId: string, version: string): ReleaseRecord | null;
  byId(id: string): ReleaseRecord | null;
  newest(workspaceId: string): ReleaseRecord | null;
  /** Inserts a release with its feedback setting (off), in the caller's transaction. */
  insert(record: ReleaseRecord): void;
  feedbackMode(releaseId: string): FeedbackMode | null;
  setFeedbackMode(releaseId: string, mode: FeedbackMode, by: string, at: number): void;

  // What manifests and changelogs are built from
  latestRevision(docName: string): RevisionFacts | null;
  /** A revision's blocks as stored (JSON), or null. */
  revisionContent(docName: string, number: number): string | null;
  revisionsBetween(docName: string, after: number, upTo: number): { number: number; summary: string; organisations: string[]; approvedAt: number }[];
  approvedAt(docName: string, number: number): number | null;
  acceptedSuggestionsBetween(docName: string, after: number, upTo: number): number;
  threadsSettledByRevision(docNames: readonly string[], after: number): number;
  organisationName(id: string): string | null;
  userName(id: string): { id: string; name: string } | null;
  sectionTitles(workspaceId: string): Map<string, { title: string; titles: Record<string, string> }>;
  draftOf(sectionId: string, lang: string): string | null;

  // Feedback
  insertFeedback(record: FeedbackRecord): void;
  feedback(id: string, workspaceId: string): FeedbackRecord | null;
  feedbackOf(workspaceId: string, status: FeedbackStatus): FeedbackRecord[];
  /** Settles a pending (or re-delivers an accepted) remark; false when it was already rejected. */
  decideFeedback(id: string, status: FeedbackStatus, by: string | null, at: number, threadId: string | null): boolean;
  feedbackAcceptedSince(workspaceId: string, after: number): number;
  /** What the stored feedback sink kept beside a draft, newest first. */
  draftFeedback(docName: string): DraftFeedback[];
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
  status: FeedbackStatus;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
  thread_id: string | null;
}

const toRelease = (row: ReleaseRow): ReleaseRecord => ({
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

const toFeedback = (row: FeedbackRow): FeedbackRecord => ({
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
  status: row.status,
  createdAt: row.created_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  threadId: row.thread_id,
});

/** The release rows on the application database. */
export function createReleaseStore(db: Db): ReleaseStore {
  const releasesOf = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE workspace_id = ? ORDER BY published_at DESC, rowid DESC');
  const allReleases = db.prepare<[], ReleaseRow>('SELECT * FROM releases ORDER BY published_at');
  const releaseByVersion = db.prepare<[string, string], ReleaseRow>('SELECT * FROM releases WHERE workspace_id = ? AND version = ?');
  const releaseById = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE id = ?');
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
  const userName = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM users WHERE id = ?');
  const sectionTitles = db.prepare<[string], { id: string; title: string; titles: string }>('SELECT id, title, titles FROM sections WHERE workspace_id = ?');
  const docOfSection = db.prepare<[string, string], { name: string }>('SELECT name FROM docs WHERE section_id = ? AND lang = ?');

  const insertFeedback = db.prepare(
    `INSERT INTO release_feedback (id, release_id, workspace_id, section_id, lang, block_id, quote, context, body, name, user_id, status, created_at)
     VALUES (@id, @releaseId, @workspaceId, @sectionId, @lang, @blockId, @quote, @context, @body, @name, @userId, @status, @createdAt)`,
  );
  const feedbackById = db.prepare<[string, string], FeedbackRow>('SELECT * FROM release_feedback WHERE id = ? AND workspace_id = ?');
  const feedbackOf = db.prepare<[string, string], FeedbackRow>('SELECT * FROM release_feedback WHERE workspace_id = ? AND status = ? ORDER BY created_at, rowid');
  const decideRow = db.prepare(
    "UPDATE release_feedback SET status = @status, decided_by = @by, decided_at = @at, thread_id = @threadId WHERE id = @id AND status IN ('pending', 'accepted')",
  );
  const feedbackAcceptedSince = db.prepare<[string, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM release_feedback WHERE workspace_id = ? AND status = 'accepted' AND decided_at > ?",
  );
  const feedbackThreadsOf = db.prepare<[string], { id: string; block_id: string; quote: string; body: string; author_name: string; release_version: string; anchor: DraftFeedback['anchor']; created_at: number }>(
    'SELECT * FROM feedback_threads WHERE doc = ? ORDER BY created_at DESC, rowid DESC',
  );

  const one = (row: ReleaseRow | undefined) => (row ? toRelease(row) : null);

  return {
    list: (workspaceId) => releasesOf.all(workspaceId).map(toRelease),
    all: () => allReleases.all().map(toRelease),
    byVersion: (workspaceId, version) => one(releaseByVersion.get(workspaceId, version)),
    byId: (id) => one(releaseById.get(id)),
    newest: (workspaceId) => one(newestRelease.get(workspaceId)),
    insert(record) {
      insertRelease.run({
        id: record.id,
        workspaceId: record.workspaceId,
        version: record.version,
        date: record.date,
        notes: record.notes,
        manifest: JSON.stringify(record.manifest),
        hash: record.manifestHash,
        changelog: JSON.stringify(record.changelog),
        publishedBy: record.publishedBy,
        at: record.publishedAt,
      });
      upsertSetting.run({ id: record.id, mode: 'off', by: record.publishedBy, at: record.publishedAt });
    },
    feedbackMode: (releaseId) => feedbackSetting.get(releaseId)?.mode ?? null,
    setFeedbackMode(releaseId, mode, by, at) {
      upsertSetting.run({ id: releaseId, mode, by, at });
    },

    latestRevision(docName) {
      const row = latestRevision.get(docName);
      return row ? { number: row.number, contentHash: row.content_hash, summary: row.summary } : null;
    },
    revisionContent: (docName, number) => revisionContent.get(docName, number)?.content ?? null,
    revisionsBetween: (docName, after, upTo) =>
      revisionsBetween.all(docName, after, upTo).map((row) => ({
        number: row.number,
        summary: row.summary,
        organisations: (JSON.parse(row.contributors) as { organisations: string[] }).organisations,
        approvedAt: row.approved_at,
      })),
    approvedAt: (docName, number) => revisionTime.get(docName, number)?.approved_at ?? null,
    acceptedSuggestionsBetween: (docName, after, upTo) => acceptedBetween.get(docName, after, upTo)?.n ?? 0,
    threadsSettledByRevision(docNames, after) {
      if (!docNames.length) return 0;
      // The list of drafts varies per release: one statement per call, bound, never spliced.
      const row = db
        .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM threads WHERE settled_kind = 'revision' AND doc IN (${docNames.map(() => '?').join(',')}) AND resolved_at > ?`)
        .get(...docNames, after);
      return row?.n ?? 0;
    },
    organisationName: (id) => organisationName.get(id)?.name ?? null,
    userName: (id) => userName.get(id) ?? null,
    sectionTitles: (workspaceId) =>
      new Map(sectionTitles.all(workspaceId).map((row) => [row.id, { title: row.title, titles: JSON.parse(row.titles) as Record<string, string> }])),
    draftOf: (sectionId, lang) => docOfSection.get(sectionId, lang)?.name ?? null,

    insertFeedback(record) {
      const { id, releaseId, workspaceId, sectionId, lang, blockId, quote, context, body, name, userId, status, createdAt } = record;
      insertFeedback.run({ id, releaseId, workspaceId, sectionId, lang, blockId, quote, context, body, name, userId, status, createdAt });
    },
    feedback(id, workspaceId) {
      const row = feedbackById.get(id, workspaceId);
      return row ? toFeedback(row) : null;
    },
    feedbackOf: (workspaceId, status) => feedbackOf.all(workspaceId, status).map(toFeedback),
    decideFeedback: (id, status, by, at, threadId) => decideRow.run({ id, status, by, at, threadId }).changes > 0,
    feedbackAcceptedSince: (workspaceId, after) => feedbackAcceptedSince.get(workspaceId, after)?.n ?? 0,
    draftFeedback: (docName) =>
      feedbackThreadsOf.all(docName).map((row) => ({
        id: row.id,
        blockId: row.block_id,
        quote: row.quote,
        body: row.body,
        name: row.author_name,
        version: row.release_version,
        anchor: row.anchor,
        createdAt: row.created_at,
      })),
  };
}
