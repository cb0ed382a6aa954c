/**
 * Browser: accessibility where a checker can tell (issue 21, WCAG 2.1 AA). axe-core, injected
 * into each page through Chromium's DevTools evaluation (the app's CSP allows no inline
 * script, and evaluation is not a page script), finds no serious or critical violation on the
 * sign-in page, a workspace, a section (staff and partner), the inbox, a published release
 * and its changes page.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorOf, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

/** Serious and critical violations on the page as it is now (WCAG 2.0/2.1 A and AA rules). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function openSection(page: Page): Promise<void> {
  await page.locator('nav a[href*="/w/toolbox/s/"]').nth(2).click();
  await editorOf(page).waitFor();
  await page.locator('.review-bar').waitFor();
}

describe('accessibility (axe-core)', () => {
  it('[issue 21] the sign-in page', async () => {
    const page = await suite.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('[issue 21] a workspace, a section and the inbox, as staff', async () => {
    const page = await suite.openAs('staff', '/w/toolbox');
    await page.getByRole('heading', { level: 1, name: 'Toolbox' }).waitFor();
    expect(await seriousViolations(page), 'workspace').toEqual([]);
    await openSection(page);
    expect(await seriousViolations(page), 'section (staff)').toEqual([]);
    await page.goto('/inbox');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await seriousViolations(page), 'inbox').toEqual([]);
  });

  it('[issue 21] a section, as a partner', async () => {
    const page = await suite.openAs('partner', '/w/toolbox');
    await openSection(page);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('[issue 21] a published release and its changes page', async () => {
    const page = await suite.newPage();
    await page.goto('/p/toolbox/1/');
    await page.locator('main').waitFor();
    expect(await seriousViolations(page), 'release').toEqual([]);
    await page.goto('/p/toolbox/1/_changes/');
    await page.locator('main').waitFor();
    expect(await seriousViolations(page), 'changes').toEqual([]);
  });
});
