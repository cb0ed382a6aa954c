/** Releases (flows 6–7): list, preview, publish, diff, the feedback setting and the moderation queue. */
import type { ComposeReleaseRequest, DraftFeedback, FeedbackItem, FeedbackMode, ReleaseDetail, ReleaseDiff, ReleasePreview, ReleaseSummary } from '../../../shared/releases.js';
import { apiRequest } from './client.js';

const base = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}`;

/** The workspace's releases, newest first. */
export function listReleases(slug: string): Promise<ReleaseSummary[]> {
  return apiRequest(`${base(slug)}/releases`);
}

/** What publishing now would write. */
export function previewRelease(slug: string, input: ComposeReleaseRequest): Promise<ReleasePreview> {
  return apiRequest(`${base(slug)}/releases/preview`, { method: 'POST', json: input });
}

/** Publishes the previewed manifest (refused when it changed since). */
export function publishRelease(slug: string, input: ComposeReleaseRequest & { manifestHash: string }): Promise<ReleaseDetail> {
  return apiRequest(`${base(slug)}/releases`, { method: 'POST', json: input });
}

/** The difference from an earlier release to a later one. */
export function fetchReleaseDiff(slug: string, from: string, to: string): Promise<ReleaseDiff> {
  return apiRequest(`${base(slug)}/releases/${encodeURIComponent(to)}/diff?from=${encodeURIComponent(from)}`);
}

/** Who may leave feedback on a release. */
export function setReleaseFeedback(slug: string, version: string, mode: FeedbackMode): Promise<ReleaseSummary> {
  return apiRequest(`${base(slug)}/releases/${encodeURIComponent(version)}/feedback`, { method: 'PATCH', json: { mode } });
}

/** Feedback on the workspace's releases, by status. */
export function listFeedback(slug: string, status: 'pending' | 'accepted' | 'rejected'): Promise<FeedbackItem[]> {
  return apiRequest(`${base(slug)}/feedback?status=${status}`);
}

/** Accepts (into the draft) or rejects a pending remark. */
export function decideFeedback(slug: string, id: string, action: 'accept' | 'reject'): Promise<FeedbackItem> {
  return apiRequest(`${base(slug)}/feedback/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
}

/** Feedback on published releases that reached a draft. */
export function listDraftFeedback(docName: string): Promise<DraftFeedback[]> {
  return apiRequest(`/api/docs/${encodeURIComponent(docName)}/release-feedback`);
}
