// The one command wrapper (src/vscode/commands/run.ts) in a real VS Code: subjects from a tree node, an argument
// object or the pickers (with Change Region… in the loop), the error message with its fix as a button, and every
// text leaving through the Runtime redacted — notifications, the log, copied text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WorkbenchError } from '../../src/core/errors';
import type { WorkbenchApi } from '../../src/extension';
import { SUBJECT } from '../../src/vscode/commands/subjects';
import { sampleAccount } from '../localaws/seed';
import {
  activateWorkbench,
  CapturingLogChannel,
  label,
  localAwsControl,
  node,
  settings,
  testConnection,
  tooltip,
} from '../support/host';
import { FakePrompts } from '../support/prompts';

// Secret shapes built at run time (no key-shaped literal is committed): an access key id, a secret key, a session
// token, an Authorization header and a bearer token.
const KEY_ID = ['AKIA', 'Q'.repeat(16)].join('');
const SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
const TOKEN = ['FwoGZXIvYXdzE', 'x'.repeat(40)].join('');
const leaked = (text: string) => [KEY_ID, SECRET, TOKEN, 'hunter2bearer'].filter((s) => text.includes(s));
const SECRET_MESSAGE =
  `credential_process failed: aws_access_key_id=${KEY_ID} aws_secret_access_key=${SECRET} ` +
  `x-amz-security-token: ${TOKEN} Authorization: Bearer hunter2bearer`;

describe('command wrapper', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  const localAws = localAwsControl();
  let restore: (() => void) | undefined;

  before(async () => {
    wb = await activateWorkbench();
  });

  beforeEach(async () => {
    await localAws.reset(sampleAccount());
    wb.connection.reset();
  });

  afterEach(async () => {
    restore?.();
    restore = undefined;
    await settings().update('region', undefined, vscode.ConfigurationTarget.Global);
  });

  it('redacts a secret in an error: the notification, its fix when copied, and the log', async () => {
    const fake = new FakePrompts();
    const log = new CapturingLogChannel();
    const failing = testConnection({
      failWith: new WorkbenchError('NoCredentials', SECRET_MESSAGE, {
        hint: `Run: aws configure --profile dev (key ${KEY_ID}).`,
        fix: { label: 'Copy the command', copyText: `aws_secret_access_key=${SECRET}` },
      }),
    });
    try {
      const result = await wb.runWith(
        { prompts: fake, logChannel: log.asChannel(), connection: failing },
        'apigw.goToApi',
        'orders-api',
      );
      assert.equal(result, undefined);
    } finally {
      failing.dispose();
    }
    const [message] = fake.messages('error');
    assert.ok(message, 'one error message');
    assert.deepEqual(leaked(message.text), [], message.text);
    assert.match(message.text, /^credential_process failed: .*\[redacted\]/);
    assert.deepEqual(
      message.actions?.map((a) => a.label),
      ['Copy the command', 'Show Log'],
    );
    await message.actions![0]!.run();
    const copied = fake.shown.filter((s) => s.kind === 'copy');
    assert.equal(copied.length, 1);
    assert.deepEqual(leaked(copied[0]!.text), [], copied[0]!.text);
    const failed = log.lines.find((l) => l.includes('apigw.goToApi failed'));
    assert.ok(failed, log.lines.join('\n'));
    assert.deepEqual(leaked(log.lines.join('\n')), [], log.lines.join('\n'));
  });

  it("redacts a secret the service echoes back in its error (the running extension's own prompts)", async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    await localAws.addFaults([
      { operation: 'GetApis', kind: 'error', status: 400, code: 'BadRequestException', message: SECRET_MESSAGE },
    ]);
    await vscode.commands.executeCommand('apigw.goToApi', 'orders-api');
    const [message] = fake.messages('error');
    assert.ok(message, 'an error message');
    assert.deepEqual(leaked(message.text), [], message.text);
  });

  it("redacts a secret in an explorer error node's label, tooltip and details", async () => {
    await localAws.addFaults([
      { operation: 'GetRoutes', kind: 'error', status: 400, code: 'BadRequestException', message: SECRET_MESSAGE },
    ]);
    wb.explorer.provider.refresh();
    const [failed] = await (await node(wb, 'orders-api', 'Routes')).children();
    const shown = `${label(failed!)} ${tooltip(failed!)}`;
    assert.match(shown, /Could not load routes/);
    assert.deepEqual(leaked(shown), [], shown);
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    await vscode.commands.executeCommand('apigw.showErrorDetails', failed);
    const [details] = fake.messages('error');
    assert.ok(details);
    assert.deepEqual(leaked(details.text), [], details.text);
  });

  it('takes the subject from an argument object, and from the pickers with Change Region… in between', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    const url = /^https:\/\/\w{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod$/;
    const apiId = (await node(wb, 'orders-api'))[SUBJECT]().api!.id;
    await vscode.commands.executeCommand('apigw.copyInvokeUrl', { apiId, stage: 'prod' });
    assert.match(fake.shown.find((s) => s.kind === 'copy')?.text ?? '', url);
    restore();

    // The palette: the API picker, Change Region… (eu-west-1 has none), back, then the API and its stage.
    const answers = [
      '$(globe) Change Region…',
      'eu-west-1',
      '$(globe) Change Region…',
      'us-east-1',
      '$(globe) orders-api',
      '$(rocket) prod',
    ];
    const picker = new FakePrompts({
      pick: (items) => {
        const want = answers.shift();
        return items.find((i) => i.label === want);
      },
    });
    restore = wb.usePrompts(picker);
    await vscode.commands.executeCommand('apigw.copyInvokeUrl');
    assert.deepEqual(answers, [], 'every pick was asked');
    assert.deepEqual(
      picker.shown.filter((s) => s.kind === 'pick').map((s) => s.text),
      [
        'Copy Invoke URL (localaws · us-east-1)',
        'API Gateway: Select Region',
        'Copy Invoke URL (localaws · eu-west-1)',
        'API Gateway: Select Region',
        'Copy Invoke URL (localaws · us-east-1)',
        'Copy Invoke URL: orders-api',
      ],
    );
    assert.match(picker.shown.find((s) => s.kind === 'copy')?.text ?? '', url);
  });

  it('refuses a tree node read with another connection, with Refresh Explorer as the fix', async () => {
    const prod = await node(wb, 'orders-api', 'Stages', 'prod');
    await settings().update('region', 'eu-west-1', vscode.ConfigurationTarget.Global);
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    await localAws.clearCalls();
    await vscode.commands.executeCommand('apigw.tailStage', prod);
    const [message] = fake.messages('error');
    assert.match(message?.text ?? '', /another connection than the current one.*\(Conflict\)$/);
    assert.deepEqual(
      message?.actions?.map((a) => a.label),
      ['Refresh Explorer', 'Show Log'],
    );
    assert.deepEqual(await localAws.calls(), [], 'nothing was called for the stale node');
  });
});
