/** The activity view's call (issue 21): a page of who changed what in a workspace. */
import type { ActivityPage, ActivityQuery } from '../../../shared/activity.js';
import { apiRequest } from './client.js';

/** A page of a workspace's activity, newest first, with the filters set. */
export function fetchActivity(workspace: string, filter: ActivityQuery = {}): Promise<ActivityPage> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') query.set(key, String(value));
  const suffix = query.size > 0 ? `?${query}` : '';
  return apiRequest<ActivityPage>(`/api/workspaces/${encodeURIComponent(workspace)}/activity${suffix}`);
}
