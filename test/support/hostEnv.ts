// The world the extension-host and UI tests run in: a throwaway copy of the fixture workspace and the
// environment variables handed to code-server (and so to the extension host).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './codeServer';

export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

/** A fresh copy of test/fixtures/workspace, so tests may edit files without touching the repository. */
export function copyFixtureWorkspace(source = FIXTURE_WORKSPACE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-'));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

export interface HostTestEnv {
  vars: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export async function hostTestEnv(): Promise<HostTestEnv> {
  return { vars: {}, dispose: async () => undefined };
}
