/**
 * Import and search calls (issue 9). Uploads go through XMLHttpRequest because fetch has
 * no upload progress events; everything else through `apiRequest`.
 */
import type { ImportJob, ImportOptions, ImportPreview, StagedFile } from '../../../shared/imports/api.js';
import type { SearchQuery, SearchResult } from '../../../shared/search/api.js';
import { ApiError, apiRequest } from './client.js';

const base = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}`;

/** Uploads one file; `onProgress` hears the fraction sent (0–1). */
export function uploadImportFile(slug: string, file: File, onProgress: (fraction: number) => void): Promise<StagedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${base(slug)}/imports/files?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The server could not be reached.'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status === 201) return resolve(data as StagedFile);
      const error = (data as { error?: { code?: string; message?: string; field?: string; limit?: string } } | null)?.error;
      reject(new ApiError(xhr.status, error?.code ?? (xhr.status === 413 ? 'payload_too_large' : 'unknown'), error?.message ?? xhr.statusText, error?.field, error?.limit));
    };
    xhr.send(file);
  });
}

export const previewImport = (slug: string, options: ImportOptions) => apiRequest<ImportPreview>(`${base(slug)}/imports/preview`, { json: options });
export const startImport = (slug: string, options: ImportOptions) => apiRequest<ImportJob>(`${base(slug)}/imports`, { json: options });
export const getImportJob = (slug: string, id: string) => apiRequest<ImportJob>(`${base(slug)}/imports/${encodeURIComponent(id)}`);

/** Searches a workspace. */
export function searchWorkspace(slug: string, query: SearchQuery): Promise<{ results: SearchResult[] }> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return apiRequest(`${base(slug)}/search?${params.toString()}`);
}
