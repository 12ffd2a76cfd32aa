// The tail inside a real VS Code, against the local AWS service in its child process: the command starts a tail of a
// stage into its own output channel (what it appends is captured by the test sink), live and by polling, the
// fall-back, the access logging offer, the status bar, stopping, errors that end a tail, trust, and deactivation.
import * as assert from 'node:assert/strict';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import { activateWorkbench, extension, localAwsControl, settings, sleep, untrusted } from '../support/host';
import { confirmations, FakePrompts } from '../support/prompts';
import { ACCESS_GROUP, FUNCTION_GROUP, TAIL_ACCOUNT, tailAccount } from '../support/tailSeed';

const ACCOUNT = TAIL_ACCOUNT;
const ACCESS = ACCESS_GROUP;
const FN = FUNCTION_GROUP;
const CHANNEL = 'API Gateway Tail: orders-api/prod';
const seed = tailAccount;

describe('tail', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  const localAws = localAwsControl();
  const logs = new CloudWatchLogsClient({
    region: 'us-east-1',
    endpoint: process.env.APIGW_TEST_LOCALAWS,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDLOCALAWSTEST', secretAccessKey: 'local-secret' },
  });
  let text = '';
  let ordersId = '';
  let restorePrompts: (() => void) | undefined;
  let sink: vscode.Disposable | undefined;

  const put = (group: string, stream: string, messages: string[]) =>
    logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: messages.map((message) => ({ timestamp: Date.now(), message })),
      }),
    );

  async function until(test: () => boolean, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the channel has:\n${text}`);
      await sleep(50);
    }
  }

  before(async () => {
    wb = await activateWorkbench();
  });

  beforeEach(async () => {
    await localAws.reset(seed());
    await localAws.configure({
      liveTail: { intervalMs: 200, maxEventsPerUpdate: 500, maxSessionMs: 3 * 60 * 60 * 1000 },
    });
    ordersId = (await (await wb.connection.session()).apigw.apis().next()).value!.items.find(
      (a: { Name?: string }) => a.Name === 'orders-api',
    )!.ApiId!;
    text = '';
    sink = wb.onDidWriteOutput(({ channel, text: appended }) => {
      if (channel.startsWith('API Gateway Tail: orders-api/')) text += appended;
    });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('apigw.stopTail', CHANNEL);
    await vscode.commands.executeCommand('apigw.stopTail', 'API Gateway Tail: orders-api/dev');
    sink?.dispose();
    restorePrompts?.();
    restorePrompts = undefined;
    for (const k of ['tail.mode', 'tail.since', 'tail.includeFunctions', 'tail.accessLogRetentionDays'])
      await settings().update(k, undefined, vscode.ConfigurationTarget.Global);
  });

  after(() => logs.destroy());

  it("tails a stage's access logs and Lambda logs live into its own output channel, one aligned line per event", async () => {
    const name = await vscode.commands.executeCommand<string>('apigw.tailStage', {
      apiId: ordersId,
      stageName: 'prod',
    });
    assert.equal(name, CHANNEL);
    await until(() => text.includes('── live tail'), 'the live session');
    assert.match(text, /── Tailing orders-api\/prod \(localaws · us-east-1\) from \d\d:\d\d:\d\d ──/);
    assert.match(text, /^ {3}access {5}\/aws\/apigateway\/orders\/prod {2}\(access logs \(AccessLogSettings\)\)$/m);
    assert.match(text, /^ {3}orders-fn {2}\/aws\/lambda\/orders-fn {2}\(3 routes\)$/m);
    await until(
      () => text.includes('── no earlier events; live from here ──'),
      'the (empty) backfill of apigw.tail.since',
    );
    await put(ACCESS, 'a', [
      JSON.stringify({
        requestId: 'Hx1abc=',
        httpMethod: 'GET',
        routeKey: 'GET /orders/{id}',
        status: '404',
        responseLatency: '7',
        integrationError: '-',
      }),
    ]);
    await put(FN, 'b', ['2024-03-12T10:15:30.123Z\t5f2c\tINFO\torder 42 not found\n']);
    await until(() => text.includes('order 42 not found') && text.includes('Hx1abc='), 'both lines');
    assert.match(text, /^\d\d:\d\d:\d\d\.\d{3} {2}access {5}GET {4}\/orders\/\{id\} {5}404 {5}7 ms {2}Hx1abc=$/m);
    assert.match(
      text,
      /^\d\d:\d\d:\d\d\.\d{3} {2}orders-fn {2}2024-03-12T10:15:30\.123Z\t5f2c\tINFO\torder 42 not found$/m,
    );

    // A real output channel of its own (not the extension's log), shown without taking the focus.
    const docs = () => vscode.workspace.textDocuments.map((d) => decodeURIComponent(d.uri.toString()));
    await until(
      () => docs().some((u) => u.startsWith('output:') && u.includes(CHANNEL)),
      `the channel among ${docs().join(', ')}`,
      8000,
    );
    const [info] = wb.tails.list();
    assert.equal(info?.channel, CHANNEL);
    assert.equal(info?.transport, 'live');
    assert.deepEqual(
      info?.sources.map((s) => s.label),
      ['access', 'orders-fn'],
    );
    assert.match(wb.tails.statusText(), /^\$\(pulse\) orders-api\/prod · \d+ ev\/s$/);
    for (let i = 0; i < 5; i++)
      await put(
        FN,
        'a',
        Array.from({ length: 20 }, (_v, j) => `burst ${i}.${j}`),
      );
    await until(() => wb.tails.list()[0]!.eventsPerSecond > 0, 'a rate in the status bar');

    // Starting it again shows the running tail instead of a second one.
    assert.equal(
      await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'prod' }),
      CHANNEL,
    );
    assert.equal(wb.tails.list().length, 1);
    assert.equal((await localAws.calls({ operation: 'StartLiveTail' })).length, 1);

    await vscode.commands.executeCommand('apigw.stopTail', CHANNEL);
    await until(() => text.includes('■ Tail stopped at'), 'the stop line');
    assert.deepEqual(wb.tails.list(), []);
    assert.equal(wb.tails.statusText(), '');
    for (let i = 0; i < 50 && (await localAws.liveTailSessions()) > 0; i++) await sleep(20);
    assert.equal(await localAws.liveTailSessions(), 0, 'the live session is closed');
  });

  it('polls where the endpoint has no live tail, says so, and passes the filter pattern', async () => {
    await settings().update('tail.since', '0', vscode.ConfigurationTarget.Global);
    await localAws.addFaults([{ operation: 'StartLiveTail', kind: 'html' }]);
    await vscode.commands.executeCommand('apigw.tailStage', {
      apiId: ordersId,
      stageName: 'prod',
      filterPattern: 'ERROR',
    });
    await until(() => text.includes('── polling FilterLogEvents every second'), 'the fall-back');
    assert.match(
      text,
      /polling FilterLogEvents every second: http:\/\/127\.0\.0\.1:\d+ does not support StartLiveTail/,
    );
    assert.match(text, /, filter ERROR ──/);
    await put(FN, 'a', ['ERROR payment declined', 'INFO all good']);
    await until(() => text.includes('ERROR payment declined'), 'the matching line');
    await sleep(1200);
    assert.ok(!text.includes('all good'), 'the filter keeps other lines out');
    assert.equal(wb.tails.list()[0]?.transport, 'poll');
    assert.equal((await localAws.calls({ operation: 'FilterLogEvents' })).at(-1)!.params.filterPattern, 'ERROR');
  });

  it('apigw.tail.mode poll never opens a live session', async () => {
    await settings().update('tail.mode', 'poll', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'prod' });
    await until(() => text.includes('── polling FilterLogEvents every second ──'), 'polling');
    await put(ACCESS, 'b', [
      JSON.stringify({
        requestId: 'poll-1',
        httpMethod: 'POST',
        routeKey: 'POST /orders',
        status: '201',
        responseLatency: '31',
      }),
    ]);
    await until(() => text.includes('poll-1'), 'the polled line');
    assert.equal((await localAws.calls({ operation: 'StartLiveTail' })).length, 0);
  });

  it('offers to turn access logging on in a modal that names the stage, with the retention setting', async () => {
    await settings().update('tail.accessLogRetentionDays', 7, vscode.ConfigurationTarget.Global);
    const fake = confirmations(() => true);
    restorePrompts = wb.usePrompts(fake);
    await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'dev' });
    const asked = fake.asked();
    assert.equal(asked.length, 1);
    assert.match(
      asked[0]![0],
      new RegExp(
        `^Stage dev of orders-api \\(${ordersId}, localaws · us-east-1\\) has no access logging\\. Turn it on to tail its requests\\?$`,
      ),
    );
    assert.equal(asked[0]![1], 'Turn on access logging for dev');
    const stage = await (await wb.connection.session()).apigw.getStage(ordersId, 'dev');
    assert.equal(
      stage.AccessLogSettings?.DestinationArn,
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/apigateway/${ordersId}/dev`,
    );
    assert.ok(JSON.parse(stage.AccessLogSettings!.Format!).integrationError);
    const group = (
      await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/apigateway/${ordersId}/dev` }))
    ).logGroups![0]!;
    assert.equal(group.retentionInDays, 7);
    await until(() => wb.tails.list().some((t) => t.channel === 'API Gateway Tail: orders-api/dev'), 'the tail of dev');
    assert.deepEqual(
      wb.tails
        .list()
        .find((t) => t.channel.endsWith('/dev'))!
        .sources.map((s) => s.label),
      ['access', 'orders-fn'],
    );
  });

  it('declining the offer changes nothing, and tails the functions only', async () => {
    restorePrompts = wb.usePrompts(confirmations(() => false));
    await localAws.clearCalls();
    await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'dev' });
    assert.deepEqual(
      (await localAws.calls()).filter((c) => ['UpdateStage', 'CreateLogGroup'].includes(c.operation)),
      [],
    );
    assert.deepEqual(
      wb.tails.list()[0]?.sources.map((s) => s.label),
      ['orders-fn'],
    );
    await vscode.commands.executeCommand('apigw.stopTail', 'API Gateway Tail: orders-api/dev');
    // Without functions there is nothing to tail: the command fails with a message instead.
    await settings().update('tail.includeFunctions', false, vscode.ConfigurationTarget.Global);
    assert.equal(
      await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'dev' }),
      undefined,
    );
    assert.deepEqual(wb.tails.list(), []);
  });

  it("waits for a function's log group that does not exist yet and tails it once the function has run", async () => {
    // Lambda creates /aws/lambda/<fn> on the function's first invocation: before that the group is waited for.
    await logs.send(new DeleteLogGroupCommand({ logGroupName: FN }));
    await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'prod' });
    await until(() => /── (live tail|polling)/.test(text), 'the tail');
    assert.match(
      text,
      /^ {3}waiting for orders-fn \/aws\/lambda\/orders-fn: no log group yet \(the function has not run\); tailed once it exists$/m,
    );
    await logs.send(new CreateLogGroupCommand({ logGroupName: FN }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: FN, logStreamName: 'first' }));
    await put(FN, 'first', ['2024-03-12T10:15:30.123Z\t7a1e\tINFO\tfirst invocation\n']);
    await until(() => text.includes('first invocation'), "the function's first line", 20_000);
    assert.match(text, /^\d\d:\d\d:\d\d\.\d{3} {2}orders-fn {2}.*first invocation$/m);
    assert.equal(wb.tails.list().length, 1, 'the tail goes on');
  });

  it('ends the tail with an actionable message when its log group is deleted', async () => {
    await settings().update('tail.mode', 'poll', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'prod' });
    await until(() => text.includes('── polling'), 'polling');
    await logs.send(new DeleteLogGroupCommand({ logGroupName: FN }));
    await until(() => text.includes('■ Tail stopped:'), 'the end of the tail');
    assert.match(
      text,
      /■ Tail stopped: Log group \/aws\/lambda\/orders-fn does not exist \(any more\)\. It may have been deleted: start the tail again/,
    );
    assert.deepEqual(wb.tails.list(), []);
  });

  it('cannot tail in an untrusted workspace: one standard refusal, no call', async () => {
    const fake = new FakePrompts({ confirm: () => true });
    await localAws.clearCalls();
    assert.equal(
      await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.tailStage', { apiId: ordersId, stageName: 'prod' }),
      undefined,
    );
    assert.deepEqual(await localAws.calls(), []);
    assert.deepEqual(wb.tails.list(), []);
    assert.match(fake.messages('warning')[0]?.text ?? '', /^Tail Stage Logs is turned off in Restricted Mode/);
    const pkg = extension().packageJSON as {
      contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
    };
    for (const menu of ['commandPalette', 'view/item/context']) {
      assert.match(
        pkg.contributes.menus[menu]!.find((m) => m.command === 'apigw.tailStage')!.when ?? '',
        /isWorkspaceTrusted/,
        menu,
      );
    }
  });

  // Last: disposing the manager is what deactivation does, and leaves it unusable.
  it('stops every tail when the extension deactivates', async () => {
    await vscode.commands.executeCommand('apigw.tailStage', { apiId: ordersId, stageName: 'prod' });
    await until(() => text.includes('── live tail'), 'the live session');
    assert.equal(await localAws.liveTailSessions(), 1);
    wb.tails.dispose();
    for (let i = 0; i < 100 && (await localAws.liveTailSessions()) > 0; i++) await sleep(20);
    assert.equal(await localAws.liveTailSessions(), 0);
  });
});
