/**
 * Imports into a workspace (issue 9). A file is converted as soon as it is uploaded and
 * kept, staged, for an hour (per person and workspace); a preview plans the sections
 * without writing anything; an import is a job that builds every seed first (reporting
 * progress per file) and then writes all sections, their docs rows, their seeded drafts
 * and their images' rows in ONE SQLite transaction: it lands whole or not at all. Drafts
 * are seeded on the server, the same path as every seed, never as client content.
 *
 * Word tracked changes kept as suggestions are attributed to the workspace member whose
 * name matches the Word author; a Word author who is not a member is attributed to the
 * person importing (the suggestion mark's `author` must be a user id), with the Word
 * author's name kept as the suggestion's `name` in the `suggestions` map.
 */
import type { Db } from '../db/database.js';
import type { DocStore } from '../db/docStore.js';
import type { Logger } from '../logger.js';
import type { PmJson } from '../../shared/editor/json.js';
import type { ImportArticles, ImportJob, ImportOptions, ImportPreview, StagedFile } from '../../shared/imports/api.js';
import { LIMITS } from '../../shared/limits.js';
import type { SuggestionMeta } from '../../shared/suggestions/model.js';
import type { UserRecord } from '../services/accounts.js';
import type { AuditService } from '../services/audit.js';
import type { ServiceEvents } from '../services/events.js';
import type { ImageService } from '../services/images.js';
import { createId } from '../services/ids.js';
import { fail, succeed, type Result } from '../services/result.js';
import type { SectionService } from '../services/sections.js';
import { buildDocUpdate, buildEmptyDraft, withBlockIds } from '../services/seedDoc.js';
import type { WorkspaceRecord } from '../services/workspaces.js';
import type { SearchService } from '../search/searchService.js';
import type { ConvertedFile } from './convertFile.js';
import { convertOffThread, type ConvertLimits } from './convertOffThread.js';
import { imagesIn, planSections, previewText, type PlannedSection } from './buildOutline.js';
import { linkReferences, mentionsIn, toArticles } from './legalImport.js';

/** How long a converted upload waits for its import. */
const STAGE_TTL_MS = 60 * 60 * 1000;
/** Finished jobs are forgotten after this long. */
const JOB_TTL_MS = 60 * 60 * 1000;

export interface ImportService {
  /** Converts an uploaded file and keeps it for the preview and the import. */
  stage(actor: UserRecord, workspace: WorkspaceRecord, name: string, data: Buffer): Promise<Result<StagedFile>>;
  /** The sections an import would create, and what cannot be converted. Writes nothing. */
  preview(actor: UserRecord, workspace: WorkspaceRecord, options: ImportOptions): Result<ImportPreview>;
  /** Starts an import job; poll `job()` for its progress. */
  start(actor: UserRecord, workspace: WorkspaceRecord, options: ImportOptions): Result<ImportJob>;
  /** A job of this workspace. */
  job(workspace: WorkspaceRecord, jobId: string): ImportJob | null;
  /** Runs an import to its end (what a job runs; tests and the benchmark call it directly). */
  run(actor: UserRecord, workspace: WorkspaceRecord, options: ImportOptions, onProgress?: (fileIndex: number, progress: number) => void): Promise<Result<string[]>>;
}

interface Staged {
  userId: string;
  workspaceId: string;
  at: number;
  file: ConvertedFile;
  id: string;
}

interface Member {
  id: string;
  name: string;
  org_id: string;
  org_name: string;
}

/** Creates the import service. */
export function createImportService(
  db: Db,
  deps: { store: DocStore; sections: SectionService; images: ImageService; audit: AuditService; events: ServiceEvents; search: SearchService; logger: Logger; convertLimits?: ConvertLimits; articlesEnabled?: (workspace: WorkspaceRecord) => boolean },
): ImportService {
  const staged = new Map<string, Staged>();
  const jobs = new Map<string, ImportJob & { workspaceId: string; finishedAt: number | null }>();
  const membersOf = db.prepare<[string], Member>(
    'SELECT u.id, u.name, o.id AS org_id, o.name AS org_name FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = u.organisation_id WHERE m.workspace_id = ?',
  );

  const prune = () => {
    const now = Date.now();
    for (const [id, entry] of staged) if (now - entry.at > STAGE_TTL_MS) staged.delete(id);
    for (const [id, job] of jobs) if (job.finishedAt !== null && now - job.finishedAt > JOB_TTL_MS) jobs.delete(id);
  };

  const filesOf = (actor: UserRecord, workspace: WorkspaceRecord, ids: readonly string[]): Result<ConvertedFile[]> => {
    const files: ConvertedFile[] = [];
    for (const id of ids) {
      const entry = staged.get(id);
      if (!entry || entry.userId !== actor.id || entry.workspaceId !== workspace.id) return fail('conflict', 'A file is no longer waiting to be imported: upload it again', 'files');
      files.push(entry.file);
    }
    return succeed(files);
  };

  const presentStaged = (entry: Staged): StagedFile => ({
    id: entry.id,
    name: entry.file.name,
    kind: entry.file.kind,
    bytes: entry.file.bytes,
    trackedChanges: entry.file.changes.size,
    images: entry.file.images.length,
    issues: entry.file.issues.map((message) => ({ file: entry.file.name, level: 'warning', message })),
  });

  /** Replaces Word change keys by suggestion ids and authors; answers the suggestions' meta. */
  const attribute = (blocks: PmJson[], section: PlannedSection, file: ConvertedFile, actor: UserRecord, members: Member[]) => {
    const meta: Record<string, SuggestionMeta> = {};
    const ids = new Map<string, string>();
    for (const key of section.suggestions) {
      const change = file.changes.get(key);
      if (!change) continue;
      const id = createId();
      ids.set(key, id);
      const member = members.find((m) => m.name.trim().toLowerCase() === change.author.trim().toLowerCase());
      meta[id] = member
        ? { author: member.id, name: member.name, organisation: { id: member.org_id, name: member.org_name }, at: change.at ?? Date.now() }
        : { author: actor.id, name: `${change.author} (Word)`, organisation: { id: actor.organisationId, name: actor.organisationName }, at: change.at ?? Date.now() };
    }
    const visit = (node: PmJson): PmJson => {
      const marks = node.marks?.map((mark) => {
        if (mark.type !== 'insertion' && mark.type !== 'deletion') return mark;
        const id = ids.get(String(mark.attrs?.id));
        return id ? { type: mark.type, attrs: { id, author: meta[id].author } } : mark;
      });
      return { ...node, ...(marks ? { marks } : {}), ...(node.content ? { content: node.content.map(visit) } : {}) };
    };
    return { blocks: blocks.map(visit), meta };
  };

  /**
   * The sections per file; in a workspace with articles, article paragraphs become articles
   * and (unless `linkArticles` is false) references to them become links, across all files.
   */
  const plan = (workspace: WorkspaceRecord, files: ConvertedFile[], options: ImportOptions): { plans: PlannedSection[][]; articles: ImportArticles | null } => {
    const plans = files.map((file) => planSections(file, options.splitLevel, options.trackedChanges));
    if (!deps.articlesEnabled?.(workspace)) return { plans, articles: null };
    const found = plans.flat().flatMap((section) => {
      const converted = toArticles(section.blocks);
      section.blocks = converted.blocks;
      return converted.articles;
    });
    const known = new Set(found.map((article) => article.number));
    const mentions = plans.flat().flatMap((section) => mentionsIn(section.blocks));
    const references = mentions.filter((number) => known.has(number)).length;
    const unresolved = [...new Set(mentions.filter((number) => !known.has(number)))];
    if (options.linkArticles !== false) {
      for (const section of plans.flat()) section.blocks = linkReferences(section.blocks, found).blocks;
    }
    return { plans, articles: { articles: found.length, references, unresolved } };
  };

  const service: ImportService = {
    async stage(actor, workspace, name, data) {
      prune();
      if (data.length > LIMITS.maxImportFileBytes) return fail('payload_too_large', `${name} is larger than ${LIMITS.maxImportFileBytes / 1024 / 1024} MiB`, 'file', 'maxImportFileBytes');
      // Nothing is kept of a file that is refused: it is staged only once converted.
      const converted = await convertOffThread(name, data, deps.convertLimits);
      if (!converted.ok) return converted;
      const entry: Staged = { id: createId(), userId: actor.id, workspaceId: workspace.id, at: Date.now(), file: converted.value };
      staged.set(entry.id, entry);
      return succeed(presentStaged(entry));
    },

    preview(actor, workspace, options) {
      const files = filesOf(actor, workspace, options.files);
      if (!files.ok) return files;
      const planned = plan(workspace, files.value, options);
      const sections = planned.plans.flatMap((planned) =>
        planned.map((section) => ({
          title: section.title,
          depth: section.depth,
          file: section.file,
          text: previewText(section.blocks),
          blocks: section.blocks.length,
          images: imagesIn(section.blocks).length,
          suggestions: section.suggestions.length,
        })),
      );
      const issues = files.value.flatMap((file) => file.issues.map((message) => ({ file: file.name, level: 'warning' as const, message })));
      return succeed({ sections, issues, articles: planned.articles });
    },

    start(actor, workspace, options) {
      prune();
      const files = filesOf(actor, workspace, options.files);
      if (!files.ok) return files;
      const job = { id: createId(), status: 'running' as const, files: files.value.map((file) => ({ name: file.name, progress: 0 })), sectionIds: [], error: null, workspaceId: workspace.id, finishedAt: null };
      const record: ImportJob & { workspaceId: string; finishedAt: number | null } = job;
      jobs.set(job.id, record);
      void service
        .run(actor, workspace, options, (fileIndex, progress) => {
          record.files[fileIndex].progress = progress;
        })
        .then(
          (result) => {
            record.finishedAt = Date.now();
            if (result.ok) Object.assign(record, { status: 'done', sectionIds: result.value, files: record.files.map((f) => ({ ...f, progress: 1 })) });
            else Object.assign(record, { status: 'failed', error: { code: result.failure.code, message: result.failure.message } });
          },
          (error: unknown) => {
            deps.logger.error({ err: error }, 'import failed');
            Object.assign(record, { status: 'failed', finishedAt: Date.now(), error: { code: 'internal', message: 'The import failed; nothing was written' } });
          },
        );
      return succeed(present(record));
    },

    job(workspace, jobId) {
      const record = jobs.get(jobId);
      return record && record.workspaceId === workspace.id ? present(record) : null;
    },

    async run(actor, workspace, options, onProgress) {
      const files = filesOf(actor, workspace, options.files);
      if (!files.ok) return files;
      const lang: string = options.lang ?? workspace.languages[0];
      if (!(workspace.languages as readonly string[]).includes(lang)) return fail('validation_failed', 'The workspace has no such language', 'lang');
      const parentId = options.parentId ?? null;
      if (parentId !== null && !deps.sections.find(workspace.id, parentId)) return fail('validation_failed', 'No such parent section', 'parentId');
      const members = membersOf.all(workspace.id);

      // 1. Build every seed first (the slow part), with progress per file.
      const built: { section: PlannedSection; blocks: PmJson[]; update: Uint8Array }[] = [];
      const { plans } = plan(workspace, files.value, options);
      for (const [fileIndex, sections] of plans.entries()) {
        for (const [index, section] of sections.entries()) {
          const { blocks, meta } = attribute(section.blocks, section, files.value[fileIndex], actor, members);
          const doc = withBlockIds(blocks.length ? { type: 'doc', content: blocks } : buildEmptyDraft());
          let update: Uint8Array;
          try {
            update = buildDocUpdate(doc, meta);
          } catch (error) {
            return fail('validation_failed', `${section.file}: "${section.title}" does not fit the editor's schema (${(error as Error).message.slice(0, 120)})`, 'files');
          }
          if (update.byteLength > LIMITS.maxDocumentBytes) {
            return fail('payload_too_large', `${section.file}: the section "${section.title}" is larger than a section may be (${LIMITS.maxDocumentBytes / 1024 / 1024} MiB); split it at a deeper heading level`);
          }
          built.push({ section, blocks: doc.content ?? [], update });
          onProgress?.(fileIndex, (index + 1) / sections.length);
          // Let status polls and rooms through between sections.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }

      // 2. Write everything in one transaction: sections, docs rows, seeded drafts, image rows.
      const used = new Set(built.flatMap(({ blocks }) => imagesIn(blocks)));
      const images = files.value.flatMap((file) => file.images).filter((image) => used.has(`/media/${image.fileName}`));
      const stagedImages = deps.images.stageImport(images);
      let created: { sectionId: string; docName: string; blocks: PmJson[] }[];
      try {
        created = await deps.store.createDocuments((seed) => {
          const out: { sectionId: string; docName: string; blocks: PmJson[] }[] = [];
          const parents: string[] = [];
          for (const { section, blocks, update } of built) {
            const parent = section.depth === 0 ? parentId : (parents[section.depth - 1] ?? parentId);
            const inserted = deps.sections.insert(actor.id, workspace, { titles: { [lang]: section.title }, parentId: parent }, { seeds: { [lang]: update } });
            if (!inserted.ok) throw new Error(inserted.failure.message);
            parents[section.depth] = inserted.value.sectionId;
            parents.length = section.depth + 1;
            for (const doc of inserted.value.docs) {
              seed(doc.docName, doc.update);
              if (doc.docName.endsWith(`.${lang}`)) out.push({ sectionId: inserted.value.sectionId, docName: doc.docName, blocks });
            }
          }
          stagedImages.writeRows(actor.id, workspace.id);
          deps.audit.record({
            actorId: actor.id,
            action: 'section.import',
            workspaceId: workspace.id,
            target: parentId ?? workspace.id,
            details: { files: files.value.map((file) => file.name), sections: out.length, images: images.length, trackedChanges: options.trackedChanges },
          });
          return out;
        });
      } catch (error) {
        stagedImages.discard();
        deps.logger.warn({ err: error }, 'import rolled back');
        return fail('conflict', `The import could not be written and nothing was changed: ${(error as Error).message.slice(0, 160)}`);
      }
      for (const id of options.files) staged.delete(id);
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      for (const { docName, blocks } of created) {
        await deps.search.indexDraft(docName, blocks).catch((error: unknown) => deps.logger.warn({ err: error, docName }, 'indexing an imported draft failed'));
      }
      return succeed(created.map((entry) => entry.sectionId));
    },
  };

  function present(record: ImportJob): ImportJob {
    return { id: record.id, status: record.status, files: record.files.map((f) => ({ ...f })), sectionIds: [...record.sectionIds], error: record.error };
  }

  return service;
}
