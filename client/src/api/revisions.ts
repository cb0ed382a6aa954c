/** Section revisions (flows 4–5): review state, requests, approvals, history, diffs, restore. */
import type { ApprovalRequest, ReviewInfo, ReviewQueueItem, Revision, RevisionSummary } from '../../../shared/api.js';
import type { DocDiff } from '../../../shared/revisions/diff.js';
import { apiRequest } from './client.js';

const base = (docName: string) => `/api/docs/${encodeURIComponent(docName)}`;

/** The draft's review state and what it rests on. */
export function fetchReview(docName: string): Promise<ReviewInfo> {
  return apiRequest(`${base(docName)}/review`);
}

/** Asks for approval of the draft as it is now. */
export function requestApproval(docName: string, summary: string): Promise<{ request: ApprovalRequest; review: ReviewInfo }> {
  return apiRequest(`${base(docName)}/review/request`, { method: 'POST', json: { summary } });
}

/** Approves an open request: the server creates the next revision. */
export function approveRequest(docName: string, requestId: string, comment?: string, minorBlocks?: string[]): Promise<{ revision: RevisionSummary; review: ReviewInfo }> {
  const json: { requestId: string; comment?: string; minorBlocks?: string[] } = { requestId };
  if (comment) json.comment = comment;
  // Lead language (issue 20): changed passages whose translations stay up to date.
  if (minorBlocks?.length) json.minorBlocks = minorBlocks;
  return apiRequest(`${base(docName)}/review/approve`, { method: 'POST', json });
}

/** Answers an open request with "changes asked". */
export function askForChanges(docName: string, requestId: string, comment: string): Promise<{ request: ApprovalRequest; review: ReviewInfo }> {
  return apiRequest(`${base(docName)}/review/changes`, { method: 'POST', json: { requestId, comment } });
}

/** The draft's revisions, newest first. */
export function listRevisions(docName: string): Promise<RevisionSummary[]> {
  return apiRequest(`${base(docName)}/revisions`);
}

/** One revision with its content. */
export function fetchRevision(docName: string, number: number): Promise<Revision> {
  return apiRequest(`${base(docName)}/revisions/${number}`);
}

/** The difference from one revision to another, or to the draft. */
export function fetchDiff(docName: string, from: number, to: number | 'draft'): Promise<DocDiff & { from: number; to: number | 'draft' }> {
  return apiRequest(`${base(docName)}/diff?from=${from}&to=${to}`);
}

/** Makes a revision the draft again (a forward edit). */
export function restoreRevision(docName: string, number: number): Promise<{ restored: number; review: ReviewInfo }> {
  return apiRequest(`${base(docName)}/revisions/${number}/restore`, { method: 'POST' });
}

/** A workspace's open requests. */
export function fetchReviewQueue(workspaceSlug: string): Promise<ReviewQueueItem[]> {
  return apiRequest(`/api/workspaces/${encodeURIComponent(workspaceSlug)}/reviews`);
}

/** Turns four eyes on or off (admins). */
export function setFourEyes(workspaceSlug: string, fourEyes: boolean): Promise<unknown> {
  return apiRequest(`/api/workspaces/${encodeURIComponent(workspaceSlug)}`, { method: 'PATCH', json: { fourEyes } });
}
