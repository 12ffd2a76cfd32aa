// The UI tier's one VS Code. The UI test files run in one process (out/test/ui/all.js) and share one local AWS test
// service, one code-server and one Chromium page: each file resets the service to its seed and loads its folder in
// that page, a window of its own, whose extension host ends when the file closes it. In the warm page a window is
// ready in 1–3 s, where a new code-server and browser with a cold cache took about 11 s before the extension had
// activated. A file run alone (`node --test out/test/ui/x.test.js`) starts and ends the same session.
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import type { Page } from 'playwright-core';
import type { LocalAwsConfig } from '../localaws/server';
import { sampleAccount, type SeedFile } from '../localaws/seed';
import { REPO_ROOT, startServerAndBrowser, type BrowserSession, type CodeServer } from './codeServer';
import { hostTestEnv, type HostTestEnv } from './hostEnv';

interface Session {
  env: HostTestEnv;
  /** The service's configuration as it started, which each file's dispose puts back. */
  config: LocalAwsConfig;
  server: CodeServer;
  browser: BrowserSession;
}

let session: Promise<Session> | undefined;

async function startSession(): Promise<Session> {
  const env = await hostTestEnv();
  const { server, browser } = await startServerAndBrowser({ env: env.vars }).catch(async (err: unknown) => {
    await env.dispose();
    throw err;
  });
  return ready(env, server, browser);
}

async function ready(env: HostTestEnv, server: CodeServer, browser: BrowserSession): Promise<Session> {
  // A window left with unsaved editors asks before it unloads: leaving is what the next file means. Other dialogs
  // are dismissed, as Playwright does when nothing listens.
  browser.page.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()));
  return { env, config: await env.localAws.control.config(), server, browser };
}

function shared(): Promise<Session> {
  session ??= startSession();
  return session;
}

after(async () => {
  if (!session) return;
  const s = await session.catch(() => undefined);
  await s?.browser.close();
  await s?.server.stop();
  await s?.env.dispose();
});

/**
 * The shared local AWS service, reset to `seed` (sampleAccount() by default) with no faults; dispose() clears the
 * faults and the configuration the file changed, and leaves the service running for the next file.
 */
export async function uiTestEnv(o: { seed?: SeedFile } = {}): Promise<HostTestEnv> {
  const s = await shared();
  const { control } = s.env.localAws;
  await control.reset(o.seed ?? sampleAccount());
  await control.configure(s.config);
  return {
    vars: s.env.vars,
    localAws: s.env.localAws,
    async dispose() {
      await control.clearFaults();
      await control.configure(s.config);
    },
  };
}

/** Whether `env` is the shared service's environment, which the shared code-server runs with. */
export async function isSharedEnv(env: NodeJS.ProcessEnv | undefined): Promise<boolean> {
  if (env === undefined) return true;
  return session !== undefined && env === (await shared()).env.vars;
}

/** Workspace settings: the shared server's user settings are the defaults every file starts from. */
function writeWorkspaceSettings(folder: string, settings: Record<string, unknown>): void {
  const file = path.join(folder, '.vscode', 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
}

export interface SharedWindow {
  page: Page;
  server: CodeServer;
  close(): Promise<void>;
}

/** A new window of the shared code-server on `folder`, `settings` written as the folder's workspace settings. */
export async function openSharedWindow(
  folder: string,
  o: { settings?: Record<string, unknown>; width?: number; height?: number },
): Promise<SharedWindow> {
  const s = await shared();
  if (o.settings) writeWorkspaceSettings(folder, o.settings);
  // The browser's one page, navigated from file to file: its renderer keeps the workbench's compiled code.
  const { page } = s.browser;
  await page.setViewportSize({ width: o.width ?? 1400, height: o.height ?? 860 });
  await page.goto(s.server.url(folder, { extensionDevelopmentPath: REPO_ROOT }));
  return {
    page,
    server: s.server,
    async close() {
      await page.goto('about:blank').catch(() => undefined);
      await s.server.endExtensionHosts();
    },
  };
}
