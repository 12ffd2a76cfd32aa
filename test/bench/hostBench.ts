// The one way a bench measures inside a real editor: opens `workspace` in code-server with the extension under
// development and test/bench/host/NAME.ts as its tests module, and returns what that module printed as its one
// `BENCH {json}` line. Other console lines go to `onLine` (a bench that reacts to its host's signals); errors to stderr.
import path from 'node:path';
import { format } from 'node:util';
import { REPO_ROOT, type BrowserSession, type CodeServer } from '../support/codeServer';

export async function runInHost<T>(
  server: CodeServer,
  browser: BrowserSession,
  workspace: string,
  name: string,
  onLine: (text: string) => boolean = () => false,
): Promise<T> {
  let data: T | undefined;
  const done = new Promise<number>((resolve) => {
    void browser.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (text.startsWith('BENCH ')) data = JSON.parse(text.slice(6)) as T;
    else if (!onLine(text) && /Error|failed/.test(text)) process.stderr.write(`${text}\n`);
  });
  await browser.page.goto(
    server.url(workspace, {
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'bench', 'host', name),
    }),
  );
  const code = await done;
  if (code !== 0 || data === undefined)
    throw new Error(`the ${name} bench failed in the extension host (exit ${code})`);
  return data;
}
