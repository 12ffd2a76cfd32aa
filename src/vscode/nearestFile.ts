// The nearest file of some names from a folder up to its workspace folder (that folder only outside one): a `.http`
// file's request environments (call/environments.ts), a spec's AWS SAM template (local/unmapped.ts).
import * as vscode from 'vscode';

function isFile(uri: vscode.Uri): Thenable<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    (s) => (s.type & vscode.FileType.File) !== 0,
    () => false,
  );
}

/** The first of `names` in `dir`, else in each parent up to the workspace folder; undefined when none is there. */
export async function nearestFile(dir: vscode.Uri, names: readonly string[]): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(dir)?.uri.path;
  for (;;) {
    for (const name of names) {
      const uri = vscode.Uri.joinPath(dir, name);
      if (await isFile(uri)) return uri;
    }
    const parent = vscode.Uri.joinPath(dir, '..');
    if (!root || dir.path === root || parent.path === dir.path || !dir.path.startsWith(root)) return undefined;
    dir = parent;
  }
}
