// Issue 11, "Done when" #3: every CLI command, in-process through main() and as the built dist/cli.js, against the
// local AWS service with secrets planted everywhere a careless setup has them: the environment (keys, session token),
// the shared files (keys, session token, endpoint_url with a password, a credential_process with a secret argument and
// one that fails printing a secret), the endpoint URL's userinfo, the service's answers (the echo fault, as lines and
// as JSON, on the first call and on late ones) and the log lines a tail prints. None of them may reach stdout or
// stderr. Each case says which canary leaked and where.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { main } from '../../src/cli/main';
import { quickSessionOptions } from '../localaws/sessions';
import type { FaultRule } from '../localaws/faults';
import { useLocalAws } from '../localaws/fixture';
import { promotionAccount, type SeedFile } from '../localaws/seed';
import { bufferIo } from './cliHelpers';
import { exampleFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';

const ORDERS = exampleFiles().find((f) => f.includes('orders'))!;
/** An OpenAPI document naming a VPC link by id: apigw import reads the account's VPC links for it. */
const PRIVATE_OPENAPI = path.join(REPO_ROOT, 'test', 'fixtures', 'openapi', 'aws-docs-private-integration.yaml');
const IMPORTED = path.join(os.tmpdir(), `apigw-canary-import-${process.pid}.apigw.yaml`);
const CHAT = exampleFiles().find((f) => f.includes('chat'))!;
const ACCESS_GROUP = '/aws/apigateway/orders/prod';
const FUNCTION_GROUP = '/aws/lambda/orders-fn';

/** Distinct words inside every planted secret: none may appear in any output. */
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
  'CANARYURLPASS',
  'CANARYFILEURLPASS',
  'CANARYLOGBEARER',
  'CANARYLOGTOKEN',
  'CANARYLOGCOOKIE',
];
/** What signed requests carry and a careless answer quotes back. */
const SIGNING = [/Signature=[0-9a-f]{8}/, /AWS4-HMAC-SHA256 Credential/];

// Secret-shaped values are built at run time, so that nothing shaped like a real credential is committed.
const env = {
  key: `AKIA${'CANARYENVKEY0001'}`,
  secret: `CANARYENVSECRET/${'e'.repeat(24)}`,
  token: `IQoJb3JpZ2lu${'CANARYENVTOKEN'}${'A'.repeat(120)}`,
};
const file = {
  key: `AKIA${'CANARYFILEKEY001'}`,
  secret: `CANARYFILESECRET${'f'.repeat(24)}`,
  // No known token prefix: only its key name (x-amz-security-token) gives it away.
  token: `AgoCANARYFILETOKEN${'b'.repeat(120)}`,
};
const proc = {
  key: `AKIA${'CANARYPROCKEY001'}`,
  secret: `CANARYPROCSECRET${'p'.repeat(24)}`,
  token: `FwoGZXIvYXdz${'CANARYPROCTOKEN'}${'c'.repeat(100)}`,
};
/**
 * A log line as a Lambda function that logs its event prints it (headers, cookie), followed by raw escape sequences
 * (an OSC 8 link, clear screen, a bidi override) that must reach a terminal only as text.
 */
const LOG_LINE = `${JSON.stringify({
  headers: {
    authorization: 'Bearer CANARYLOGBEARER-1234',
    'x-amz-security-token': `CANARYLOGTOKEN${'d'.repeat(40)}`,
    cookie: 'session=CANARYLOGCOOKIE',
  },
})} \u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\u001b[2J\u202etxt.exe`;
/** Raw control and bidi characters: a terminal would act on them. */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

interface Scenario {
  name: string;
  /** CLI arguments that choose the credentials and the endpoint. */
  args: (endpoint: string) => string[];
  /** Whether the credentials work (the failing credential_process does not). */
  works: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'environment keys, endpoint URL with a password',
    args: (endpoint) => ['--endpoint-url', endpoint.replace('http://', 'http://apigw:CANARYURLPASS@')],
    works: true,
  },
  {
    name: 'profile with keys and a session token in the shared files',
    args: () => ['--profile', 'canary-keys'],
    works: true,
  },
  {
    name: 'profile with a credential_process that has a secret argument',
    args: () => ['--profile', 'canary-process'],
    works: true,
  },
  {
    name: 'profile whose credential_process fails printing a secret',
    args: () => ['--profile', 'canary-failing'],
    works: false,
  },
];

interface Command {
  name: string;
  args: string[];
  /** Operations an 'echo' fault hits late in the command (after its first calls succeed). */
  late: string[];
}

const COMMANDS: Command[] = [
  { name: 'validate', args: ['validate', ORDERS, CHAT], late: [] },
  { name: 'plan', args: ['plan', ORDERS, '--stage', 'prod'], late: ['GetIntegrations'] },
  { name: 'plan --format json', args: ['plan', CHAT, '--format', 'json'], late: ['GetApis'] },
  {
    name: 'deploy',
    args: ['deploy', CHAT, '--stage', 'dev', '--yes', '--confirm-stage', 'prod'],
    late: ['CreateDeployment'],
  },
  { name: 'pull', args: ['pull', '--api', 'orders-api', '--format', 'json'], late: ['GetRoutes'] },
  {
    name: 'promote',
    args: ['promote', '--api', 'orders-api', '--from', 'dev', '--to', 'prod', '--yes', '--confirm-stage', 'prod'],
    late: ['UpdateStage'],
  },
  {
    name: 'rollback',
    args: ['rollback', '--api', 'orders-api', '--stage', 'dev', '--to', '__DEPLOYMENT__', '--yes'],
    late: ['UpdateStage'],
  },
  {
    name: 'tail',
    args: ['tail', '--api', 'orders-api', '--stage', 'prod', '--mode', 'poll', '--since', '5m'],
    late: ['DescribeLogGroups'],
  },
  {
    name: 'metrics',
    args: ['metrics', '--api', 'orders-api', '--stage', 'prod', '--since', '1h', '--fail-on', '5xx-rate>99%'],
    late: ['GetMetricData'],
  },
  { name: 'import', args: ['import', PRIVATE_OPENAPI, '-o', IMPORTED], late: [] },
  { name: 'export', args: ['export', ORDERS, '--stage', 'prod'], late: [] },
];

/** The service's answers: none, every call echoing the request (as lines, as JSON), late calls echoing it. */
function faultModes(c: Command, status: number): Array<{ name: string; faults: FaultRule[] }> {
  return [
    { name: 'no fault', faults: [] },
    { name: 'every call echoes the request', faults: [{ operation: '*', kind: 'echo', status }] },
    { name: 'every call echoes it as JSON', faults: [{ operation: '*', kind: 'echo', echo: 'json', status }] },
    ...(c.late.length
      ? [
          {
            name: `${c.late.join(', ')} echoes it`,
            faults: c.late.map((operation) => ({ operation, kind: 'echo' as const, status })),
          },
        ]
      : []),
  ];
}

function seed(): SeedFile {
  const s = promotionAccount();
  const orders = s.apis!.find((a) => a.name === 'orders-api')!;
  orders.stages = orders.stages!.map((st) =>
    st.stageName === 'prod'
      ? {
          ...st,
          accessLogSettings: {
            destinationArn: `arn:aws:logs:us-east-1:123456789012:log-group:${ACCESS_GROUP}:*`,
            format: '{"requestId":"$context.requestId"}',
          },
        }
      : st,
  );
  // The VPC link the OpenAPI document names by id (apigw import), and one the example spec names (apigw export).
  s.vpcLinks = [
    ...(s.vpcLinks ?? []),
    { name: 'alb-link', subnetIds: ['subnet-0a1b2c3d4e5f60718'], vpcLinkId: 'abc123' },
    { name: 'internal', subnetIds: ['subnet-0a1b2c3d4e5f60718'] },
  ];
  s.logGroups = [ACCESS_GROUP, FUNCTION_GROUP].map((logGroupName) => ({
    logGroupName,
    streams: [{ logStreamName: 's', events: [{ timestamp: Date.now() - 60_000, message: LOG_LINE }] }],
  }));
  return s;
}

/** Which canaries (or signing material) an output holds. */
function leaks(text: string): string[] {
  return [
    ...CANARIES.filter((c) => text.includes(c)),
    ...SIGNING.filter((re) => re.test(text)).map(String),
    ...(TERMINAL_CONTROL.test(text) ? ['a raw control character'] : []),
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('canaries: no secret reaches any CLI output', () => {
  const aws = useLocalAws({ config: { liveTail: { intervalMs: 100, maxEventsPerUpdate: 500, maxSessionMs: 60_000 } } });
  let dir: string;
  let logs: CloudWatchLogsClient;
  const saved = { ...process.env };
  let plantedEnv: NodeJS.ProcessEnv;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-canary-'));
    const node = JSON.stringify(process.execPath);
    const printCreds = `console.log(JSON.stringify({Version:1,AccessKeyId:'${proc.key}',SecretAccessKey:'${proc.secret}',SessionToken:'${proc.token}'}))`;
    const fileEndpoint = aws.endpoint.replace('http://', 'http://apigw:CANARYFILEURLPASS@');
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        '[profile canary-keys]',
        'region = us-east-1',
        `endpoint_url = ${fileEndpoint}`,
        '',
        '[profile canary-process]',
        'region = us-east-1',
        `endpoint_url = ${fileEndpoint}`,
        `credential_process = ${node} -e "${printCreds}" -- --client-secret CANARYPROCARG`,
        '',
        '[profile canary-failing]',
        'region = us-east-1',
        `endpoint_url = ${fileEndpoint}`,
        `credential_process = ${node} -e "process.stderr.write('login refused: --client-secret CANARYPROCERR\\n'); process.exit(5)" -- --client-secret CANARYPROCARG`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      `[canary-keys]\naws_access_key_id = ${file.key}\naws_secret_access_key = ${file.secret}\naws_session_token = ${file.token}\n`,
    );
    plantedEnv = {
      ...saved,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_ACCESS_KEY_ID: env.key,
      AWS_SECRET_ACCESS_KEY: env.secret,
      AWS_SESSION_TOKEN: env.token,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    delete plantedEnv.AWS_PROFILE;
    delete plantedEnv.AWS_ENDPOINT_URL;
    delete plantedEnv.AWS_DEFAULT_REGION;
    // The SDK's providers read process.env: the secrets are planted there (this file runs in its own process).
    process.env = { ...plantedEnv };
    logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: aws.endpoint,
      credentials: { accessKeyId: 'AKIDCANARYHELPER', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  });
  after(() => {
    process.env = saved;
    logs.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(IMPORTED, { force: true });
  });

  /** A fresh account; the deployment rollback goes back to is the one prod runs. */
  async function prepare(faults: FaultRule[]): Promise<{ deployment: string }> {
    // A spec left by an earlier import would be the base of the next, which then needs no VPC link from AWS.
    fs.rmSync(IMPORTED, { force: true });
    await aws.reset(seed());
    const api = [...aws.regionState('us-east-1').apis.values()].find((a) => a.api.name === 'orders-api')!;
    if (faults.length) await aws.addFaults(faults);
    return { deployment: String(api.stages.get('prod')!.deploymentId) };
  }

  const argsFor = (c: Command, s: Scenario, deployment: string) => [
    ...c.args.map((a) => (a === '__DEPLOYMENT__' ? deployment : a)),
    ...(c.name === 'validate' ? [] : s.args(aws.endpoint)),
  ];

  /**
   * `apigw tail` prints until it is stopped; in-process, main() has no stop signal, so the tail is ended the way a
   * deleted log group ends it, once the planted log line had its chance to be printed.
   */
  async function endTailWhenPrinted(out: { stdout: string; stderr: string }, done: () => boolean): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!done() && Date.now() < deadline && !out.stdout.includes('headers')) await sleep(50);
    if (done()) return;
    await aws.clearFaults();
    for (const group of [ACCESS_GROUP, FUNCTION_GROUP])
      await logs.send(new DeleteLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  }

  async function inProcess(c: Command, s: Scenario, faults: FaultRule[]): Promise<{ code: number; text: string }> {
    const { deployment } = await prepare(faults);
    const { out, io } = bufferIo({
      extra: {
        env: { ...plantedEnv },
        // Real credential providers (nothing injected); only backoff and pacing are shortened.
        sessionOptions: quickSessionOptions(2),
      },
    });
    let finished = false;
    const run = main(argsFor(c, s, deployment), io).finally(() => (finished = true));
    if (c.name === 'tail') await endTailWhenPrinted(out, () => finished);
    const code = await run;
    return { code, text: `${out.stdout}\n--- stderr ---\n${out.stderr}` };
  }

  /** Every mode with the first scenario; the other credential sources with one echo form each, and the late echo. */
  function modesFor(s: Scenario, c: Command): Array<{ name: string; faults: FaultRule[] }> {
    const [none, lines, json, ...late] = faultModes(c, 500);
    const i = SCENARIOS.indexOf(s);
    if (!s.works) return [none!];
    return i === 0 ? [none!, lines!, json!, ...late] : [none!, i === 1 ? lines! : json!, ...late];
  }

  for (const s of SCENARIOS)
    describe(`in-process, ${s.name}`, () => {
      for (const c of COMMANDS)
        it(`apigw ${c.name}`, { timeout: 180_000 }, async () => {
          const found: string[] = [];
          for (const mode of modesFor(s, c)) {
            const r = await inProcess(c, s, mode.faults);
            const leaked = leaks(r.text);
            if (leaked.length)
              found.push(`${mode.name} (exit ${r.code}): ${leaked.join(', ')}\n${r.text.slice(0, 1500)}`);
            if (c.name !== 'validate' && mode.faults.length === 0 && s.works && c.name !== 'tail')
              assert.equal(r.code, 0, `${mode.name}: ${r.text.slice(0, 800)}`);
          }
          assert.deepEqual(found, [], found.join('\n\n'));
        });
    });

  describe('the built dist/cli.js', () => {
    const bin = path.join(REPO_ROOT, 'dist', 'cli.js');

    async function binary(
      c: Command,
      s: Scenario,
      faults: FaultRule[],
    ): Promise<{ code: number | null; text: string }> {
      const { deployment } = await prepare(faults);
      const child = spawn(process.execPath, [bin, ...argsFor(c, s, deployment)], {
        env: plantedEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      if (c.name === 'tail') {
        // Until the planted log line is printed (or the tail ends), then Ctrl+C, as a person would.
        const deadline = Date.now() + 20_000;
        while (child.exitCode === null && Date.now() < deadline && !stdout.includes('headers')) await sleep(50);
        if (child.exitCode === null) child.kill('SIGINT');
      }
      const code = await exited;
      return { code, text: `${stdout}\n--- stderr ---\n${stderr}` };
    }

    before(() => assert.ok(fs.existsSync(bin), 'npm test builds dist/cli.js first'));

    for (const c of COMMANDS)
      it(`apigw ${c.name}`, { timeout: 300_000 }, async () => {
        const found: string[] = [];
        // 400s are not retried: the process runs with the SDK's real backoff, and the echo is the same.
        const runs: Array<[Scenario, { name: string; faults: FaultRule[] }]> = [
          [SCENARIOS[0]!, faultModes(c, 400)[0]!],
          [SCENARIOS[0]!, faultModes(c, 400)[2]!],
          [SCENARIOS[1]!, faultModes(c, 400)[1]!],
          [SCENARIOS[2]!, faultModes(c, 400).at(-1)!],
          [SCENARIOS[3]!, faultModes(c, 400)[0]!],
        ];
        for (const [s, mode] of c.name === 'validate' ? runs.slice(0, 1) : runs) {
          const r = await binary(c, s, mode.faults);
          const leaked = leaks(r.text);
          if (leaked.length)
            found.push(`${s.name}, ${mode.name} (exit ${r.code}): ${leaked.join(', ')}\n${r.text.slice(0, 1500)}`);
        }
        assert.deepEqual(found, [], found.join('\n\n'));
      });
  });
});
