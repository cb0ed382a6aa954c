/**
 * The generated changelog of a release (flow 6): for each section and language whose
 * revision changed since the previous release, the approved revisions' summaries, how many
 * suggestions were accepted on the way and which organisations contributed; sections added
 * and removed; threads the revisions settled and feedback that reached the draft.
 */
import type { Changelog, ChangelogEntry, Manifest } from '../../shared/releases.js';
import type { ReleaseRecord, ReleaseStore } from '../db/releaseStore.js';
import type { WorkspaceRecord } from './workspaces.js';

/** The changelog of a manifest against the workspace's previous release (null: the first). */
export function changelogOf(store: ReleaseStore, workspace: WorkspaceRecord, manifest: Manifest, previous: ReleaseRecord | null): Changelog {
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
      const since = fromNumber ? (store.approvedAt(revision.docName, fromNumber) ?? 0) : 0;
      const until = store.approvedAt(revision.docName, revision.number) ?? Date.now();
      for (const row of store.revisionsBetween(revision.docName, fromNumber, revision.number)) {
        entry.summaries.push({ lang, number: row.number, summary: row.summary });
        for (const id of row.organisations) organisations.add(id);
      }
      entry.suggestionsAccepted += store.acceptedSuggestionsBetween(revision.docName, since, until);
    }
    if (!entry.languages.length) continue;
    entry.organisations = [...organisations].map((id) => store.organisationName(id)).filter((n): n is string => Boolean(n)).sort();
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
    threadsAddressed: store.threadsSettledByRevision(changedDocs, since),
    feedbackReceived: store.feedbackAcceptedSince(workspace.id, since),
  };
}
