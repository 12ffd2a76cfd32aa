// OpenAPI in and out in a real VS Code: Create Spec from OpenAPI… writes a spec from AWS's pet store example (what
// could not be mapped in the Problems panel on the OpenAPI file), a second import goes into that spec and keeps its
// stages, a document with errors writes nothing, Export Spec as OpenAPI… writes OpenAPI 3.0 with notes on the spec,
// and Restricted Mode refuses both.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import { activateWorkbench, untrusted } from '../support/host';
import { FakePrompts } from '../support/prompts';

// out/test/suite → the repository.
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'openapi');
const PET_STORE = fs.readFileSync(path.join(FIXTURES, 'aws-docs-pet-store.json'), 'utf8');

const EXPORTED_SPEC = `version: 1
api: { name: pets, protocol: HTTP }
integrations:
  pets-fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:us-east-1:123456789012:function:pets' }
routes:
  GET /pets: { integration: pets-fn }
stages:
  prod: { autoDeploy: true }
`;

function problems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'API Gateway Workbench (OpenAPI)');
}

describe('OpenAPI in and out', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  let restore: (() => void) | undefined;
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const file = (name: string) => vscode.Uri.joinPath(folder(), 'openapi-test', name);
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

  before(async () => {
    wb = await activateWorkbench();
    await write(file('pets.openapi.json'), PET_STORE);
  });

  afterEach(async () => {
    restore?.();
    restore = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'openapi-test'), { recursive: true });
  });

  it('imports the pet store into a new spec, opens it, and says what it could not map', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    const target = file('pets.apigw.yaml');
    const source = file('pets.openapi.json');
    const written = (await vscode.commands.executeCommand('apigw.createSpecFromOpenApi', { source, target })) as
      vscode.Uri | undefined;
    assert.equal(written?.toString(), target.toString());
    const text = await read(target);
    assert.match(text, /^# Imported by API Gateway Workbench from pets\.openapi\.json\./);
    assert.match(text, /GET \/pets/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), 'the spec is open');
    const [note] = fake.messages('info');
    assert.match(
      note?.text ?? '',
      /^Wrote pets\.apigw\.yaml from pets\.openapi\.json: 0 errors, \d+ warnings?, \d+ notes?\.$/,
    );
    const listed = problems(source);
    assert.equal(
      listed.length,
      Number(/(\d+) warnings?/.exec(note!.text)![1]) + Number(/(\d+) notes?/.exec(note!.text)![1]),
    );
  });

  it('a second import goes into the existing spec: its stages stay', async () => {
    restore = wb.usePrompts(new FakePrompts());
    const target = file('pets.apigw.yaml');
    const text0 = await read(target);
    const edited = /^stages:\n/m.test(text0)
      ? text0.replace(/^stages:\n/m, 'stages:\n  staging: { autoDeploy: true }\n')
      : `${text0}stages:\n  staging: { autoDeploy: true }\n`;
    await write(target, edited);
    await vscode.commands.executeCommand('apigw.createSpecFromOpenApi', { source: file('pets.openapi.json'), target });
    const text = await read(target);
    assert.match(text, /staging:/, 'the stage the user added is still there');
    assert.match(text, /GET \/pets/);
  });

  it('a document with errors writes nothing; its errors are in the Problems panel', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    const source = file('broken.openapi.yaml');
    await write(source, 'openapi: 3.0.1\ninfo: { title: broken\npaths: {}\n');
    const target = file('broken.apigw.yaml');
    assert.equal(await vscode.commands.executeCommand('apigw.createSpecFromOpenApi', { source, target }), undefined);
    await assert.rejects(async () => vscode.workspace.fs.stat(target), 'nothing was written');
    const [failure] = fake.messages('error');
    assert.match(failure?.text ?? '', /^broken\.openapi\.yaml: [1-9]\d* errors?, .*: nothing was written\./);
    assert.ok(failure?.actions?.some((a) => a.label === 'Show Problems'));
    assert.ok(problems(source).some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('exports the spec as OpenAPI 3.0, with what OpenAPI cannot carry as notes on the spec', async () => {
    restore = wb.usePrompts(new FakePrompts());
    const spec = file('export.apigw.yaml');
    await write(spec, EXPORTED_SPEC);
    const target = file('pets.export.yaml');
    await vscode.commands.executeCommand('apigw.exportSpecAsOpenApi', spec, { target });
    const text = await read(target);
    assert.match(text, /^openapi: 3\.0\.\d/m);
    assert.match(text, /\/pets:/);
    assert.match(text, /x-amazon-apigateway-integration/);
    assert.ok(
      problems(spec).some((d) => d.code === 'OAS500' && /^Stage prod/.test(d.message) && d.range.start.line === 7),
      'the stage OpenAPI cannot carry is a note on the spec',
    );
  });

  it('Restricted Mode refuses both, and writes nothing', async () => {
    const fake = new FakePrompts();
    const target = file('untrusted.apigw.yaml');
    await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.createSpecFromOpenApi', {
      source: file('pets.openapi.json'),
      target,
    });
    await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.exportSpecAsOpenApi', file('pets.apigw.yaml'), {
      target: file('untrusted.openapi.yaml'),
    });
    await assert.rejects(async () => vscode.workspace.fs.stat(target));
    await assert.rejects(async () => vscode.workspace.fs.stat(file('untrusted.openapi.yaml')));
    assert.deepEqual(
      fake.messages('warning').map((m) => m.text.replace(/ is turned off.*/, '')),
      ['Create Spec from OpenAPI', 'Export Spec as OpenAPI'],
    );
  });
});
