/** Suggestion decisions: server commands (DESIGN.md, S2); the server edits the document. */
import { apiRequest } from './client.js';
import type { Decision, DecideSuggestionsResponse } from '../../../shared/api.js';

/** A decision as the server records it (shared/api.ts: the schema the server answers with). */
export type DecisionRecord = Decision;
export type DecisionAction = Decision['action'];

/** Accepts, rejects or withdraws suggestions. */
export function decideSuggestions(docName: string, action: DecisionAction, ids: string[], reason?: string): Promise<DecideSuggestionsResponse> {
  return apiRequest(`/api/docs/${encodeURIComponent(docName)}/suggestions/${action}`, { method: 'POST', json: { ids, ...(reason ? { reason } : {}) } });
}

/** Every decision of a document, newest first. */
export function listDecisions(docName: string): Promise<DecisionRecord[]> {
  return apiRequest(`/api/docs/${encodeURIComponent(docName)}/decisions`);
}
