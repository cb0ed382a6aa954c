/**
 * Seeds the demo content into an empty database (never when any account exists, never in
 * production: main.ts only calls it when config.seedDemo). Rows are written in one
 * transaction; the drafts are then seeded through the document store, and each gets an
 * approved revision 1, and `toolbox` gets a published release `1` (CONTRACT.md, "Demo content").
 * The languages of a section are linked translations (issue 20): the same block ids, marked
 * up to date, but for one passage translated from an earlier Dutch text (so it is outdated).
 */
import type { Db } from '../db/database.js';
import type { DocStore } from '../db/docStore.js';
import type { Logger } from '../logger.js';
import { hashPassword } from './passwords.js';
import type { AccountService } from './accounts.js';
import type { SectionService, InsertedSection } from './sections.js';
import type { WorkspaceService, WorkspaceRecord } from './workspaces.js';
import type { RevisionService } from './revisions.js';
import type { ReleaseService } from './releases.js';
import type { LegalService } from './legal.js';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_WORKSPACES, type DemoSection } from './demoContent.js';
import type { Result } from './result.js';
import type { TranslationService } from './translations.js';
import type { PmNode } from './seedDoc.js';
import { withBlockIds } from './seedDoc.js';

/** What seeding needs. */
export interface DemoSeedDeps {
  db: Db;
  store: DocStore;
  logger: Logger;
  accounts: AccountService;
  workspaces: WorkspaceService;
  sections: SectionService;
  revisions: RevisionService;
  releases: ReleaseService;
  /** Legal texts: the reglement is written in articles and has one adopted release (issue 24). */
  legal?: LegalService;
  translations?: TranslationService;
}

/**
 * The drafts with linked block ids: the lead language's blocks get ids, and each other
 * language's block at the same index (when the structure matches) gets the same id.
 */
function linkDrafts(drafts: DemoSection['drafts'], languages: readonly string[]): DemoSection['drafts'] {
  const lead = drafts[languages[0] as keyof typeof drafts];
  if (!lead) return drafts;
  const linkedLead = withBlockIds(lead);
  const out: Record<string, PmNode> = { [languages[0]]: linkedLead };
  for (const lang of languages.slice(1)) {
    const draft = drafts[lang as keyof typeof drafts];
    if (!draft) continue;
    const blocks = draft.content ?? [];
    const same = blocks.length === (linkedLead.content ?? []).length && blocks.every((block, index) => block.type === linkedLead.content![index].type);
    out[lang] = same ? { ...draft, content: blocks.map((block, index) => ({ ...block, attrs: { ...block.attrs, id: linkedLead.content![index].attrs!.id } })) } : draft;
  }
  return out;
}

/** The summary of each demo section's revision 1, in the draft's language. */
const FIRST_REVISION_SUMMARY: Record<string, string> = {
  nl: 'Eerste goedgekeurde versie',
  fr: 'Première version approuvée',
  en: 'First approved version',
};

function unwrap<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`demo seed: ${what}: ${result.failure.message}`);
  return result.value;
}

/** Seeds the demo content; answers false (and does nothing) when the database has accounts. */
export async function seedDemoContent(deps: DemoSeedDeps): Promise<boolean> {
  const { db } = deps;
  const hasUsers = () => (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n > 0;
  if (hasUsers()) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => hashPassword(account.password)));

  const drafts = db.transaction(() => {
    // Re-checked inside the transaction: another process may have seeded meanwhile.
    if (hasUsers()) return null;
    for (const organisation of Object.values(DEMO_ORGANISATIONS)) deps.accounts.ensureOrganisation(organisation.name, organisation.kind);
    const users = DEMO_ACCOUNTS.map((account, index) => {
      const organisation = DEMO_ORGANISATIONS[account.organisation];
      const input = { ...account, organisation: organisation.name, organisationKind: organisation.kind };
      return { account, user: unwrap(deps.accounts.createWithHash(input, hashes[index]), account.email) };
    });
    const admin = users.find(({ account }) => account.isSiteAdmin)!.user;
    const inserted: (InsertedSection & { demo: DemoSection; workspace: WorkspaceRecord })[] = [];
    for (const demo of DEMO_WORKSPACES) {
      const workspace = unwrap(deps.workspaces.create(admin.id, demo), demo.slug);
      for (const { account, user } of users) deps.workspaces.setMember(workspace.id, user.id, account.role);
      const insertTree = (sections: readonly DemoSection[], parentId: string | null) => {
        for (const section of sections) {
          const title = section.titles[workspace.languages[0]] ?? Object.values(section.titles)[0]!;
          const result = unwrap(insertSection(workspace, { title, parentId }, section), title);
          inserted.push({ ...result, demo: section, workspace });
          insertTree(section.children ?? [], result.sectionId);
        }
      };
      insertTree(demo.sections, null);
    }
    return { inserted, adminId: admin.id };
  })();
  if (!drafts) return false;

  function insertSection(workspace: WorkspaceRecord, input: { title: string; parentId: string | null }, section: DemoSection) {
    return deps.sections.insert(null, workspace, input, { drafts: linkDrafts(section.drafts, workspace.languages), titles: section.titles });
  }

  for (const { docName, update } of drafts.inserted.flatMap((section) => section.docs)) {
    await deps.store.seedIfEmpty(docName, update);
    const lang = docName.slice(docName.lastIndexOf('.') + 1);
    await deps.revisions.seedRevision(docName, { summary: FIRST_REVISION_SUMMARY[lang] ?? FIRST_REVISION_SUMMARY.en, approverId: drafts.adminId });
  }
  // Every translation marked up to date against revision 1 (one against an earlier text).
  if (deps.translations) {
    for (const section of drafts.inserted) {
      for (const { docName } of section.docs.filter(({ docName }) => !docName.endsWith(`.${section.workspace.languages[0]}`))) {
        await deps.translations.seedConfirmed(drafts.adminId, section.workspace, docName, section.demo.translatedFrom);
      }
    }
  }
  const toolbox = deps.workspaces.findBySlug('toolbox');
  if (toolbox) {
    deps.releases.publishNow(drafts.adminId, toolbox, {
      version: '1',
      date: new Date().toISOString().slice(0, 10),
      notes: 'De eerste publieke versie van de toolbox. Opmerkingen zijn welkom: selecteer een passage en laat een reactie achter.',
    });
    // Open to everyone's feedback, so the whole loop can be tried on a first start.
    const admin = deps.accounts.findById(drafts.adminId);
    if (admin) deps.releases.setFeedbackMode(admin, toolbox, '1', 'public');
  }
  const reglement = deps.workspaces.findBySlug('reglement');
  const admin = deps.accounts.findById(drafts.adminId);
  if (reglement && admin && deps.legal) {
    deps.legal.updateSettings(admin, reglement, { articles: true, numberStyle: 'latin' });
    deps.releases.publishNow(drafts.adminId, reglement, {
      version: '1',
      date: new Date().toISOString().slice(0, 10),
      notes: 'Het reglement zoals de algemene vergadering het aannam. De artikelnummers liggen vast.',
    });
    // Adopted and in force from the first day of this year: the consolidated text exists today.
    const adopted = deps.legal.adopt(admin, reglement, '1', `${new Date().getUTCFullYear()}-01-01`);
    if (!adopted.ok) throw new Error(`demo seed: ${adopted.failure.message}`);
  }
  deps.logger.info({ accounts: DEMO_ACCOUNTS.length, workspaces: DEMO_WORKSPACES.length }, 'demo content seeded');
  return true;
}
