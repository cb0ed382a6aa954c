/**
 * Every limit of the product, in one place. The server's validators, `ws`'s maxPayload,
 * the HTTP body parsers and the UI all read these numbers (CONTRACT.md, "Limits").
 */
export const LIMITS = {
  /** Largest websocket frame `ws` accepts; bigger frames are closed with 1009. */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Largest encoded section document; an update taking it past this is refused with 4413. */
  maxDocumentBytes: 4 * 1024 * 1024,
  /** Largest single top-level block, as plain text characters. */
  maxBlockChars: 200_000,
  /** Per-connection update rate: burst size and sustained rate (backpressure, not refusal). */
  updateBurst: 200,
  updatesPerSecond: 100,
  /** How long abuse may outlast backpressure before the connection is closed with 4429 (ms). */
  abuseGraceMs: 10_000,
  /** JSON request bodies. */
  maxJsonBodyBytes: 256 * 1024,
  /** Uploaded images. */
  maxImageBytes: 5 * 1024 * 1024,
  /** One file to import (DOCX, Markdown, HTML). */
  maxImportFileBytes: 20 * 1024 * 1024,
  /**
   * Hostile files (issue 19): an import is bounded before and while it is converted. A .docx
   * (a zip) may declare at most this many bytes once unpacked and this many entries; both are
   * read from its zip directory before anything is inflated, and inflating stops at the sizes
   * declared there.
   */
  maxImportUnpackedBytes: 100 * 1024 * 1024,
  maxImportZipEntries: 1_000,
  /** Elements (or lists, quotes) inside one another, deeper than this, are refused ("nested too deeply"). */
  maxImportDepth: 100,
  /** Blocks (paragraphs, headings, list items, table rows and cells …) of one file. */
  maxImportBlocks: 50_000,
  /** Characters of text of one file. */
  maxImportChars: 10_000_000,
  /** The conversion worker's heap (MiB) and time (ms); a file that needs more is refused. */
  importWorkerHeapMb: 384,
  importTimeLimitMs: 30_000,
  /** Conversions run one at a time (each in its own worker); this many more may wait. */
  importQueueLength: 8,
  /** Text fields. */
  maxTitleChars: 200,
  maxNameChars: 120,
  /** Passwords: at least this long (NIST 800-63B: length over composition rules). */
  minPasswordChars: 10,
  maxPasswordChars: 1024,
  /** Invitation links live this long (ms). */
  invitationTtlMs: 7 * 24 * 60 * 60 * 1000,
  /** Password-reset links live this long (ms). */
  passwordResetTtlMs: 60 * 60 * 1000,
  /** Audit log page size: default and largest. */
  auditPageSize: 50,
  maxAuditPageSize: 200,
  /** Compact a document's update log once its tail has this many rows. */
  compactAfterUpdates: 500,
  /** Unload a room this long after its last connection left (ms). */
  roomIdleUnloadMs: 5_000,
  /** Releases: notes, feedback remarks, quoted passages and the name left with feedback. */
  maxReleaseNotesChars: 20_000,
  maxVersionChars: 40,
  maxFeedbackChars: 2_000,
  maxFeedbackQuoteChars: 1_000,
  maxFeedbackContextChars: 4_000,
  /** Public (signed-out) feedback per address: this many per window (ms). */
  publicFeedbackPerWindow: 5,
  publicFeedbackWindowMs: 10 * 60 * 1000,
} as const;

export const ALLOWED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type AllowedImageType = (typeof ALLOWED_IMAGE_TYPES)[number];

/** Link schemes allowed in content (anything else, `javascript:` included, is refused). */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;
