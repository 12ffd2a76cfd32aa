// A real VS Code for tests: code-server 4.100.3 (VS Code 1.100.3) served on 127.0.0.1 and driven by Debian's
// Chromium through playwright-core. Used by the extension-host runner, the UI tests and the bench.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface CodeServerScripts {
  CHROMIUM_ARGS: string[];
  codeServerEntry(): string;
  chromiumPath(): string;
  prepareServer(opts: {
    port: number;
    dataDir: string;
    workspaceTrust?: boolean;
    settings?: Record<string, unknown>;
    env?: NodeJS.ProcessEnv;
  }): { command: string; args: string[]; env: NodeJS.ProcessEnv };
  workbenchUrl(
    port: number,
    folder: string,
    opts?: { extensionDevelopmentPath?: string; extensionTestsPath?: string },
  ): string;
}
// Shared with the setup script and `npm start`, so they all agree on where code-server lives and how it starts.

const scripts = require(path.join(REPO_ROOT, 'scripts', 'code-server.cjs')) as CodeServerScripts;

export interface CodeServerOptions {
  /** Extra environment for the server and so for the extension host (endpoint overrides for the local AWS service). */
  env?: NodeJS.ProcessEnv;
  /** Leave Workspace Trust on (the workbench then asks whether to trust the folder). */
  workspaceTrust?: boolean;
  /** User settings written before start. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  readonly dataDir: string;
  /** Workbench URL for a folder, optionally loading the extension under development and a test module. */
  url(folder: string, opts?: { extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!fs.existsSync(scripts.codeServerEntry())) {
    throw new Error(`code-server is not installed at ${scripts.codeServerEntry()}. Run: npm run setup:vscode-test`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cs-'));
  const port = await freePort();
  // No extension gallery: this network cannot reach one, and the workbench would log each failed lookup.
  const { command, args, env } = scripts.prepareServer({
    port,
    dataDir,
    ...options,
    env: { EXTENSIONS_GALLERY: '{}', ...options.env },
  });
  const verbose = Boolean(process.env.APIGW_TEST_VERBOSE);
  // Its own process group, so stop() ends the server and everything it started.
  const child = spawn(command, args, { detached: true, stdio: verbose ? 'inherit' : 'ignore', env });
  const origin = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited && child.pid) {
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      // Unref'd: a server that exits at once must not hold the test process open for the rest of the grace period.
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error('code-server exited during start; rerun with APIGW_TEST_VERBOSE=1 to see why');
    }
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${origin}/healthz within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, origin, dataDir, url: (folder, opts) => scripts.workbenchUrl(port, folder, opts), stop };
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(opts: { width?: number; height?: number } = {}): Promise<BrowserSession> {
  if (!fs.existsSync(scripts.chromiumPath())) {
    throw new Error(
      `Chromium not found at ${scripts.chromiumPath()}. Run: npm run setup:vscode-test (or set APIGW_CHROMIUM)`,
    );
  }
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: scripts.chromiumPath(),
    headless: true,
    viewport: { width: opts.width ?? 1400, height: opts.height ?? 860 },
    // Copy ID / ARN / invoke URL write the clipboard through the browser.
    permissions: ['clipboard-read', 'clipboard-write'],
    args: scripts.CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
