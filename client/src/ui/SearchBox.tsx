/**
 * Search in a workspace (issue 9): results as one types (debounced), each a snippet with
 * the matched words highlighted, filtered by kind, language and status; choosing one opens
 * the section at the block.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchCopy, SearchResult } from '../../../shared/search/api.js';
import { SEARCH_KINDS, type SearchKind } from '../../../shared/search/kinds.js';
import { describeError } from '../api/describeError.js';
import { searchWorkspace } from '../api/imports.js';
import { Link } from './Link.js';

const DEBOUNCE_MS = 200;
/** Statuses a passage can have, by kind: drafts, approved revisions, threads, releases. */
const STATUSES = ['draft', 'approved', 'open', 'resolved', 'detached', 'published'] as const;

/** The search box of a workspace. */
export function SearchBox({ workspaceSlug, languages, section }: { workspaceSlug: string; languages: readonly string[]; section?: { id: string; title: string } }) {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<SearchKind | ''>('');
  const [lang, setLang] = useState('');
  const [status, setStatus] = useState('');
  const [onlySection, setOnlySection] = useState(false);
  const sectionId = onlySection && section ? section.id : '';
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!q.trim()) return setResults(null);
    let live = true;
    const timer = setTimeout(() => {
      searchWorkspace(workspaceSlug, { q, ...(kind ? { kind } : {}), ...(lang ? { lang } : {}), ...(status ? { status } : {}), ...(sectionId ? { section: sectionId } : {}) }).then(
        (answer) => {
          if (!live) return;
          setResults(answer.results);
          setError(null);
        },
        (reason: unknown) => live && setError(describeError(reason, t)),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, kind, lang, status, sectionId, workspaceSlug, t]);

  return (
    <search className="search-box">
      <label htmlFor={`${id}-q`}>{t('search.label')}</label>
      <input id={`${id}-q`} type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder={t('search.placeholder')} autoComplete="off" />
      <select aria-label={t('search.kind')} value={kind} onChange={(event) => setKind(event.target.value as SearchKind | '')}>
        <option value="">{t('search.allKinds')}</option>
        {SEARCH_KINDS.map((value) => (
          <option key={value} value={value}>
            {t(`search.kind_${value}`)}
          </option>
        ))}
      </select>
      {languages.length > 1 && (
        <select aria-label={t('search.language')} value={lang} onChange={(event) => setLang(event.target.value)}>
          <option value="">{t('search.allLanguages')}</option>
          {languages.map((code) => (
            <option key={code} value={code}>
              {t(`languages.${code}`, { defaultValue: code.toUpperCase() })}
            </option>
          ))}
        </select>
      )}
      <select aria-label={t('search.status')} value={status} onChange={(event) => setStatus(event.target.value)}>
        <option value="">{t('search.allStatuses')}</option>
        {STATUSES.map((value) => (
          <option key={value} value={value}>
            {t(`search.status_${value}`)}
          </option>
        ))}
      </select>
      {section && (
        <label className="checkbox">
          <input type="checkbox" checked={onlySection} onChange={(event) => setOnlySection(event.target.checked)} />
          <span>{t('search.onlySection', { title: section.title })}</span>
        </label>
      )}
      {error && <p className="form-error">{error}</p>}
      {results && (
        <ul className="search-results" aria-label={t('search.results')}>
          {results.length === 0 && <li className="muted">{t('search.none')}</li>}
          {results.map((result, index) => (
            <li key={`${result.ref}-${result.blockId ?? ''}-${index}`}>
              <Link href={result.url}>
                <span className="search-meta">
                  {result.sectionTitle} · {t(`search.kind_${result.kind}`)} · {result.lang.toUpperCase()}
                </span>
                <span className="search-snippet">
                  {result.snippet.map((segment, i) => (segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
                </span>
              </Link>
              {result.kind !== 'comment' && <PassageCopies copies={result.copies} />}
            </li>
          ))}
        </ul>
      )}
    </search>
  );
}

/** Where else the passage stands: "draft · approved r2 · published 1, 2", each a link. */
function PassageCopies({ copies }: { copies: readonly SearchCopy[] }) {
  const { t } = useTranslation();
  const releases = copies.filter((copy) => copy.kind === 'release');
  const parts = copies
    .filter((copy) => copy.kind !== 'release')
    .map((copy) => (
      <Link key={copy.ref} href={copy.url} className="search-copy">
        {copy.kind === 'draft' ? t('search.copy_draft') : t('search.copy_revision', { n: copy.ref.slice(copy.ref.lastIndexOf('#') + 1) })}
      </Link>
    ));
  if (releases.length) {
    parts.push(
      <span key="releases" className="search-copy">
        {t('search.copy_release')}{' '}
        {releases.map((copy, i) => (
          <span key={copy.ref}>
            {i > 0 && ', '}
            <a href={copy.url}>{copy.ref}</a>
          </span>
        ))}
      </span>,
    );
  }
  return (
    <p className="search-copies">
      {t('search.copies')}{' '}
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && ' · '}
          {part}
        </span>
      ))}
    </p>
  );
}
