// Gateway spec files in a real VS Code: diagnostics on open and while typing, each problem once across all sources,
// the schema contributed to VS Code's JSON service, completion, navigation, rename, outline and quick fixes.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { validateSpec } from '../../src/core/gatewaySpec';
import type { WorkbenchApi } from '../../src/extension';

const EXTENSION_ID = 'apigw-workbench.apigw-workbench';

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function specUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'specs', name);
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'apigw');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const at = (r: vscode.Range) => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(specUri(name));
  return vscode.window.showTextDocument(doc);
}

describe('gateway spec files', () => {
  let wb: WorkbenchApi;
  before(async () => {
    wb = await vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID)!.activate();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens *.apigw.yaml and *.apigw.json in the spec languages', async () => {
    assert.equal((await open('mistakes.apigw.yaml')).document.languageId, 'apigw-yaml');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal((await open('schema-error.apigw.json')).document.languageId, 'apigw-json');
  });

  it('reports the expected diagnostics when an invalid spec opens', async () => {
    const { document } = await open('mistakes.apigw.yaml');
    const diags = await waitFor('diagnostics', () => {
      const d = ours(document.uri);
      return d.length >= 2 && d;
    });
    assert.deepEqual(diags.map((d) => [codeOf(d), d.severity, at(d.range)]).sort(), [
      ['APIGW200', vscode.DiagnosticSeverity.Error, '11:18-11:28'],
      ['APIGW201', vscode.DiagnosticSeverity.Error, '14:17-14:24'],
    ]);
    const unknown = diags.find((d) => codeOf(d) === 'APIGW200')!;
    assert.match(unknown.message, /Unknown integration 'orders-fnn'\. Did you mean 'orders-fn'\?/);
    assert.equal(
      typeof unknown.code === 'object' && unknown.code.target.toString().endsWith('docs/SPEC.md#diagnostics'),
      true,
    );
  });

  it("reports each problem once across all sources, while the schema still reaches VS Code's JSON service", async () => {
    const { document } = await open('schema-error.apigw.json');
    const mine = await waitFor('our diagnostic', () => {
      const d = ours(document.uri);
      return d.length > 0 && d;
    });
    assert.deepEqual(
      mine.map((d) => [codeOf(d), at(d.range)]),
      [['APIGW103', '3:47-3:54']],
    );
    // Give VS Code's JSON language service every chance to add its own report of the same problem.
    await sleep(2500);
    const all = vscode.languages.getDiagnostics(document.uri);
    assert.deepEqual(
      all.map((d) => `${d.source}:${at(d.range)}`),
      ['apigw:3:47-3:54'],
      'diagnostics from all sources',
    );
    // The same file as plain JSON: now VS Code's JSON service validates it, with our schema (jsonValidation), and we
    // step back — still one report of the problem.
    const asJson = await vscode.languages.setTextDocumentLanguage(document, 'json');
    const theirs = await waitFor(
      "the JSON service's diagnostic",
      () => {
        const d = vscode.languages.getDiagnostics(asJson.uri).filter((x) => x.source !== 'apigw');
        return d.length > 0 && d;
      },
      30_000,
    );
    assert.ok(
      theirs.some((d) => d.range.start.line === 2 && /HTTP|WEBSOCKET|allowed|Value is not accepted/i.test(d.message)),
      JSON.stringify(theirs.map((d) => d.message)),
    );
    await waitFor('ours to be gone', () => ours(asJson.uri).length === 0);
    await vscode.languages.setTextDocumentLanguage(asJson, 'apigw-json');
  });

  it('completion offers the integration names', async () => {
    const editor = await open('mistakes.apigw.yaml');
    const line = editor.document.lineAt(10);
    const col = line.text.indexOf('orders-fnn');
    await editor.edit((b) => b.replace(new vscode.Range(10, col, 10, line.text.length), 'or'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(10, col + 2),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('orders-fn'), labels.join(', '));
    const item = list.items.find((i) => i.label === 'orders-fn')!;
    assert.equal(item.kind, vscode.CompletionItemKind.Reference);
  });

  // `$` and `.` are trigger characters: inside a mapping template they offer its variables, elsewhere nothing (a dot
  // typed in a URL or a key brings up no list).
  it("completes a mapping template's variables at `.`, and a `.` elsewhere offers nothing", async () => {
    const content = [
      'version: 1',
      'api: { name: chat, protocol: WEBSOCKET }',
      'integrations:',
      '  echo:',
      '    type: HTTP',
      '    uri: https://example.com/x',
      '    requestTemplates:',
      '      $default: \'{"id": "$context."}\'',
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'apigw-yaml', content });
    const ask = (needle: string, trigger: string) =>
      vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        document.positionAt(content.indexOf(needle) + needle.length),
        trigger,
      );
    const inTemplate = await ask('$context.', '.');
    const item = inTemplate.items.find((i) => i.label === 'connectionId');
    assert.ok(item, inTemplate.items.map((i) => JSON.stringify(i.label)).join(', '));
    assert.equal(item.kind, vscode.CompletionItemKind.Variable);
    assert.match(String((item.documentation as vscode.MarkdownString).value), /callback to the client/);
    const inUrl = await ask('https://example.', '.');
    assert.deepEqual(
      inUrl.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text).map((i) => i.label),
      [],
    );
  });

  // A route written in YAML flow style, completed where its `:` (a trigger character) was just typed: the item the
  // editor applies brings the blank YAML needs, and the spec stays what apigw validate accepts.
  it('completes in a YAML flow mapping at the `:` trigger, and the applied item keeps the spec valid', async () => {
    const editor = await open('orders.apigw.yaml');
    const { document } = editor;
    const at = document.getText().indexOf('routes:\n') + 'routes:\n'.length;
    const typed = '  GET /flow: { integration:';
    assert.ok(await editor.edit((b) => b.insert(document.positionAt(at), `${typed} }\n`)));
    const cursor = document.positionAt(at + typed.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      cursor,
      ':',
    );
    const item = list.items.find((i) => i.label === 'orders-fn');
    assert.ok(item, list.items.map((i) => JSON.stringify(i.label)).join(', '));
    const range = item.range instanceof vscode.Range ? item.range : item.range!.replacing;
    assert.ok(await editor.edit((b) => b.replace(range, String(item.insertText))));
    assert.equal(document.lineAt(cursor.line).text, '  GET /flow: { integration: orders-fn }');
    const problems = validateSpec(document.getText(), { fileName: document.fileName, fixes: false }).diagnostics;
    assert.deepEqual(
      problems.filter((d) => d.severity === 'error').map((d) => d.code),
      [],
    );
  });

  it('a quick fix edits the document as expected', async () => {
    const { document } = await open('mistakes.apigw.yaml');
    const diag = await waitFor('APIGW200', () => ours(document.uri).find((d) => codeOf(d) === 'APIGW200'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.deepEqual(
      titles.filter((t) => /orders-fn/.test(t)),
      ["Change to 'orders-fn'", "Create integration 'orders-fnn'"],
    );
    const change = actions.find((a) => a.title === "Change to 'orders-fn'")!;
    assert.equal(change.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(change.edit!));
    assert.equal(document.lineAt(10).text, '    integration: orders-fn');
    await waitFor(
      'APIGW200 to clear',
      () => ours(document.uri).every((d) => codeOf(d) !== 'APIGW200') && ours(document.uri).length === 1,
    );
    // Creating the missing authorizer stub makes the spec valid.
    const auth = ours(document.uri)[0]!;
    assert.equal(codeOf(auth), 'APIGW201');
    const more = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      auth.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const create = more.find((a) => a.title === "Create authorizer 'cognito'");
    assert.ok(create, more.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(create.edit!));
    assert.match(document.getText(), /\nauthorizers:\n {2}cognito:\n {4}type: JWT\n/);
    await waitFor('a clean spec', () => ours(document.uri).length === 0);
  });

  it("a missing required property gets 'Add' fixes: one per choice for a type, one preferred for a single value", async () => {
    const editor = await open('orders.apigw.yaml');
    const { document } = editor;
    await waitFor('a clean spec', () => ours(document.uri).length === 0 || undefined, 15_000);
    const lineOf = (text: string) => document.getText().split('\n').indexOf(text);
    const typeLine = lineOf('    type: HTTP_PROXY');
    const versionLine = lineOf('version: 1');
    assert.ok(typeLine > 0 && versionLine >= 0);
    assert.ok(
      await editor.edit((b) => {
        b.delete(document.lineAt(typeLine).rangeIncludingLineBreak);
        b.delete(document.lineAt(versionLine).rangeIncludingLineBreak);
      }),
    );
    const missing = await waitFor('two APIGW101', () => {
      const d = ours(document.uri).filter((x) => codeOf(x) === 'APIGW101');
      return d.length === 2 && d;
    });
    const actionsAt = (d: vscode.Diagnostic) =>
      vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        d.range,
        vscode.CodeActionKind.QuickFix.value,
      );
    const forType = (await actionsAt(missing.find((d) => /'type'/.test(d.message))!)).filter((a) =>
      a.title.startsWith("Add 'type'"),
    );
    assert.deepEqual(
      forType.map((a) => [a.title, Boolean(a.isPreferred)]),
      // An HTTP API's spec: AWS, HTTP and MOCK are WebSocket API types (protocolFields.ts), not offered here.
      ['AWS_PROXY', 'HTTP_PROXY'].map((t) => [`Add 'type': ${t}`, false]),
    );
    assert.ok(await vscode.workspace.applyEdit(forType.find((a) => a.title.endsWith('HTTP_PROXY'))!.edit!));
    const version = await waitFor('APIGW101 for version alone', () => {
      const d = ours(document.uri);
      return d.length === 1 && /'version'/.test(d[0]!.message) && d[0];
    });
    const add = (await actionsAt(version)).find((a) => a.title === "Add 'version'");
    assert.equal(add?.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(add!.edit!));
    // The top level's first property, above `api:` (the file's comments stay first).
    assert.match(document.getText(), /\n\nversion: 1\napi:\n/);
    await waitFor('a clean spec again', () => ours(document.uri).length === 0 || undefined);
  });

  it('a stale run never wins: fast edits end with the diagnostics of the last text', async () => {
    const editor = await open('orders.apigw.yaml');
    const { document } = editor;
    await sleep(300);
    assert.deepEqual(ours(document.uri), []);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('protocol: HTTP'));
    const pos = new vscode.Position(line, document.lineAt(line).text.length);
    for (const ch of ['S', 'X', 'Y']) await editor.edit((b) => b.insert(document.lineAt(line).range.end, ch));
    await waitFor('the error for the typed protocol', () => ours(document.uri).some((d) => codeOf(d) === 'APIGW103'));
    for (let i = 0; i < 3; i++)
      await editor.edit((b) => b.delete(new vscode.Range(line, pos.character, line, pos.character + 3 - i)));
    await waitFor(
      'a clean spec again',
      () => document.lineAt(line).text.endsWith('protocol: HTTP') && ours(document.uri).length === 0,
    );
    await sleep(600);
    assert.deepEqual(ours(document.uri), [], 'no stale diagnostics arrive later');
  });

  // The worker keeps each open text and the host sends it only the changes of an edit (src/vscode/gatewaySpec/
  // worker.ts): several changes in one edit, applied in the editor's order, must leave the worker exactly the text.
  it('an edit of several changes at once ends with what apigw validate says of the text', async () => {
    const editor = await open('orders.apigw.yaml');
    const { document } = editor;
    // The worker has this version once it has answered a question about it (here the outline): the edit below then
    // reaches it as changes, not as a whole text.
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.ok(symbols.some((s) => s.name === 'routes'));
    const lines = document.getText().split('\n');
    const lineOf = (text: string) => lines.findIndex((l) => l.trim() === text);
    const protocol = lineOf('protocol: HTTP');
    const timeout = lineOf('timeoutMs: 10000');
    const events: number[] = [];
    const listening = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document) events.push(e.contentChanges.length);
    });
    // One edit in the editor: lines inserted above, a value lengthened between them and a value replaced below.
    // VS Code reports the changes last place first, and each offset is only right once the ones before it have been
    // applied.
    assert.ok(
      await editor.edit((b) => {
        b.insert(new vscode.Position(lineOf('version: 1') + 1, 0), '# one\n# two\n');
        b.insert(document.lineAt(protocol).range.end, 'X');
        b.replace(document.lineAt(timeout).range, '    timeoutMs: 30001');
      }),
    );
    listening.dispose();
    assert.ok(document.isDirty, 'not saved: the worker has the edit as changes');
    // Asked at once, the worker answers from the text the changes made (a save, later, would send the whole text).
    const edited = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.equal(edited.find((s) => s.name === 'api')?.detail, 'orders-api · HTTPX');
    assert.equal(edited.find((s) => s.name === 'integrations')?.range.start.line, lineOf('integrations:') + 2);
    assert.ok(
      events.some((n) => n >= 3),
      `one event of several changes: ${JSON.stringify(events)}`,
    );
    const expected = () =>
      validateSpec(document.getText(), { fileName: document.fileName, fixes: false })
        .diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`)
        .sort();
    const view = () =>
      ours(document.uri)
        .map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}`)
        .sort();
    assert.ok(expected().length >= 2, expected().join(', '));
    await waitFor('the diagnostics of the edited text', () => JSON.stringify(view()) === JSON.stringify(expected()));
    // Undone back to the saved text (not dirty): its changes, not the whole text (which a 1 MB spec would make the
    // host join and copy on every undo to the saved state, and on every save), and clean.
    const texts = wb.specEngine.sent.texts;
    await vscode.commands.executeCommand('undo');
    await waitFor('a clean spec again', () => !document.isDirty && ours(document.uri).length === 0);
    assert.equal(wb.specEngine.sent.texts, texts, 'no whole text sent for the undo');
    // Edited and saved: the same.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# saved\n')));
    assert.ok(await document.save());
    const outline = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.equal(outline.find((s) => s.name === 'routes')?.range.start.line, lineOf('routes:') + 1);
    assert.equal(wb.specEngine.sent.texts, texts, 'no whole text sent for the save');
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(0, 0, 1, 0))));
    assert.ok(await document.save());
  });

  it('navigates: definition, references, rename, outline and hover', async () => {
    const { document } = await open('orders.apigw.yaml');
    const text = document.getText();
    const ref = document.positionAt(text.indexOf('integration: orders-fn') + 'integration: '.length + 1);
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      document.uri,
      ref,
    );
    const def = defs[0]!;
    const defRange = 'range' in def ? def.range : def.targetRange;
    assert.equal(document.getText(defRange), 'orders-fn');
    assert.equal(defRange.start.line, document.positionAt(text.indexOf('  orders-fn:')).line);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      document.uri,
      ref,
    );
    assert.equal(refs.length, 5, 'the definition and four routes');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      document.uri,
      ref,
      'orders-lambda',
    );
    assert.equal(edit.get(document.uri).length, 5);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['api', 'integrations', 'authorizers', 'routes', 'stages', 'vpcLinks', 'domains'],
    );
    assert.ok(
      symbols
        .find((s) => s.name === 'routes')!
        .children.some((c) => c.name === 'POST /orders' && c.kind === vscode.SymbolKind.Method),
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(text.indexOf('autoDeploy')),
    );
    const md = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))
      .join('\n');
    assert.match(md, /Every change to the API deploys to this stage/);
  });

  // One front end for every path: the editor (its worker) and `apigw validate` say the same about a file.
  it('shows exactly what apigw validate reports for the file (codes, messages, ranges)', async () => {
    const { document } = await open('mistakes.apigw.yaml');
    const mine = await waitFor('diagnostics', () => {
      const d = ours(document.uri);
      return d.length >= 2 && d;
    });
    const cli = validateSpec(fs.readFileSync(document.uri.fsPath), { fileName: document.fileName, fixes: false });
    const view = (code: string, message: string, r: { start: vscode.Position | { line: number; character: number } }) =>
      `${code} ${r.start.line}:${r.start.character} ${message}`;
    assert.deepEqual(
      mine.map((d) => view(codeOf(d), d.message, d.range)).sort(),
      cli.diagnostics.map((d) => view(d.code, d.message, d.range)).sort(),
    );
  });

  // Issue 11 item 7: bytes that are not UTF-8 were refused by validate but read by plan and deploy; the editor read
  // them as U+FFFD. Now the editor validates such a saved file from its bytes, as the CLI does.
  it('refuses a saved file that is not UTF-8 as apigw validate does (APIGW005)', async () => {
    const file = specUri('not-utf8.apigw.yaml');
    const bytes = Buffer.concat([
      Buffer.from('version: 1\napi:\n  name: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n  protocol: HTTP\n'),
    ]);
    fs.writeFileSync(file.fsPath, bytes);
    try {
      const { document } = await open('not-utf8.apigw.yaml');
      const d = await waitFor('APIGW005', () => ours(document.uri).find((x) => codeOf(x) === 'APIGW005'));
      const cli = validateSpec(bytes, { fileName: file.fsPath, fixes: false }).diagnostics;
      assert.deepEqual(
        cli.map((x) => x.code),
        ['APIGW005'],
      );
      assert.equal(d.message, cli[0]!.message);
      assert.deepEqual(
        [d.range.start.line, d.range.start.character],
        [cli[0]!.range.start.line, cli[0]!.range.start.character],
      );
      assert.equal(ours(document.uri).length, 1);
      // Edited, it is text (the worker gets the edit's changes); undone to the saved file, its bytes again.
      const editor = vscode.window.activeTextEditor!;
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
      // The worker held the file's bytes, which an edit's changes cannot apply to: the edited text is sent whole,
      // and a question asked at once is answered.
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      assert.ok(
        symbols?.some((s) => s.name === 'api'),
        JSON.stringify(symbols),
      );
      await waitFor('the text checked as text', () => !ours(document.uri).some((x) => codeOf(x) === 'APIGW005'));
      const texts = wb.specEngine.sent.texts;
      await vscode.commands.executeCommand('undo');
      await waitFor(
        'APIGW005 again',
        () => !document.isDirty && ours(document.uri).some((x) => codeOf(x) === 'APIGW005'),
      );
      assert.equal(wb.specEngine.sent.texts, texts + 1, 'the bytes read again');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
  });

  // A saved spec changed on disk is reloaded by the editor as one change of a clean document: where the new file is
  // not UTF-8, that change holds U+FFFD, and the file is read again as bytes rather than taken as the change's text.
  it('reads a spec changed on disk to bytes that are not UTF-8 as apigw validate does', async () => {
    const file = specUri('reloaded.apigw.yaml');
    fs.writeFileSync(file.fsPath, 'version: 1\napi:\n  name: cafe\n  protocol: HTTP\n');
    try {
      const { document } = await open('reloaded.apigw.yaml');
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
      const texts = wb.specEngine.sent.texts;
      fs.writeFileSync(file.fsPath, Buffer.from('version: 1\napi:\n  name: caf\xe9\n  protocol: HTTP\n', 'latin1'));
      await waitFor('the reloaded text', () => document.getText().includes('\uFFFD'));
      assert.ok(!document.isDirty);
      await waitFor('APIGW005', () => ours(document.uri).some((x) => codeOf(x) === 'APIGW005'));
      assert.equal(wb.specEngine.sent.texts, texts + 1, 'the file read again as bytes');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
  });

  // Issue 11 item 5: JSON nested 2,000 levels crashed the validator, and the editor showed nothing.
  it('answers JSON nested 2,000 levels with the depth limit, and keeps working', async () => {
    const file = specUri('deep.apigw.json');
    fs.writeFileSync(
      file.fsPath,
      `{"version": 1, "api": {"name": "x", "protocol": "HTTP"}, "tags": ${'['.repeat(2000)}${']'.repeat(2000)}}\n`,
    );
    try {
      const { document } = await open('deep.apigw.json');
      const d = await waitFor('APIGW011', () => ours(document.uri).find((x) => codeOf(x) === 'APIGW011'));
      assert.match(d.message, /limit of 64 levels/);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(0, 30),
      );
      assert.ok(Array.isArray(hovers));
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
  });

  // Issue 11 item 8: a hovered value from a cloned repository must not make VS Code fetch or link anything.
  it('hovers show spec values as inert text', async () => {
    const { document } = await open('orders.apigw.yaml');
    const editor = vscode.window.activeTextEditor!;
    const text = document.getText();
    const at = text.indexOf('  orders-fn:');
    await editor.edit((b) =>
      b.insert(
        document.positionAt(text.indexOf('\n', at) + 1),
        '    description: "![x](https://evil.example/p.png) [c](https://evil.example)"\n',
      ),
    );
    const ref = document.getText().indexOf('integration: orders-fn') + 'integration: '.length + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(ref),
    );
    const contents = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string');
    const md = contents.map((c) => c.value).join('\n');
    assert.match(md, /description/);
    assert.match(md, /`!\[x\]\(https:\/\/evil\.example\/p\.png\) \[c\]\(https:\/\/evil\.example\)`/);
    for (const c of contents) assert.ok(!c.isTrusted && !c.supportHtml, 'untrusted, no HTML');
  });
  it('finds every route of the workspace specs with Go to Symbol in Workspace, past the outline limit', async () => {
    const settings = vscode.workspace.getConfiguration('apigw');
    await settings.update('spec.outlineLimit', 1, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open('orders.apigw.yaml');
      const { document } = editor;
      // VS Code keeps a document's outline per version: a new version is asked again, with the new limit.
      await editor.edit((b) => b.insert(document.positionAt(document.getText().length), '# a comment\n'));
      const outline = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      const routes = outline.find((s) => s.name === 'routes')!;
      assert.equal(routes.children.length, 1, 'the outline lists one route');
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
        'vscode.executeWorkspaceSymbolProvider',
        'orders',
      );
      const ofOrders = found.filter((s) => s.location.uri.toString() === document.uri.toString());
      const routeKeys = ofOrders.filter((s) => s.containerName.startsWith('routes · ')).map((s) => s.name);
      assert.ok(routeKeys.length > 1, `every route whose key matches: ${routeKeys.join(', ')}`);
      const first = ofOrders.find((s) => s.name === routeKeys[routeKeys.length - 1])!;
      assert.equal(first.kind, vscode.SymbolKind.Method);
      assert.equal(document.getText(first.location.range).replace(/["']/g, ''), first.name);
      assert.match(first.containerName, /^routes · specs\/orders\.apigw\.yaml$/);
      const none = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
        'vscode.executeWorkspaceSymbolProvider',
        'zzqqxx',
      );
      assert.equal(none.filter((s) => s.location.uri.path.endsWith('.apigw.yaml')).length, 0);
    } finally {
      await settings.update('spec.outlineLimit', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
