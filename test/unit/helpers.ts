import fs from 'node:fs';
import path from 'node:path';

/** The repository root, from out/test/unit. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

export interface Manifest {
  name: string;
  displayName: string;
  publisher: string;
  engines: { vscode: string };
  activationEvents?: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations: string[] };
  };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: unknown }>;
    configuration: {
      properties: Record<
        string,
        { markdownDescription?: string; description?: string; scope?: string; tags?: string[] }
      >;
    };
    menus?: Record<string, Array<{ command: string; when?: string }>>;
    views: Record<string, Array<{ id: string }>>;
  };
  devDependencies: Record<string, string>;
}

export function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

/**
 * Waits until `check` holds: for events a test cannot await directly (a message on a socket, a call the service
 * recorded). The deadline only guards against a hang; it is no statement about speed, so it is generous.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
