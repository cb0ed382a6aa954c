/**
 * The rows behind legal texts (issue 24): release adoptions (in force from, the frozen article
 * numbering) and each workspace's article settings. Adoptions are append-only (triggers
 * refuse updates and deletes), like the releases they belong to.
 */
import type { Db } from './database.js';
import { parseFrozenNumbers, type ArticleNumber, type NumberStyle } from '../../shared/legal/numbering.js';

/** A release marked adopted. */
export interface AdoptionRecord {
  releaseId: string;
  workspaceId: string;
  inForceFrom: string;
  numbering: ArticleNumber[];
  adoptedBy: string;
  adoptedAt: number;
}

/** Whether a workspace is written in articles, and how insertions are numbered. */
export interface LegalSettingsRecord {
  articles: boolean;
  numberStyle: NumberStyle;
}

export interface AdoptionStore {
  insert(record: AdoptionRecord): void;
  ofRelease(releaseId: string): AdoptionRecord | null;
  /** A workspace's adoptions, in the order their releases were published. */
  ofWorkspace(workspaceId: string): AdoptionRecord[];
  settings(workspaceId: string): LegalSettingsRecord | null;
  setSettings(workspaceId: string, settings: LegalSettingsRecord): void;
}

interface AdoptionRow {
  release_id: string;
  workspace_id: string;
  in_force_from: string;
  numbering: string;
  adopted_by: string;
  adopted_at: number;
}

const toAdoption = (row: AdoptionRow): AdoptionRecord => ({
  releaseId: row.release_id,
  workspaceId: row.workspace_id,
  inForceFrom: row.in_force_from,
  numbering: parseFrozenNumbers(JSON.parse(row.numbering)) ?? [],
  adoptedBy: row.adopted_by,
  adoptedAt: row.adopted_at,
});

/** The adoption rows on the application database. */
export function createAdoptionStore(db: Db): AdoptionStore {
  const insert = db.prepare(
    `INSERT INTO release_adoptions (release_id, workspace_id, in_force_from, numbering, adopted_by, adopted_at)
     VALUES (@releaseId, @workspaceId, @inForceFrom, @numbering, @adoptedBy, @adoptedAt)`,
  );
  const ofRelease = db.prepare<[string], AdoptionRow>('SELECT * FROM release_adoptions WHERE release_id = ?');
  const ofWorkspace = db.prepare<[string], AdoptionRow>(
    'SELECT a.* FROM release_adoptions a JOIN releases r ON r.id = a.release_id WHERE a.workspace_id = ? ORDER BY r.published_at, r.rowid',
  );
  const settings = db.prepare<[string], { articles: number; number_style: NumberStyle }>('SELECT articles, number_style FROM legal_settings WHERE workspace_id = ?');
  const upsertSettings = db.prepare(
    `INSERT INTO legal_settings (workspace_id, articles, number_style) VALUES (?, ?, ?)
     ON CONFLICT (workspace_id) DO UPDATE SET articles = excluded.articles, number_style = excluded.number_style`,
  );
  return {
    insert(record) {
      insert.run({ ...record, numbering: JSON.stringify(record.numbering) });
    },
    ofRelease(releaseId) {
      const row = ofRelease.get(releaseId);
      return row ? toAdoption(row) : null;
    },
    ofWorkspace: (workspaceId) => ofWorkspace.all(workspaceId).map(toAdoption),
    settings(workspaceId) {
      const row = settings.get(workspaceId);
      return row ? { articles: row.articles === 1, numberStyle: row.number_style } : null;
    },
    setSettings(workspaceId, value) {
      upsertSettings.run(workspaceId, value.articles ? 1 : 0, value.numberStyle);
    },
  };
}
