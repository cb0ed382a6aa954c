/**
 * Request and answer schemas of legal texts (issue 24; README "Articles"): adopting a
 * release, a workspace's article numbers, its article settings. Pure; the browser and the
 * server import the same file.
 */
import { z } from 'zod';
import { NUMBER_STYLES } from './numbering.js';

/** Whether a YYYY-MM-DD string names a day that exists (2027-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const CalendarDateSchema = z.string().refine(isCalendarDate, 'A date is YYYY-MM-DD, and that day must exist');

/** `POST /api/workspaces/:slug/releases/:version/adopt`. */
export const AdoptReleaseSchema = z.strictObject({ inForceFrom: CalendarDateSchema });
export type AdoptReleaseRequest = z.infer<typeof AdoptReleaseSchema>;

/** A release's adoption. */
export const AdoptionSchema = z.object({
  version: z.string(),
  inForceFrom: z.string(),
  adoptedAt: z.number(),
  adoptedBy: z.object({ id: z.string(), name: z.string() }),
  /** How many article numbers it froze (repealed ones included). */
  articles: z.number().int(),
});
export type Adoption = z.infer<typeof AdoptionSchema>;
export const AdoptionListSchema = z.array(AdoptionSchema);

/** One article's number as the drafts have it now. */
export const DraftArticleNumberSchema = z.object({
  blockId: z.string(),
  number: z.string(),
  base: z.number().int(),
  sub: z.number().int(),
  repealed: z.boolean(),
  /** The section holding it (null for a repealed article). */
  sectionId: z.string().nullable(),
});
export type DraftArticleNumber = z.infer<typeof DraftArticleNumberSchema>;

/** `GET /api/workspaces/:slug/articles`: the workspace's article numbers now. */
export const ArticleNumbersSchema = z.object({
  enabled: z.boolean(),
  numberStyle: z.enum(NUMBER_STYLES),
  /** The adopted release the numbers are frozen by, or null while they are still computed. */
  frozenBy: z.object({ version: z.string(), inForceFrom: z.string() }).nullable(),
  /** The numbering frozen by that adoption (what the editor numbers its live draft against). */
  frozen: z.array(DraftArticleNumberSchema.omit({ sectionId: true })).nullable(),
  articles: z.array(DraftArticleNumberSchema),
  /** Each section's drafts (by language) and article ids (lead language), in outline order: an editor numbers its own draft between them. */
  sections: z.array(z.object({ sectionId: z.string(), docs: z.record(z.string(), z.string()), articles: z.array(z.string()) })),
});
export type ArticleNumbers = z.infer<typeof ArticleNumbersSchema>;

/** `PATCH /api/workspaces/:slug/legal` (admins). */
export const LegalSettingsSchema = z
  .strictObject({ articles: z.boolean().optional(), numberStyle: z.enum(NUMBER_STYLES).optional() })
  .refine((body) => body.articles !== undefined || body.numberStyle !== undefined, 'Nothing to change');
export type LegalSettingsRequest = z.infer<typeof LegalSettingsSchema>;
