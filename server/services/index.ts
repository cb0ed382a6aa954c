/**
 * The domain services, created once by main.ts (or a test) with what they stand on: the
 * database, the document store and directory, the event bus, and the rooms' command path
 * (built before the services, so the wiring runs one way: db → store → docs → rooms →
 * services → collab endpoint → app). No module-level state, no setters.
 */
import type { Db } from '../db/database.js';
import type { DocStore } from '../db/docStore.js';
import type { DocDirectory } from '../db/docs.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CollabAccess } from '../collab/access.js';
import { createAuditService, type AuditService } from './audit.js';
import { createActivityService, type ActivityService } from './activity.js';
import { createEditWordsRecord, type EditWordsRecord } from './editWords.js';
import type { ServiceEvents } from './events.js';
import { createSessionService, type SessionService } from './sessions.js';
import { createAccountService, type AccountService } from './accounts.js';
import { createWorkspaceService, type WorkspaceService } from './workspaces.js';
import { createSectionService, type SectionService } from './sections.js';
import { createImageService, type ImageService } from './images.js';
import { createCollabAccess } from './collabAccess.js';
import { seedDemoContent } from './demoSeed.js';
import { createSuggestionService, type SuggestionService } from './suggestions.js';
import { createCommentService, type CommentService } from './comments.js';
import { createInboxService, type InboxService } from './inbox.js';
import { wireNotifications } from './notifications.js';
import { createRevisionService, type RevisionService } from './revisions.js';
import { createReleaseService, type ReleaseService } from './releases.js';
import { createFeedbackService, type FeedbackService } from './releaseFeedback.js';
import { createReleaseStore } from '../db/releaseStore.js';
import { createAdoptionStore } from '../db/adoptionStore.js';
import { createLegalService, type LegalService } from './legal.js';
import { createFeedbackSink } from './feedbackSink.js';
import { createOutboxService, type OutboxService } from './outbox.js';
import { createMailer, type Mailer } from './mailer.js';
import { createOrganisationService, type OrganisationService } from './organisations.js';
import { createInvitationService, type InvitationService } from './invitations.js';
import { createPasswordResetService, type PasswordResetService } from './passwordResets.js';
import { SqliteSearchIndex } from '../db/sqliteSearchIndex.js';
import { createSearchService, type SearchService } from '../search/searchService.js';
import { createImportService, type ImportService } from '../imports/importService.js';
import { createTranslationService, type TranslationService } from './translations.js';

/** What the services need. */
export interface ServiceDeps {
  db: Db;
  config: Config;
  logger: Logger;
  store: DocStore;
  docs: DocDirectory;
  events: ServiceEvents;
  /** The rooms' command path (RoomRegistry): decisions, restores, anchor scans, index reads. */
  commands: DocumentCommands;
}

/** Every domain service. */
export interface Services {
  events: ServiceEvents;
  /** Which section draft a document name is (the one doc → workspace lookup). */
  docs: DocDirectory;
  audit: AuditService;
  sessions: SessionService;
  accounts: AccountService;
  workspaces: WorkspaceService;
  sections: SectionService;
  images: ImageService;
  suggestions: SuggestionService;
  comments: CommentService;
  inbox: InboxService;
  revisions: RevisionService;
  releases: ReleaseService;
  /** Legal texts: adopted releases, article numbers, the consolidated text on a date (issue 24). */
  legal: LegalService;
  /** Feedback on published releases and its moderation queue. */
  feedback: FeedbackService;
  collabAccess: CollabAccess;
  outbox: OutboxService;
  /** Sends the outbox by SMTP when configured. */
  mailer: Mailer;
  organisations: OrganisationService;
  invitations: InvitationService;
  passwordResets: PasswordResetService;
  /** Search across a workspace (the index follows `draft-committed`). */
  search: SearchService;
  /** DOCX, Markdown and HTML imports. */
  imports: ImportService;
  /** The activity view: who changed what (issue 21). */
  activity: ActivityService;
  /** Counts the words each person's edits add and remove (feeds `activity`). */
  editWords: EditWordsRecord;
  /** Linked language versions: translation units, their states, start and confirm (issue 20). */
  translations: TranslationService;
  /** Seeds the demo content into an empty database (no-op when any account exists). */
  seedDemo(): Promise<void>;
  /** Stops timers and listeners (the database is closed by its owner). */
  close(): void;
}

/** How often the digest e-mails are looked at (each person's own interval decides who gets one). */
const DIGEST_CHECK_MS = 60 * 1000;

/** How often expired sessions and old sign-in failures are deleted. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Creates the services. */
export function createServices({ db, config, logger, store, docs, events, commands }: ServiceDeps): Services {
  const audit = createAuditService(db);
  const sessions = createSessionService(db, events);
  const accounts = createAccountService(db, sessions, audit);
  const sections = createSectionService(db, { store, events, audit, logger });
  const workspaces = createWorkspaceService(db, { events, audit, sessions, sections, store });
  const outbox = createOutboxService(db, events);
  const mailer = createMailer({ db, config, logger });
  events.on('mail-queued', () => mailer.wake());
  const organisations = createOrganisationService(db, { audit });
  const invitations = createInvitationService(db, { accounts, workspaces, organisations, outbox, audit });
  const passwordResets = createPasswordResetService(db, { accounts, outbox, audit });
  const images = createImageService(db, { dataDir: config.dataDir, audit });
  const collabAccess = createCollabAccess({ docs, accounts, sessions, workspaces });
  const suggestions = createSuggestionService(db, { commands, audit, events });
  const inbox = createInboxService(db, { events, outbox });
  const comments = createCommentService(db, { commands, workspaces, audit, events, inbox, logger });
  wireNotifications({ db, events, inbox, comments });
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const digestTimer = setInterval(() => {
    try {
      inbox.sendDigests(baseUrl);
    } catch (error) {
      logger.warn({ err: error }, 'digest e-mails failed');
    }
  }, DIGEST_CHECK_MS);
  digestTimer.unref();
  const translations = createTranslationService(db, { store, commands, docs, audit, events });
  const revisions = createRevisionService(db, { store, commands, events, audit, workspaces, translations });
  // Accepted feedback on a release becomes a comment thread at the same passage.
  const feedbackSink = createFeedbackSink(db, { commands, comments, workspaces, accounts });
  const releaseStore = createReleaseStore(db);
  const legal = createLegalService(createAdoptionStore(db), { db, releaseStore, sections, commands, audit });
  const releases = createReleaseService(releaseStore, { db, audit, workspaces, sections, events, legal });
  const feedback = createFeedbackService(releaseStore, { db, audit, sink: feedbackSink, content: releases.content, feedbackMode: releases.feedbackMode });
  // Published releases are searchable on their site, within that release (issue 9).
  const search = createSearchService(db, { index: new SqliteSearchIndex(db), store, commands, releases: { listReleases: () => releases.searchDocuments() }, events, logger });
  // Who changed how many words (the activity view), from the drafts' own transactions.
  const editWords = createEditWordsRecord(db, { events, commands, logger });
  const activity = createActivityService(db);
  const imports = createImportService(db, { store, sections, images, audit, events, search, logger, convertLimits: config.importWorker, articlesEnabled: (workspace) => legal.settings(workspace).articles });
  // The demo seed's release is indexed with everything else by the first start's rebuild.
  let seeding = false;
  events.on('release-published', ({ releaseId }) => {
    if (seeding) return;
    for (const release of releases.searchDocuments(releaseId)) {
      search.indexRelease(release).catch((error: unknown) => logger.warn({ err: error, release: releaseId }, 'indexing a release failed'));
    }
  });

  const pruneTimer = setInterval(() => {
    try {
      sessions.prune();
    } catch (error) {
      logger.warn({ err: error }, 'session pruning failed');
    }
  }, PRUNE_INTERVAL_MS);
  pruneTimer.unref();

  return {
    events,
    docs,
    audit,
    sessions,
    accounts,
    workspaces,
    sections,
    images,
    suggestions,
    comments,
    inbox,
    revisions,
    releases,
    legal,
    feedback,
    collabAccess,
    outbox,
    mailer,
    organisations,
    invitations,
    passwordResets,
    search,
    imports,
    activity,
    editWords,
    translations,
    async seedDemo() {
      seeding = true;
      try {
        await seedDemoContent({ db, store, logger, accounts, workspaces, sections, revisions, releases, legal, translations });
      } finally {
        seeding = false;
      }
    },
    close() {
      clearInterval(pruneTimer);
      clearInterval(digestTimer);
      comments.close();
      search.close();
      editWords.close();
      mailer.close();
      events.removeAllListeners();
    },
  };
}
