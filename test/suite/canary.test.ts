// Issue 11 in the editor: apigw.profile naming a profile that does not exist is an error that names the profiles that
// do, never a fall-back to the environment's keys (item 1); and the main editor commands, run against the local AWS
// service with secrets planted in the environment, the shared files (keys, session token, endpoint_url with a
// password, credential_process with a secret argument, one that fails printing a secret), the service's answers (the
// echo fault) and tailed log lines, show none of them in what a test can observe: the explorer's items and tooltips,
// the extension's log (where every failure a notification shows is also written), preview documents and tail output.
// Notifications themselves and webviews cannot be read from the extension host; their text is the logged one.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import type { TreeNode } from '../../src/vscode/explorer/tree';
import { RemoteLocalAws } from '../localaws/control';
import type { FaultRule } from '../localaws/faults';
import { quickSessionOptions } from '../localaws/sessions';
import { FakePrompts } from '../support/prompts';
import { ACCESS_GROUP, FUNCTION_GROUP, tailAccount } from '../support/tailSeed';

const EXTENSION_ID = 'apigw-workbench.apigw-workbench';
const API_ID = 'canaryapi1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settings = () => vscode.workspace.getConfiguration('apigw');

const CANARIES = [
  'CANARYENVKEY',
  'CANARYENVSECRET',
  'CANARYENVTOKEN',
  'CANARYFILEKEY',
  'CANARYFILESECRET',
  'CANARYFILETOKEN',
  'CANARYPROCKEY',
  'CANARYPROCSECRET',
  'CANARYPROCTOKEN',
  'CANARYPROCARG',
  'CANARYPROCERR',
  'CANARYFILEURLPASS',
  'CANARYLOGBEARER',
  'CANARYLOGTOKEN',
  'CANARYLOGCOOKIE',
];
const SIGNING = [/Signature=[0-9a-f]{8}/, /AWS4-HMAC-SHA256 Credential/];

// Secret-shaped values are built at run time, so that nothing shaped like a real credential is committed.
const planted = {
  AWS_ACCESS_KEY_ID: `AKIA${'CANARYENVKEY0001'}`,
  AWS_SECRET_ACCESS_KEY: `CANARYENVSECRET/${'e'.repeat(24)}`,
  AWS_SESSION_TOKEN: `IQoJb3JpZ2lu${'CANARYENVTOKEN'}${'A'.repeat(120)}`,
};
const LOG_LINE = JSON.stringify({
  headers: {
    authorization: 'Bearer CANARYLOGBEARER-1234',
    'x-amz-security-token': `CANARYLOGTOKEN${'d'.repeat(40)}`,
    cookie: 'session=CANARYLOGCOOKIE',
  },
});

const SPEC = `version: 1
api:
  name: canary-api
  protocol: HTTP
integrations:
  items-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:items
routes:
  GET /items:
    integration: items-fn
stages:
  dev: {}
`;

function leaks(text: string): string[] {
  return [...CANARIES.filter((c) => text.includes(c)), ...SIGNING.filter((re) => re.test(text)).map(String)];
}

/** Every label, description and tooltip of the explorer, two levels deep (errors become error nodes there). */
async function explorerText(wb: WorkbenchApi): Promise<string> {
  const parts: string[] = [];
  const add = (n: TreeNode) => {
    const t = n.treeItem();
    const tip = t.tooltip;
    parts.push(
      String(typeof t.label === 'string' ? t.label : (t.label?.label ?? '')),
      String(t.description ?? ''),
      typeof tip === 'string' ? tip : (tip?.value ?? ''),
    );
  };
  wb.explorer.provider.refresh();
  for (const root of await wb.explorer.provider.getChildren()) {
    add(root);
    for (const api of await root.children().catch(() => [])) {
      add(api);
      for (const kid of await api.children().catch(() => [])) add(kid);
    }
  }
  return parts.join('\n');
}

/** The extension's log channel, as its output document shows it. */
async function logText(): Promise<string> {
  await vscode.commands.executeCommand('apigw.showLog');
  const find = () =>
    vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('API Gateway Workbench'),
    );
  const deadline = Date.now() + 5000;
  while (!find() && Date.now() < deadline) await sleep(100);
  const doc = find();
  assert.ok(doc, 'the log channel has an output document');
  await sleep(500);
  return doc.getText();
}

describe('canaries in the editor (issue 11)', function () {
  this.timeout(300_000);
  let wb: WorkbenchApi;
  const localAws = new RemoteLocalAws(process.env.APIGW_TEST_LOCALAWS ?? '');
  const saved: Record<string, string | undefined> = {};
  let dir: string;
  let tailText = '';
  let outputSubscription: vscode.Disposable | undefined;
  let restorePrompts: (() => void) | undefined;
  let restoreSessions: (() => void) | undefined;
  const prompts = new FakePrompts({ confirm: () => true });
  const logs = new CloudWatchLogsClient({
    region: 'us-east-1',
    endpoint: process.env.APIGW_TEST_LOCALAWS,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDCANARYHELPER', secretAccessKey: 'x' },
  });

  before(async () => {
    assert.ok(process.env.APIGW_TEST_LOCALAWS, 'the host test environment starts the local AWS service');
    wb = await vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID)!.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-canary-'));
    const endpoint = process.env.APIGW_TEST_LOCALAWS!.replace('http://', 'http://apigw:CANARYFILEURLPASS@');
    const node = JSON.stringify(process.execPath);
    const printCreds = `console.log(JSON.stringify({Version:1,AccessKeyId:'AKIA${'CANARYPROCKEY001'}',SecretAccessKey:'CANARYPROCSECRET${'p'.repeat(24)}',SessionToken:'FwoGZXIvYXdzCANARYPROCTOKEN${'c'.repeat(100)}'}))`;
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        '[profile canary]',
        'region = us-east-1',
        `endpoint_url = ${endpoint}`,
        '',
        '[profile canary-process]',
        'region = us-east-1',
        `endpoint_url = ${endpoint}`,
        `credential_process = ${node} -e "${printCreds}" -- --client-secret CANARYPROCARG`,
        '',
        '[profile canary-failing]',
        'region = us-east-1',
        `endpoint_url = ${endpoint}`,
        `credential_process = ${node} -e "process.stderr.write('login refused: --client-secret CANARYPROCERR\\n'); process.exit(5)" -- --client-secret CANARYPROCARG`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      `[canary]\naws_access_key_id = AKIA${'CANARYFILEKEY001'}\naws_secret_access_key = CANARYFILESECRET${'f'.repeat(24)}\naws_session_token = AgoCANARYFILETOKEN${'b'.repeat(120)}\n`,
    );
    const vars = {
      ...planted,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      // The credential_process runs process.execPath: in a desktop VS Code that is Electron, which this makes a node.
      ELECTRON_RUN_AS_NODE: '1',
    };
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    outputSubscription = wb.onDidWriteOutput(({ text }) => {
      tailText += text;
    });
    restorePrompts = wb.usePrompts(prompts);
    // The same retry decisions, in milliseconds: the faults below are answered 500, which reads retry.
    restoreSessions = wb.connection.useSessionOptions(quickSessionOptions(3));
  });

  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    outputSubscription?.dispose();
    restorePrompts?.();
    restoreSessions?.();
    await settings().update('profile', undefined, vscode.ConfigurationTarget.Global);
    wb.connection.reset();
    logs.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function useProfile(name: string): Promise<void> {
    await settings().update('profile', name, vscode.ConfigurationTarget.Global);
    wb.connection.reset();
  }

  function seed() {
    const s = tailAccount();
    const orders = s.apis!.find((a) => a.name === 'orders-api')!;
    orders.apiId = API_ID;
    for (const g of s.logGroups!) g.streams = [{ logStreamName: 'a', events: [] }];
    return s;
  }

  it('apigw.profile naming a missing profile: nothing is sent with the environment keys, and the error names the profiles (item 1)', async () => {
    await localAws.reset(seed());
    await useProfile('statik');
    const text = await explorerText(wb);
    assert.doesNotMatch(text, /orders-api/, 'no API listed with the environment keys');
    const plan = await vscode.commands.executeCommand('apigw.showPlan', await specFile());
    assert.equal(plan, undefined);
    assert.deepEqual(await localAws.calls(), [], 'no call reached the service');
    const log = await logText();
    assert.match(
      log,
      /The AWS profile "statik" does not exist: the profiles in .* are canary, canary-failing, canary-process/,
    );
  });

  async function specFile(): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'deploy', 'canary.apigw.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SPEC));
    return uri;
  }

  async function tailAsked(): Promise<boolean> {
    const calls = await localAws.calls({ service: 'logs' });
    return calls.some((c) => c.operation === 'StartLiveTail' || c.operation === 'FilterLogEvents');
  }

  /** The main editor commands, each allowed to fail (a failure is a notification and a log line). */
  /**
   * Runs every command that reaches AWS. `linesCanArrive`: the tail's reads are not refused, so it waits (up to 10 s)
   * for the planted line; where they are, it gives the tail 2 s to print what it says of the refusal.
   */
  async function runCommands(
    spec: vscode.Uri,
    linesCanArrive: boolean,
  ): Promise<{ explorer: string; documents: string }> {
    const explorer = await explorerText(wb);
    const thrown: string[] = [];
    const run = async (id: string, ...args: unknown[]) => {
      await Promise.resolve(vscode.commands.executeCommand(id, ...args)).catch((e: unknown) => thrown.push(String(e)));
    };
    await run('apigw.showPlan', spec);
    await run('apigw.deploySpec', spec, { stage: 'dev' });
    await run('apigw.promoteStage', { apiId: API_ID, from: 'dev', to: 'prod' });
    await run('apigw.rollbackStage', { apiId: API_ID, stage: 'prod' });
    const tail = await Promise.resolve(
      vscode.commands.executeCommand<string | undefined>('apigw.tailStage', { apiId: API_ID, stageName: 'prod' }),
    ).catch(() => undefined);
    if (tail) {
      // Once the tail has asked for the lines (live or polled), what is put next reaches it; 1.5 s at most.
      const started = Date.now() + 1500;
      while (!(await tailAsked()) && Date.now() < started) await sleep(50);
      for (const group of [ACCESS_GROUP, FUNCTION_GROUP])
        await logs
          .send(
            new PutLogEventsCommand({
              logGroupName: group,
              logStreamName: 'a',
              logEvents: [{ timestamp: Date.now(), message: LOG_LINE }],
            }),
          )
          .catch(() => undefined);
      const deadline = Date.now() + (linesCanArrive ? 10_000 : 2_000);
      while (!tailText.includes('headers') && Date.now() < deadline) await sleep(100);
      await vscode.commands.executeCommand('apigw.stopTail', tail);
    }
    // Plan and promotion previews, error details: every document a command opened.
    const documents = vscode.workspace.textDocuments
      .filter((d) => d.uri.scheme !== 'output' && d.uri.scheme !== 'file')
      .map((d) => `${d.uri.toString()}\n${d.getText()}`);
    return { explorer, documents: [...documents, ...thrown].join('\n') };
  }

  const MODES: Array<{ name: string; faults: FaultRule[] }> = [
    { name: 'no fault', faults: [] },
    { name: 'every call echoes the request', faults: [{ operation: '*', kind: 'echo', status: 400 }] },
    {
      name: 'every call echoes it as JSON',
      faults: [{ operation: '*', kind: 'echo', echo: 'json', status: 400 }],
    },
    {
      name: 'late calls echo it (500)',
      faults: ['CreateDeployment', 'UpdateStage', 'GetRoutes', 'FilterLogEvents', 'StartLiveTail'].map((operation) => ({
        operation,
        kind: 'echo' as const,
      })),
    },
  ];

  for (const profile of ['canary', 'canary-process', 'canary-failing'])
    it(`profile ${profile}: no canary in the explorer, previews, the log or tail output`, async () => {
      await useProfile(profile);
      const spec = await specFile();
      const found: string[] = [];
      for (const mode of profile === 'canary-failing' ? MODES.slice(0, 1) : MODES) {
        await localAws.reset(seed());
        await localAws.configure({
          liveTail: { intervalMs: 200, maxEventsPerUpdate: 500, maxSessionMs: 60 * 60 * 1000 },
        });
        await localAws.addFaults(mode.faults);
        tailText = '';
        prompts.shown.length = 0;
        const tailRefused = mode.faults.some((f) => ['FilterLogEvents', 'StartLiveTail'].includes(f.operation));
        const shown = await runCommands(spec, !tailRefused);
        if (profile !== 'canary-failing' && mode.faults.length === 0) {
          // The checks below read real output: the plan preview, the tree and the tail channel were all there.
          assert.match(shown.documents, /canary-api/, 'the plan preview opened');
          assert.match(shown.explorer, /orders-api/, 'the explorer listed the APIs');
          assert.match(tailText, /headers/, 'the tail printed the planted log line');
        }
        for (const [where, text] of [
          ['explorer items (labels, descriptions, tooltips)', shown.explorer],
          ['documents the commands opened', shown.documents],
          ['tail output channel', tailText],
          ['notifications and modals', prompts.shown.map((p) => `${p.text} ${p.detail ?? ''}`).join('\n')],
        ] as const) {
          const leaked = leaks(text);
          if (leaked.length) found.push(`${mode.name}, ${where}: ${leaked.join(', ')}`);
        }
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
      const leakedInLog = leaks(await logText());
      if (leakedInLog.length) found.push(`the extension log: ${leakedInLog.join(', ')}`);
      assert.deepEqual(found, []);
      assert.ok(
        (await localAws.calls()).length > 0 || profile === 'canary-failing',
        'the commands reached the service',
      );
    });
});
