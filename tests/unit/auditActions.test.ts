/**
 * The audit log speaks in sentences (issue 21): every action the server records is in
 * AUDIT_ACTIONS, so the audit page's filter offers it and every language has its label and
 * sentence. Reads the server's sources: a new `audit.record({ action: … })` that is not in the
 * list fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../shared/activity.js';
import { en } from '../../client/src/i18n/en.js';
import { fr } from '../../client/src/i18n/fr.js';
import { nl } from '../../client/src/i18n/nl.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Action names recorded in the server's code: string literals in the `action:` of each `audit.record({…})`. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(path.join(ROOT, 'server'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const call of text.matchAll(/audit\.record\(\s*\{([\s\S]*?)\}\s*(?:,[^)]*)?\)/g)) {
      const action = /action:\s*([^\n]*?)(?:,\s*(?:workspaceId|target|details)\b|,\s*$|$)/m.exec(call[1]!)?.[1] ?? '';
      for (const literal of action.matchAll(/'([a-z]+\.[a-z.-]+)'/g)) found.add(literal[1]!);
      // `suggestion.${request.action}`: the three decisions.
      if (action.includes('`suggestion.${')) for (const verb of ['accept', 'reject', 'withdraw']) found.add(`suggestion.${verb}`);
    }
  }
  return found;
}

describe('audit actions', () => {
  it('[issue 21] every action the server records is in AUDIT_ACTIONS (and so in the filter)', () => {
    const recorded = recordedActions();
    expect(recorded.size).toBeGreaterThan(30);
    expect([...recorded].filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual([]);
  });

  it('[issue 21] every action has a label and a sentence in Dutch, French and English', () => {
    for (const messages of [en, nl, fr]) {
      const labels = messages.auditActions as Record<string, string>;
      const sentences = messages.activitySentences as Record<string, string>;
      for (const action of AUDIT_ACTIONS) {
        const key = action.replace(/\./g, '_');
        expect(labels[key], `label of ${action}`).toBeTruthy();
        expect(sentences[key] ?? sentences[`${key}_other`], `sentence of ${action}`).toBeTruthy();
      }
    }
  });
});
