/**
 * Schema migrations, applied in order at start-up inside one transaction each. Never edit a
 * migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: accounts, workspaces, sections, documents, logs
  `
  CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('trust', 'partner')),
    created_at INTEGER NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    is_site_admin INTEGER NOT NULL DEFAULT 0,
    locale TEXT,
    created_at INTEGER NOT NULL,
    disabled_at INTEGER
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,              -- SHA-256 of the cookie token, never the token itself
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    languages TEXT NOT NULL,          -- JSON array, first is the default language
    readers_may_comment INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE memberships (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'partner', 'reader')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  );
  CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    titles TEXT NOT NULL DEFAULT '{}', -- JSON { lang: title } for translated titles
    parent_id TEXT REFERENCES sections(id),
    position INTEGER NOT NULL,
    archived_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (workspace_id, slug)
  );
  CREATE INDEX sections_workspace ON sections(workspace_id, parent_id, position);
  -- One live draft per section and language; name is the websocket document name.
  CREATE TABLE docs (
    name TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    UNIQUE (section_id, lang)
  );
  -- The update log: appended and committed before anything is broadcast (D1).
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates(doc, seq);
  -- The compacted state: everything up to upto_seq, re-encoded from a Y.Doc (D4).
  CREATE TABLE doc_snapshots (
    doc TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    upto_seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Who changed which draft, when, how much; survives compaction.
  CREATE TABLE edit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    user_id TEXT,                     -- null for the server's own fix-ups and seeds
    organisation_id TEXT,
    at INTEGER NOT NULL,
    updates INTEGER NOT NULL,
    bytes INTEGER NOT NULL
  );
  CREATE INDEX edit_log_doc ON edit_log(doc, at);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    workspace_id TEXT,
    target TEXT,
    details TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  CREATE TABLE login_failures (
    key TEXT NOT NULL,                -- 'account:<email>' or 'address:<ip>'
    at INTEGER NOT NULL
  );
  CREATE INDEX login_failures_key ON login_failures(key, at);
  CREATE TABLE images (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    uploaded_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at INTEGER
  );
  `,
  // 2: invitations, password resets, session rotation, audit filters
  `
  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the link's token, never the token itself
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    email TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'partner', 'reader')),
    organisation_id TEXT REFERENCES organisations(id),
    name TEXT,
    invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER,
    accepted_by TEXT REFERENCES users(id) ON DELETE SET NULL
  );
  CREATE INDEX invitations_workspace ON invitations(workspace_id, created_at);
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,      -- SHA-256 of the link's token
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
  CREATE INDEX password_resets_user ON password_resets(user_id);
  -- Set on a role change: the next request with this session gets a new session id.
  ALTER TABLE sessions ADD COLUMN rotate INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX audit_log_workspace ON audit_log(workspace_id, id);
  CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
  `,
  // 3: decisions on suggestions (S2)
  `
  CREATE TABLE suggestion_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    suggestion_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    author_id TEXT,
    decided_by TEXT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'withdraw')),
    reason TEXT,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX suggestion_decisions_doc ON suggestion_decisions(doc, at);
  `,
  // 4: the snapshot's state vector, so a cold room answers its first sync without decoding it (P3)
  `
  ALTER TABLE doc_snapshots ADD COLUMN state_vector BLOB;
  `,
  // 5: comment threads (C1), their messages, the inbox and e-mail digests
  `
  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    doc TEXT NOT NULL REFERENCES docs(name) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    -- 1 while no text in the draft carries the thread's comment mark
    detached INTEGER NOT NULL DEFAULT 0,
    -- when a scan of the draft first found the mark (NULL: not yet, e.g. just created or re-attached)
    anchored_at INTEGER,
    quote TEXT NOT NULL,
    context_before TEXT NOT NULL DEFAULT '',
    context_after TEXT NOT NULL DEFAULT '',
    block_id TEXT,
    suggestion_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by TEXT REFERENCES users(id),
    settled_kind TEXT CHECK (settled_kind IN ('decision', 'revision')),
    settled_ref TEXT,
    -- the release a reader's remark was left on, for threads that came from release feedback
    from_release TEXT
  );
  CREATE INDEX threads_doc ON threads(doc, created_at);
  CREATE INDEX threads_workspace ON threads(workspace_id, status, updated_at);
  CREATE TABLE thread_messages (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    mentions TEXT NOT NULL DEFAULT '[]', -- JSON [{ kind, id }]
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted_at INTEGER
  );
  CREATE INDEX thread_messages_thread ON thread_messages(thread_id, created_at);
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    section_id TEXT,
    thread_id TEXT,
    actor_id TEXT,
    text TEXT NOT NULL,
    url TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    mailed_at INTEGER
  );
  CREATE INDEX notifications_user ON notifications(user_id, id);
  ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'hourly';
  ALTER TABLE users ADD COLUMN last_digest_at INTEGER;
  `,
  // 6: section revisions and approval requests (flows 4–5, V1, V2)
  `
  ALTER TABLE workspaces ADD COLUMN four_eyes INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE approval_requests (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    summary TEXT NOT NULL,
    content_hash TEXT NOT NULL,       -- SHA-256 of the draft without pending suggestions (V2)
    requested_by TEXT NOT NULL REFERENCES users(id),
    requested_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'approved', 'changes-requested', 'superseded')),
    reviewed_by TEXT REFERENCES users(id),
    reviewed_at INTEGER,
    comment TEXT,
    revision INTEGER
  );
  CREATE INDEX approval_requests_doc ON approval_requests(doc, requested_at);
  CREATE INDEX approval_requests_open ON approval_requests(workspace_id, status);
  -- Approved snapshots of a section draft; never updated, never deleted (V1).
  CREATE TABLE revisions (
    doc TEXT NOT NULL,
    number INTEGER NOT NULL,
    workspace_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    content TEXT NOT NULL,            -- ProseMirror JSON blocks, pending suggestions rejected
    content_hash TEXT NOT NULL,
    html TEXT NOT NULL,
    plain_text TEXT NOT NULL,
    summary TEXT NOT NULL,
    request_id TEXT,
    requested_by TEXT,
    approvers TEXT NOT NULL,          -- JSON array of user ids
    contributors TEXT NOT NULL,       -- JSON { people: [user ids], organisations: [organisation ids] }
    approved_at INTEGER NOT NULL,
    PRIMARY KEY (doc, number)
  );
  CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
  CREATE TRIGGER revisions_kept BEFORE DELETE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
  `,
  // 7: search index (issue 9). One row per searchable passage (a top-level block of a
  // draft, revision or release, or a comment thread); the FTS table holds the stemmed
  // tokens (rowid = entry id), the entry keeps the original text for snippets.
  `
  CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('draft', 'revision', 'comment', 'release')),
    source TEXT NOT NULL,             -- what is re-indexed together: a doc name, doc#n, a thread id, release:<version>
    section_id TEXT,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    block_id TEXT,
    ref TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX search_entries_source ON search_entries(source);
  CREATE INDEX search_entries_workspace ON search_entries(workspace_id, kind);
  CREATE VIRTUAL TABLE search_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2');
  `,
  // 8: releases (flows 6–7, R1), feedback on releases and its moderation queue
  `
  -- A published edition of a workspace; never updated, never deleted (R1).
  CREATE TABLE releases (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    version TEXT NOT NULL,            -- [0-9A-Za-z._-], never 'latest'
    released_on TEXT NOT NULL,        -- YYYY-MM-DD, the date printed on the release
    notes TEXT NOT NULL,
    manifest TEXT NOT NULL,           -- JSON: sections with titles and one revision per language, left-out sections
    manifest_hash TEXT NOT NULL,
    changelog TEXT NOT NULL,          -- JSON, generated at publication
    published_by TEXT NOT NULL REFERENCES users(id),
    published_at INTEGER NOT NULL,
    UNIQUE (workspace_id, version)
  );
  CREATE INDEX releases_workspace ON releases(workspace_id, published_at);
  CREATE TRIGGER releases_immutable BEFORE UPDATE ON releases
    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
  CREATE TRIGGER releases_kept BEFORE DELETE ON releases
    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
  -- Whether readers may leave feedback on a release: a setting about the release, not part of it.
  CREATE TABLE release_feedback_settings (
    release_id TEXT PRIMARY KEY REFERENCES releases(id),
    mode TEXT NOT NULL CHECK (mode IN ('off', 'members', 'public')),
    updated_by TEXT REFERENCES users(id),
    updated_at INTEGER NOT NULL
  );
  -- Remarks left on a published passage; public ones wait in moderation.
  CREATE TABLE release_feedback (
    id TEXT PRIMARY KEY,
    release_id TEXT NOT NULL REFERENCES releases(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    section_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    block_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    context TEXT NOT NULL,
    body TEXT NOT NULL,
    name TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at INTEGER NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at INTEGER,
    thread_id TEXT
  );
  CREATE INDEX release_feedback_queue ON release_feedback(workspace_id, status, created_at);
  -- The default feedback sink: accepted feedback as a draft-side record, anchored by block id and quote.
  CREATE TABLE feedback_threads (
    id TEXT PRIMARY KEY,
    feedback_id TEXT NOT NULL UNIQUE REFERENCES release_feedback(id),
    doc TEXT NOT NULL,
    block_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    body TEXT NOT NULL,
    author_name TEXT NOT NULL,
    release_version TEXT NOT NULL,
    anchor TEXT NOT NULL CHECK (anchor IN ('found', 'block-missing', 'quote-missing')),
    created_at INTEGER NOT NULL
  );
  CREATE INDEX feedback_threads_doc ON feedback_threads(doc, created_at);
  `,
  // 9: search entries of a draft are kept per block (\`part\`: the block's Yjs item id), so
  // an edit re-indexes the blocks it touched (P2). Existing draft entries get a part no
  // block has, and are replaced at the draft's next reading.
  `
  ALTER TABLE search_entries ADD COLUMN part TEXT;
  UPDATE search_entries SET part = 'before-9:' || id WHERE kind = 'draft';
  DROP INDEX search_entries_source;
  CREATE INDEX search_entries_source_part ON search_entries(source, part);
  `,
  // 10: the FTS table also holds each entry's words as written (folded), so exact word forms
  // rank above stemmed ones. FTS5 cannot add a column: the index starts again, and the
  // server rebuilds it at start-up (rebuildIfEmpty).
  `
  DROP TABLE search_fts;
  CREATE VIRTUAL TABLE search_fts USING fts5(stems, words, tokenize = 'unicode61 remove_diacritics 2');
  DELETE FROM search_entries;
  `,
  // 11 (issue 17): a notification keeps structured details (a decision's suggestions: kind,
  // excerpt, reason) that are put into words when read, in the reader's language. A thread
  // message may be a visitor's (public feedback accepted into the draft): no account, their
  // name and release, and the moderator who accepted it. thread_messages is rebuilt because
  // its author_id was NOT NULL (nothing references the table, so the rebuild is safe).
  `
  ALTER TABLE notifications ADD COLUMN details TEXT;
  CREATE TABLE thread_messages_v11 (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users(id),
    body TEXT NOT NULL,
    mentions TEXT NOT NULL DEFAULT '[]', -- JSON [{ kind, id }]
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted_at INTEGER,
    -- a visitor's remark: their name as given, the release version it was left on
    visitor_name TEXT,
    visitor_release TEXT,
    -- who accepted the visitor's remark into the draft
    accepted_by TEXT REFERENCES users(id),
    CHECK ((author_id IS NULL) = (visitor_name IS NOT NULL))
  );
  INSERT INTO thread_messages_v11 (id, thread_id, author_id, body, mentions, created_at, edited_at, deleted_at)
    SELECT id, thread_id, author_id, body, mentions, created_at, edited_at, deleted_at FROM thread_messages;
  DROP TABLE thread_messages;
  ALTER TABLE thread_messages_v11 RENAME TO thread_messages;
  CREATE INDEX thread_messages_thread ON thread_messages(thread_id, created_at);
  `,
  // 12 (issue 17): remarks accepted before authors were kept get them back (a separate step:
  // migration 11 has shipped).
  `
  -- Remarks accepted before migration 11: their opening message was written as "<name> (<version>): <words>"
  -- by whoever let it in. A visitor's becomes the visitor's own again (the moderator as
  -- accepted_by); a member's keeps its author and loses the prefix. Edited messages stay as they are.
  UPDATE thread_messages AS tm
     SET author_id = CASE WHEN rf.user_id IS NULL THEN NULL ELSE tm.author_id END,
         visitor_name = CASE WHEN rf.user_id IS NULL THEN rf.name END,
         visitor_release = CASE WHEN rf.user_id IS NULL THEN r.version END,
         accepted_by = CASE WHEN rf.user_id IS NULL THEN rf.decided_by END,
         body = rf.body
    FROM release_feedback rf JOIN releases r ON r.id = rf.release_id
   WHERE rf.thread_id = tm.thread_id AND rf.status = 'accepted' AND tm.edited_at IS NULL AND tm.deleted_at IS NULL
     AND tm.body = substr(rf.name || ' (' || r.version || '): ' || rf.body, 1, 5000)
     AND tm.id = (SELECT f.id FROM thread_messages f WHERE f.thread_id = tm.thread_id ORDER BY f.created_at, f.rowid LIMIT 1);
  `,
  // 13: how many words each person's edits added and removed (issue 21, the activity view),
  // written by the activity record a moment after the edits are committed.
  `
  CREATE TABLE edit_words (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    user_id TEXT NOT NULL,
    organisation_id TEXT,
    at INTEGER NOT NULL,
    added INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    suggested INTEGER NOT NULL DEFAULT 0   -- 1: made in suggestion mode
  );
  CREATE INDEX edit_words_doc ON edit_words(doc, at);
  CREATE INDEX edit_words_at ON edit_words(at);
  `,
  // 14 (issue 21): regulations are approved by a second person: an existing "reglement"
  // workspace gets four eyes on, unless an admin has already chosen its setting.
  `
  UPDATE workspaces SET four_eyes = 1
   WHERE (slug = 'reglement' OR slug LIKE 'reglement-%')
     AND id NOT IN (SELECT workspace_id FROM audit_log WHERE action = 'workspace.settings' AND workspace_id IS NOT NULL);
  `,
  // 15: legal texts (issue 24): a release marked
  // adopted, with the date it is in force from and the article numbering it froze (L1); and
  // per workspace whether it is written in articles and how insertions are numbered.
  // Adoptions are append-only, like releases (R1).
  `
  CREATE TABLE release_adoptions (
    release_id TEXT PRIMARY KEY REFERENCES releases(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    in_force_from TEXT NOT NULL,
    numbering TEXT NOT NULL,
    adopted_by TEXT NOT NULL REFERENCES users(id),
    adopted_at INTEGER NOT NULL
  );
  CREATE INDEX release_adoptions_workspace ON release_adoptions(workspace_id, in_force_from);
  CREATE TRIGGER release_adoptions_no_update BEFORE UPDATE ON release_adoptions BEGIN SELECT RAISE(ABORT, 'an adoption is immutable'); END;
  CREATE TRIGGER release_adoptions_no_delete BEFORE DELETE ON release_adoptions BEGIN SELECT RAISE(ABORT, 'an adoption is immutable'); END;
  CREATE TABLE legal_settings (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    articles INTEGER NOT NULL DEFAULT 1,
    number_style TEXT NOT NULL DEFAULT 'latin' CHECK (number_style IN ('latin', 'slash'))
  );
  `,
  // 16: bilingual by design (issue 20). Workspace names per language; each section's titles
  // hold the lead language's title too (`title` stays the lead's, for compatibility); a
  // translator's "up to date" decision per target block records the source hash it was made
  // against (T1), who and when. The lead language is the first of `languages`.
  `
  ALTER TABLE workspaces ADD COLUMN names TEXT NOT NULL DEFAULT '{}';
  UPDATE workspaces SET names = json_object(json_extract(languages, '$[0]'), name);
  UPDATE sections SET titles = json_set(titles, '$.' || (SELECT json_extract(w.languages, '$[0]') FROM workspaces w WHERE w.id = sections.workspace_id), title);
  CREATE TABLE translation_confirmations (
    doc TEXT NOT NULL REFERENCES docs(name) ON DELETE CASCADE,   -- the target draft
    block_id TEXT NOT NULL,           -- the unit: the source block's id
    source_doc TEXT NOT NULL,         -- the lead language's draft it was checked against
    source_revision INTEGER NOT NULL, -- that draft's approved revision at the time
    source_hash TEXT NOT NULL,        -- contentHash of the source block in that revision
    source_block TEXT NOT NULL,       -- the source block (JSON) as it was: "what changed since"
    confirmed_by TEXT REFERENCES users(id),
    confirmed_at INTEGER NOT NULL,
    minor INTEGER NOT NULL DEFAULT 0, -- 1: carried over by a "minor change" approval of the source
    PRIMARY KEY (doc, block_id)
  );
  -- What a release published knowingly: per section and target language, the passages whose
  -- translation was outdated or missing against the lead language's revision (written with the
  -- release, immutable like it).
  CREATE TABLE release_translations (
    release_id TEXT NOT NULL REFERENCES releases(id),
    section_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    outdated TEXT NOT NULL,           -- JSON array of block ids
    missing TEXT NOT NULL,            -- JSON array of block ids
    PRIMARY KEY (release_id, section_id, lang)
  );
  CREATE TRIGGER release_translations_immutable BEFORE UPDATE ON release_translations
    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
  CREATE TRIGGER release_translations_kept BEFORE DELETE ON release_translations
    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
  -- A release's notes in the workspace's other languages (releases.notes is the lead's).
  CREATE TABLE release_notes (
    release_id TEXT NOT NULL REFERENCES releases(id),
    lang TEXT NOT NULL,
    notes TEXT NOT NULL,
    PRIMARY KEY (release_id, lang)
  );
  CREATE TRIGGER release_notes_immutable BEFORE UPDATE ON release_notes
    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
  CREATE TRIGGER release_notes_kept BEFORE DELETE ON release_notes
    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
  `,
];
