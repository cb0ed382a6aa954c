/**
 * Dates and times as the interface shows them ("medium" date, "short" time). One formatter
 * per language, made once: constructing an Intl.DateTimeFormat costs far more than using
 * one (the first takes ~100 ms in Chromium while a section opens), and hover cards, thread
 * cards and the review bar format many times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `value` (epoch ms or an ISO string) as a date and time in `language`. */
export function formatDateTime(language: string, value: number | string): string {
  let formatter = formatters.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    formatters.set(language, formatter);
  }
  return formatter.format(new Date(value));
}
