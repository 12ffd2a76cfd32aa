// Drives the real workbench in Chromium: open it on a folder with the extension under development, run palette
// commands, read the sidebar and the Output panel, take screenshots. Selectors: docs/DEVELOPING.md (A real VS Code).
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT, startServerAndBrowser, type CodeServer, type CodeServerOptions } from './codeServer';
import { isSharedEnv, openSharedWindow } from './uiSession';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  close(): Promise<void>;
}

/**
 * The workbench on `folder` with the extension under development. With the UI tier's environment (uiTestEnv) or
 * none, a new window of the tier's shared code-server (test/support/uiSession.ts), `settings` going into the
 * folder's workspace settings; with another environment, or Workspace Trust on, a code-server of its own.
 */
export async function openWorkbench(
  folder: string,
  options: CodeServerOptions & { width?: number; height?: number } = {},
): Promise<Workbench> {
  if (!options.workspaceTrust && (await isSharedEnv(options.env))) {
    const window = await openSharedWindow(folder, options);
    return ready(window);
  }
  const { server, browser } = await startServerAndBrowser(options);
  const wb: Workbench = {
    page: browser.page,
    server,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
  return ready(wb, server.url(folder, { extensionDevelopmentPath: REPO_ROOT }));
}

/** `wb` once its workbench has loaded (from `url`, when given); closed if it never does. */
async function ready(wb: Workbench, url?: string): Promise<Workbench> {
  try {
    if (url) await wb.page.goto(url);
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await wb.page.locator('.part.activitybar').waitFor();
    return wb;
  } catch (err) {
    await wb.close();
    throw err;
  }
}

/** Editor and output text use U+00A0 for spaces. */
export function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/**
 * Runs "Category: Title" from the command palette, clicking the row by its exact aria-label. The palette is opened
 * afresh up to three times: on a loaded machine, F1 right after another quick input closes can leave a palette that
 * never lists the command (seen once in a full run). A palette that never does fails with the rows it showed.
 */
export async function runCommand(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const row = page
    .locator(
      `.quick-input-widget .monaco-list-row[aria-label="${label}"], ` +
        `.quick-input-widget .monaco-list-row[aria-label^="${label}, "]`,
    )
    .first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${label}`);
    const listed = await row.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    );
    if (listed) return row.click();
    const shown = (await rows.allTextContents()).join(' | ');
    if (attempt === 3) throw new Error(`the command palette did not list "${label}"; it showed: ${shown || 'nothing'}`);
    await page.keyboard.press('Escape');
  }
}

export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar [aria-label^="${title}"]`).first();
}

export function sidebar(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.sidebar');
}

/** The sidebar tree row whose label is `text` (a row's text starts with its label; descriptions may repeat words). */
/** Drags the sash right of the sidebar by `by` pixels, so long descriptions in the tree fit. */
export async function widenSidebar(page: Page, by: number): Promise<void> {
  const box = (await sidebar(page).boundingBox())!;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(x + by, y, { steps: 8 });
  await page.mouse.up();
}

export function treeRow(page: Page, text: string): Locator {
  const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  return page.locator('#workbench\\.parts\\.sidebar .monaco-list-row').filter({ hasText: exact }).first();
}

/** Expands the tree row labelled `text` unless it is expanded already. */
export async function expandTreeRow(page: Page, text: string): Promise<void> {
  const r = treeRow(page, text);
  await r.waitFor({ timeout: 20_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
}

export function outputText(page: Page): Locator {
  return page.locator('.part.panel .view-lines');
}

/** Waits until `locator`'s text (normalised) satisfies `test`, returning it; throws with the last text seen. */
export async function waitForText(
  locator: Locator,
  test: (text: string) => boolean,
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = normalize((await locator.allInnerTexts().catch(() => [] as string[])).join('\n'));
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms; last text seen:\n${last}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
