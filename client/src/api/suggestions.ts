/** Suggestion decisions: server commands (DESIGN.md, S2); the server edits the document. */
import { apiRequest } from './client.js';

export type DecisionAction = 'accept' | 'reject' | 'withdraw';

export interface PersonRef {
  id: string;
  name: string;
  organisation: { id: string; name: string };
}

export interface DecisionRecord {
  suggestionId: string;
  action: DecisionAction;
  reason: string | null;
  author: PersonRef;
  decidedBy: PersonRef;
  before: string;
  after: string;
  at: string | number;
}

/** Accepts, rejects or withdraws suggestions. */
export function decideSuggestions(docName: string, action: DecisionAction, ids: string[], reason?: string): Promise<{ decided: { id: string; action: DecisionAction }[] }> {
  return apiRequest(`/api/docs/${encodeURIComponent(docName)}/suggestions/${action}`, { method: 'POST', json: { ids, ...(reason ? { reason } : {}) } });
}

/** Every decision of a document, newest first. */
export function listDecisions(docName: string): Promise<DecisionRecord[]> {
  return apiRequest(`/api/docs/${encodeURIComponent(docName)}/decisions`);
}
