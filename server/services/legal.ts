/**
 * Legal texts (issue 24, L1): adopting a release (with the date it is in force from), the
 * article numbers of a release and of the live drafts, and the consolidated text on a date.
 *
 * - Adopting freezes the numbering: the release's articles (lead language, outline order)
 *   numbered against the numbering frozen by the adoption before it, stored with the
 *   adoption. Later drafts and releases number against the newest adoption (numbering.ts).
 *   A release is adopted once; an older release cannot be adopted after a newer one.
 * - The consolidated text on a day is the newest adopted release in force that day; each
 *   article gets a note naming the adopted release that last changed it (or inserted it) and
 *   a link to the text of the day before.
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.js';
import type { AdoptionRecord, AdoptionStore, LegalSettingsRecord } from '../db/adoptionStore.js';
import type { ReleaseStore } from '../db/releaseStore.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { PmJson } from '../../shared/editor/json.js';
import type { Manifest, ManifestSection } from '../../shared/releases.js';
import type { Adoption, ArticleNumbers, DraftArticleNumber, LegalSettingsRequest } from '../../shared/legal/api.js';
import { ARTICLE } from '../../shared/editor/article.js';
import { BLOCK_ID_ATTR } from '../../shared/editor/blockId.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { articleIdsOf } from '../../shared/legal/articles.js';
import { numberArticles, type ArticleNumber } from '../../shared/legal/numbering.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { ReleaseRecord } from '../db/releaseStore.js';
import type { SectionService } from './sections.js';
import type { WorkspaceRecord } from './workspaces.js';
import { fail, succeed, type Result } from './result.js';

/** What the consolidated page says about one article. */
export interface ArticleNote {
  kind: 'inserted' | 'modified';
  version: string;
  inForceFrom: string;
  /** The day before that release came into force: where the earlier text is. */
  earlierOn: string | null;
}

/** The text in force on a day. */
export interface Consolidation {
  date: string;
  release: ReleaseRecord;
  adoption: AdoptionRecord;
  numbers: ArticleNumber[];
  /** Per article block id, in the page's language. */
  notes: Map<string, ArticleNote>;
}

export interface LegalService {
  settings(workspace: WorkspaceRecord): LegalSettingsRecord;
  updateSettings(actor: UserRecord, workspace: WorkspaceRecord, input: LegalSettingsRequest): LegalSettingsRecord;
  /** Marks a published release adopted, in force from a date; freezes the article numbers. */
  adopt(actor: UserRecord, workspace: WorkspaceRecord, version: string, inForceFrom: string): Result<Adoption>;
  adoptions(workspace: WorkspaceRecord): Adoption[];
  adoptionOf(release: ReleaseRecord): AdoptionRecord | null;
  /** The numbering frozen by the newest adoption published before `beforeAt` (all, when omitted). */
  frozenBefore(workspaceId: string, beforeAt?: number): AdoptionRecord | null;
  /** The article numbers of a manifest, numbered against a frozen list. */
  manifestNumbers(workspace: WorkspaceRecord, manifest: Manifest, frozen: readonly ArticleNumber[] | null): ArticleNumber[];
  /** A published release's numbers: those its adoption froze, else computed against the adoption before it. */
  releaseNumbers(workspace: WorkspaceRecord, release: ReleaseRecord): ArticleNumber[];
  /** The live drafts' numbers (lead language, outline order). */
  draftNumbers(workspace: WorkspaceRecord): Promise<ArticleNumbers>;
  /** The adopted text in force on a day, or null when nothing adopted is in force yet. */
  consolidated(workspace: WorkspaceRecord, date: string, lang: string): Consolidation | null;
  /** Which articles a release amended, inserted and repealed since the release before it (numbers), or null without articles. */
  articleChanges(workspace: WorkspaceRecord, release: ReleaseRecord): ArticleChanges | null;
}

/** The articles a release changed, by number, in reading order. */
export interface ArticleChanges {
  amended: string[];
  inserted: string[];
  repealed: string[];
}

/** The day before a YYYY-MM-DD date. */
export function dayBefore(date: string): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString().slice(0, 10);
}

/** Creates the legal-text service. */
export function createLegalService(
  store: AdoptionStore,
  deps: { db: Db; releaseStore: ReleaseStore; sections: SectionService; commands: DocumentCommands; audit: AuditService },
): LegalService {
  // Built before the release service (which asks it for numbers), so it reads revisions itself.
  const contentCache = new Map<string, PmJson[]>();
  const content = (docName: string, number: number): PmJson[] => {
    const key = `${docName}#${number}`;
    let blocks = contentCache.get(key);
    if (!blocks) {
      const stored = deps.releaseStore.revisionContent(docName, number);
      blocks = stored ? (JSON.parse(stored) as PmJson[]) : [];
      // Revisions are immutable: their parsed content never goes stale.
      if (contentCache.size > 500) contentCache.clear();
      contentCache.set(key, blocks);
    }
    return blocks;
  };
  const leadOf = (workspace: WorkspaceRecord) => workspace.languages[0];

  /** A section's blocks in a manifest, in one language (the lead language's when it has none). */
  const sectionBlocks = (section: ManifestSection, lang: string, fallback: string): PmJson[] => {
    const revision = section.revisions[lang] ?? section.revisions[fallback] ?? Object.values(section.revisions)[0];
    return revision ? content(revision.docName, revision.number) : [];
  };

  const manifestNumbers: LegalService['manifestNumbers'] = (workspace, manifest, frozen) => {
    const lead = leadOf(workspace);
    const ids = manifest.sections.flatMap((section) => articleIdsOf(sectionBlocks(section, lead, lead)));
    return numberArticles(ids, frozen, service.settings(workspace).numberStyle);
  };

  const adoptionView = (record: AdoptionRecord): Adoption => {
    const release = deps.releaseStore.byId(record.releaseId);
    return {
      version: release?.version ?? '?',
      inForceFrom: record.inForceFrom,
      adoptedAt: record.adoptedAt,
      adoptedBy: deps.releaseStore.userName(record.adoptedBy) ?? { id: record.adoptedBy, name: '?' },
      articles: record.numbering.length,
    };
  };

  const service: LegalService = {
    settings: (workspace) => store.settings(workspace.id) ?? { articles: false, numberStyle: 'latin' },

    updateSettings(actor, workspace, input) {
      const next = { ...service.settings(workspace), ...(input.articles !== undefined ? { articles: input.articles } : {}), ...(input.numberStyle ? { numberStyle: input.numberStyle } : {}) };
      deps.db.transaction(() => {
        store.setSettings(workspace.id, next);
        deps.audit.record({ actorId: actor.id, action: 'workspace.legal', workspaceId: workspace.id, target: workspace.slug, details: { ...next } });
      })();
      return next;
    },

    adopt(actor, workspace, version, inForceFrom) {
      const release = version === 'latest' ? deps.releaseStore.newest(workspace.id) : deps.releaseStore.byVersion(workspace.id, version);
      if (!release) return fail('not_found', `No release ${version}`);
      if (store.ofRelease(release.id)) return fail('conflict', `Release ${release.version} is already adopted.`);
      const newer = store.ofWorkspace(workspace.id).find((adoption) => (deps.releaseStore.byId(adoption.releaseId)?.publishedAt ?? 0) > release.publishedAt);
      if (newer) return fail('conflict', 'A newer release is already adopted: adopt releases in the order they were published.');
      const previous = service.frozenBefore(workspace.id, release.publishedAt);
      const record: AdoptionRecord = {
        releaseId: release.id,
        workspaceId: workspace.id,
        inForceFrom,
        numbering: manifestNumbers(workspace, release.manifest, previous?.numbering ?? null),
        adoptedBy: actor.id,
        adoptedAt: Date.now(),
      };
      deps.db.transaction(() => {
        store.insert(record);
        deps.audit.record({ actorId: actor.id, action: 'release.adopt', workspaceId: workspace.id, target: release.version, details: { inForceFrom, articles: record.numbering.length } }, record.adoptedAt);
      })();
      return succeed(adoptionView(record));
    },

    adoptions: (workspace) => store.ofWorkspace(workspace.id).map(adoptionView),
    adoptionOf: (release) => store.ofRelease(release.id),

    frozenBefore(workspaceId, beforeAt) {
      const adoptions = store.ofWorkspace(workspaceId).filter((adoption) => beforeAt === undefined || (deps.releaseStore.byId(adoption.releaseId)?.publishedAt ?? Infinity) < beforeAt);
      return adoptions.length ? adoptions[adoptions.length - 1] : null;
    },

    manifestNumbers,

    releaseNumbers(workspace, release) {
      const own = store.ofRelease(release.id);
      if (own) return own.numbering;
      return manifestNumbers(workspace, release.manifest, service.frozenBefore(workspace.id, release.publishedAt)?.numbering ?? null);
    },

    async draftNumbers(workspace) {
      const settings = service.settings(workspace);
      const lead = leadOf(workspace);
      const owner = new Map<string, string>();
      const ids: string[] = [];
      const sections: ArticleNumbers['sections'] = [];
      const frozenBy = service.frozenBefore(workspace.id);
      // A workspace without articles (the toolbox) costs no draft reads: every editor asks.
      const outline = settings.articles || frozenBy ? deps.sections.listOutline(workspace) : [];
      for (const section of outline) {
        const docName = section.docs[lead];
        if (!docName) continue;
        // Only the top-level elements' names and ids are read: cheap, whatever the section's size.
        const found = await deps.commands.command(docName, null, (doc: Y.Doc) =>
          doc
            .getXmlFragment(CONTENT_FIELD)
            .toArray()
            .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === ARTICLE)
            .map((node) => node.getAttribute(BLOCK_ID_ATTR) as unknown)
            .filter((id): id is string => typeof id === 'string' && id.length > 0),
        );
        for (const id of found) {
          if (!owner.has(id)) owner.set(id, section.id);
          ids.push(id);
        }
        sections.push({ sectionId: section.id, docs: Object.fromEntries(Object.entries(section.docs).filter((entry): entry is [string, string] => typeof entry[1] === 'string')), articles: found });
      }
      const release = frozenBy ? deps.releaseStore.byId(frozenBy.releaseId) : null;
      const articles: DraftArticleNumber[] = numberArticles(ids, frozenBy?.numbering ?? null, settings.numberStyle).map((entry) => ({ ...entry, sectionId: owner.get(entry.blockId) ?? null }));
      return {
        enabled: settings.articles,
        numberStyle: settings.numberStyle,
        frozenBy: frozenBy && release ? { version: release.version, inForceFrom: frozenBy.inForceFrom } : null,
        frozen: frozenBy?.numbering ?? null,
        articles,
        sections,
      };
    },

    consolidated(workspace, date, lang) {
      // Adopted releases in force that day, in the order they were published.
      const chain = store
        .ofWorkspace(workspace.id)
        .filter((adoption) => adoption.inForceFrom <= date)
        .map((adoption) => ({ adoption, release: deps.releaseStore.byId(adoption.releaseId)! }))
        .filter((entry) => entry.release);
      if (!chain.length) return null;
      const current = chain[chain.length - 1];
      const lead = leadOf(workspace);
      /** Each article's JSON in one release, by block id, in the page's language. */
      const articlesOf = (release: ReleaseRecord) => {
        const map = new Map<string, string>();
        for (const section of release.manifest.sections) {
          for (const block of sectionBlocks(section, lang, lead)) {
            const id = block.attrs?.[BLOCK_ID_ATTR];
            if (block.type === ARTICLE && typeof id === 'string') map.set(id, JSON.stringify(block));
          }
        }
        return map;
      };
      const texts = chain.map((entry) => articlesOf(entry.release));
      const notes = new Map<string, ArticleNote>();
      const last = texts.length - 1;
      for (const [id, text] of texts[last]) {
        // The earliest release since which this article reads as it does now.
        let since = last;
        while (since > 0 && texts[since - 1].get(id) === text) since -= 1;
        if (since === 0) continue;
        const by = chain[since];
        notes.set(id, {
          kind: texts[since - 1].has(id) ? 'modified' : 'inserted',
          version: by.release.version,
          inForceFrom: by.adoption.inForceFrom,
          earlierOn: texts[since - 1].has(id) ? dayBefore(by.adoption.inForceFrom) : null,
        });
      }
      return { date, release: current.release, adoption: current.adoption, numbers: current.adoption.numbering, notes };
    },

    articleChanges(workspace, release) {
      const lead = leadOf(workspace);
      const textsOf = (record: ReleaseRecord) => {
        const map = new Map<string, string>();
        for (const section of record.manifest.sections) {
          for (const block of sectionBlocks(section, lead, lead)) {
            const id = block.attrs?.[BLOCK_ID_ATTR];
            if (block.type === ARTICLE && typeof id === 'string') map.set(id, JSON.stringify(block));
          }
        }
        return map;
      };
      const now = textsOf(release);
      const numbers = service.releaseNumbers(workspace, release);
      if (!numbers.length) return null;
      const list = deps.releaseStore.list(workspace.id);
      const previousRecord = list[list.findIndex((other) => other.id === release.id) + 1];
      const before = previousRecord ? textsOf(previousRecord) : new Map<string, string>();
      const changes: ArticleChanges = { amended: [], inserted: [], repealed: [] };
      for (const entry of numbers) {
        if (entry.repealed) {
          if (before.has(entry.blockId)) changes.repealed.push(entry.number);
        } else if (!before.has(entry.blockId)) {
          if (previousRecord) changes.inserted.push(entry.number);
        } else if (before.get(entry.blockId) !== now.get(entry.blockId)) changes.amended.push(entry.number);
      }
      return changes;
    },
  };
  return service;
}
