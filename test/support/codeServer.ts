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
  /** Unpacked extension folders installed for every window, as `--install-extension` would place them. */
  extensions?: string[];
}

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  readonly dataDir: string;
  /** Workbench URL for a folder, optionally loading the extension under development and a test module. */
  url(folder: string, opts?: { extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  /**
   * Ends the extension hosts of the windows this server served, and what they started. A closed window's host
   * otherwise waits for the window to reconnect (VS Code's reconnection grace time, three hours).
   */
  endExtensionHosts(): Promise<void>;
  stop(): Promise<void>;
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  group: number;
  command: string;
}

/** This machine's processes, from /proc (Linux, where the tests run). */
function processes(): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after its last ')'.
      const [, ppid, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid: Number(ppid), group: Number(group), command });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** The extension host processes in process group `group`, with every process below them. */
function extensionHostTrees(group: number): number[] {
  const all = processes();
  const found = new Set(
    all.filter((p) => p.group === group && p.command.includes('--type=extensionHost')).map((p) => p.pid),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all)
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
  }
  return [...found];
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids)
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
}

const alive = (pid: number): boolean => fs.existsSync(`/proc/${pid}`);

async function endProcesses(pids: number[]): Promise<void> {
  signal(pids, 'SIGTERM');
  const deadline = Date.now() + 3000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  signal(pids.filter(alive), 'SIGKILL');
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

/** Copies an unpacked extension into an extensions folder under the name the workbench scans for. */
function installUnpacked(folder: string, extensionsDir: string): void {
  const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  fs.cpSync(folder, path.join(extensionsDir, `${publisher}.${name}-${version}`), { recursive: true });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!fs.existsSync(scripts.codeServerEntry())) {
    throw new Error(`code-server is not installed at ${scripts.codeServerEntry()}. Run: npm run setup:vscode-test`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cs-'));
  for (const ext of options.extensions ?? []) installUnpacked(ext, path.join(dataDir, 'extensions'));
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
  return {
    port,
    origin,
    dataDir,
    url: (folder, opts) => scripts.workbenchUrl(port, folder, opts),
    endExtensionHosts: () => endProcesses(child.pid ? extensionHostTrees(child.pid) : []),
    stop,
  };
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

/** code-server and Chromium started side by side; when either fails, the other is stopped and its error thrown. */
export async function startServerAndBrowser(
  options: CodeServerOptions & { width?: number; height?: number } = {},
): Promise<{ server: CodeServer; browser: BrowserSession }> {
  const [server, browser] = await Promise.allSettled([startCodeServer(options), launchBrowser(options)]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled')
    return { server: server.value, browser: browser.value };
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}
