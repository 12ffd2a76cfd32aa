// src/aws against the local AWS service: every adapter call, pagination across pages, the error mapper, the pacer
// under a burst, retries through injected 429s and 500s, client reuse, profiles and endpoint resolution.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { listProfiles, resolveConnection } from '../../src/aws/profiles';
import { SessionPool } from '../../src/aws/session';
import { all, firstPage } from '../../src/aws/paginate';
import { APIGW_LIMITS, Pacer } from '../../src/aws/pacer';
import { iamAction, toWorkbenchError } from '../../src/aws/errors';
import { isWorkbenchError, type WorkbenchError } from '../../src/core/errors';
import { TEST_CREDENTIALS, testConnection } from '../localaws/connection';
import { FAST_PACING } from '../localaws/sessions';
import { closedEndpoint, useLocalAws, useTestSessions } from '../localaws/fixture';
import { chatApi, manyApis, ordersApi } from '../localaws/seed';
import { virtualClock } from './clocks';
import { until } from './helpers';

async function code(p: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(isWorkbenchError(err), `not a WorkbenchError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

describe('aws adapters against the local service', () => {
  const aws = useLocalAws({ reset: () => ({ apis: [ordersApi(), chatApi(), ...manyApis(23)] }) });
  const sessions = useTestSessions(aws, { maxAttempts: 3 });

  it('lists APIs page by page as an async generator, one call per page', async () => {
    const s = sessions.session();
    await aws.clearCalls();
    const pages: number[] = [];
    for await (const p of s.apigw.apis({ pageSize: 10 })) pages.push(p.items.length);
    assert.deepEqual(pages, [10, 10, 5]);
    assert.equal((await aws.calls({ operation: 'GetApis' })).length, 3);
    const first = await firstPage(s.apigw.apis({ pageSize: 10 }));
    assert.equal(first.items.length, 10);
    assert.ok(first.nextToken);
    const rest = await all(s.apigw.apis({ pageSize: 10, nextToken: first.nextToken }));
    assert.equal(rest.length, 15);
    assert.equal((await aws.calls({ operation: 'GetApis' })).length, 6);
  });

  it('reads every resource family and deletes routes, integrations and stages', async () => {
    const s = sessions.session();
    const apis = await all(s.apigw.apis());
    const orders = apis.find((a) => a.Name === 'orders-api')!;
    const chat = apis.find((a) => a.Name === 'chat')!;
    const id = orders.ApiId!;
    const routes = await all(s.apigw.routes(id, { pageSize: 3 }));
    assert.equal(routes.length, 4);
    const integrations = await all(s.apigw.integrations(id, { pageSize: 1 }));
    assert.equal(integrations.length, 2);
    assert.equal((await all(s.apigw.authorizers(id)))[0]!.Name, 'cognito');
    const stages = await all(s.apigw.stages(id));
    assert.deepEqual(
      stages.map((x) => x.StageName),
      ['dev', 'prod'],
    );
    const deployments = await all(s.apigw.deployments(id));
    assert.equal(deployments.length, 1);
    assert.equal((await s.apigw.getApi(id)).Name, 'orders-api');
    assert.equal((await s.apigw.getStage(id, 'prod')).Description, 'production');
    assert.equal((await s.apigw.getRoute(id, routes[0]!.RouteId!)).RouteKey, routes[0]!.RouteKey);
    assert.equal((await s.apigw.getIntegration(id, integrations[0]!.IntegrationId!)).IntegrationType, 'AWS_PROXY');
    assert.equal((await s.apigw.getDeployment(id, deployments[0]!.DeploymentId!)).Description, 'first release');
    assert.deepEqual(await s.apigw.getTags(`arn:aws:apigateway:us-east-1::/apis/${id}`), { team: 'orders' });
    assert.equal((await all(s.apigw.routes(chat.ApiId!))).length, 4);
    assert.deepEqual(await all(s.apigw.vpcLinks()), []);
    assert.deepEqual(await all(s.apigw.domainNames()), []);

    const legacy = routes.find((r) => r.RouteKey === 'ANY /legacy/{proxy+}')!;
    await s.apigw.deleteRoute(id, legacy.RouteId!);
    await s.apigw.deleteIntegration(id, legacy.Target!.split('/')[1]!);
    await s.apigw.deleteStage(id, 'dev');
    assert.equal((await all(s.apigw.routes(id))).length, 3);
    assert.equal((await all(s.apigw.integrations(id))).length, 1);
    assert.deepEqual(
      (await all(s.apigw.stages(id))).map((x) => x.StageName),
      ['prod'],
    );
  });

  it('creates and updates what deploy needs', async () => {
    const s = sessions.session();
    const api = await s.apigw.createApi({ Name: 'new', ProtocolType: 'HTTP', Tags: { 'apigw:spec': 'x' } });
    const integ = await s.apigw.createIntegration(api.ApiId!, {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://example.com',
      IntegrationMethod: 'GET',
    });
    const route = await s.apigw.createRoute(api.ApiId!, {
      RouteKey: 'GET /',
      Target: `integrations/${integ.IntegrationId}`,
    });
    await s.apigw.updateRoute(api.ApiId!, route.RouteId!, { RouteKey: 'GET /x' });
    await s.apigw.createStage(api.ApiId!, { StageName: 'dev' });
    const d = await s.apigw.createDeployment(api.ApiId!, { StageName: 'dev', Description: 'spec abc' });
    assert.equal((await s.apigw.getStage(api.ApiId!, 'dev')).DeploymentId, d.DeploymentId);
    await s.apigw.tagResource(`arn:aws:apigateway:us-east-1::/apis/${api.ApiId}/stages/dev`, {
      history: d.DeploymentId!,
    });
    assert.deepEqual(await s.apigw.getTags(`arn:aws:apigateway:us-east-1::/apis/${api.ApiId}/stages/dev`), {
      history: d.DeploymentId,
    });
    assert.equal((await s.apigw.updateStage(api.ApiId!, 'dev', { Description: 'changed' })).Description, 'changed');
    assert.equal((await s.callerIdentity()).account, '123456789012');
  });

  it('maps errors once: NotFound, Conflict, BadRequest, AccessDenied naming the action, ExpiredToken, Throttled', async () => {
    const s = sessions.session({ connection: { profile: 'work', profileKind: 'sso' } });
    const api = (await all(s.apigw.apis())).find((a) => a.Name === 'orders-api')!;
    let e = await code(s.apigw.getApi('missing'));
    assert.equal(e.code, 'NotFound');
    e = await code(s.apigw.createRoute(api.ApiId!, { RouteKey: 'GET /orders' }));
    assert.equal(e.code, 'Conflict');
    assert.match(e.message, /GET \/orders already exists/);
    e = await code(s.apigw.createStage(api.ApiId!, { StageName: 'dev' }));
    assert.equal(e.code, 'Conflict');
    e = await code(s.apigw.createRoute(api.ApiId!, { RouteKey: 'NOPE /x' }));
    assert.equal(e.code, 'BadRequest');

    await aws.addFaults([
      {
        operation: 'GetStages',
        kind: 'error',
        status: 403,
        code: 'AccessDeniedException',
        times: 1,
        message:
          'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/apis/x/stages',
      },
    ]);
    e = await code(all(s.apigw.stages(api.ApiId!)));
    assert.equal(e.code, 'AccessDenied');
    assert.match(e.message, /apigateway:GET on arn:aws:apigateway:us-east-1::\/apis\/x\/stages/);
    assert.match(e.hint!, /apigateway:GET/);

    await aws.addFaults([
      {
        operation: 'GetRoutes',
        kind: 'error',
        status: 403,
        code: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        times: 1,
      },
    ]);
    e = await code(all(s.apigw.routes(api.ApiId!)));
    assert.equal(e.code, 'ExpiredToken');
    assert.match(e.hint!, /aws sso login --profile work/);
    assert.deepEqual(e.fix, { label: 'Sign in with aws sso login', copyText: 'aws sso login --profile work' });

    await aws.addFaults([{ operation: 'GetIntegrations', kind: 'throttle' }]);
    e = await code(all(s.apigw.integrations(api.ApiId!)));
    assert.equal(e.code, 'Throttled');
    assert.equal((await aws.calls({ operation: 'GetIntegrations' })).length, 3, 'the SDK retried up to maxAttempts');
  });

  it('maps an unreachable endpoint to Network and an HTML answer to Unsupported', async () => {
    const endpoint = await closedEndpoint();
    const e1 = await code(
      sessions.session({ maxAttempts: 1, connection: { endpointUrl: endpoint } }).apigw.getApi('x'),
    );
    assert.equal(e1.code, 'Network');
    assert.match(e1.message, new RegExp(endpoint.replace(/[.]/g, '\\.')));
    assert.match(e1.hint!, /apigw\.endpointUrl/);

    await aws.addFaults([{ operation: 'GetApis', kind: 'html' }]);
    const e2 = await code(firstPage(sessions.session({ maxAttempts: 1 }).apigw.apis()));
    assert.equal(e2.code, 'Unsupported');
    assert.match(e2.message, /does not support GetApis/);
  });

  it('an endpoint that answers any operation with an HTML page (404 or 500) is Unsupported, naming the operation (issue 11, item 7)', async () => {
    const s = sessions.session({ maxAttempts: 1 });
    const api = (await all(s.apigw.apis())).find((a) => a.Name === 'orders-api')!;
    await aws.addFaults([{ operation: '*', kind: 'html', status: 404 }]);
    const cases: Array<[string, Promise<unknown>]> = [
      ['CreateDeployment', s.apigw.createDeployment(api.ApiId!, { StageName: 'dev' })],
      ['GetApis', firstPage(s.apigw.apis())],
      ['DeleteRoute', s.apigw.deleteRoute(api.ApiId!, 'x')],
      ['DescribeLogGroups', all(s.logs.logGroups('/aws/'))],
      ['GetCallerIdentity', s.callerIdentity()],
    ];
    for (const [operation, p] of cases) {
      const e = await code(p);
      assert.equal(e.code, 'Unsupported', `${operation}: ${e.message}`);
      assert.equal(
        e.message,
        `The endpoint at ${aws.endpoint} does not support ${operation}: it answered HTTP 404 with an HTML page, not an AWS response.`,
      );
      assert.doesNotMatch(e.message, /Unexpected token|Deserialization|\$response/);
      assert.deepEqual(e.fix, { label: 'Open the apigw.endpointUrl setting', setting: 'apigw.endpointUrl' });
    }
  });

  it('a 500 whose message echoes the request keeps its secrets out of the mapped error (issue 11, item 3)', async () => {
    const token = `IQoJb3JpZ2lu${'CANARYSESSION'.repeat(8)}`;
    const s = sessions.session({
      maxAttempts: 1,
      credentials: async () => ({
        accessKeyId: 'AKIDCANARYKEYID',
        secretAccessKey: 'CANARYSECRET',
        sessionToken: token,
      }),
    });
    const calls = () => [firstPage(s.apigw.apis()), all(s.logs.logGroups('/aws/')), s.callerIdentity()];
    await aws.addFaults([{ operation: '*', kind: 'echo', times: 3 }]);
    const asLines = await Promise.all(calls().map(code));
    await aws.addFaults([{ operation: '*', kind: 'echo', echo: 'json' }]);
    const asJson = await Promise.all(calls().map(code));
    for (const e of [...asLines, ...asJson]) {
      assert.equal(e.code, 'Unknown');
      for (const text of [e.message, e.hint ?? '']) {
        assert.doesNotMatch(text, /CANARY/);
        assert.doesNotMatch(text, /Signature=[0-9a-f]/);
      }
      assert.match(e.message, /x-amz-security-token/i, 'the message still says what the service said');
      assert.ok(e.message.length < 600, 'one line, cut short');
    }
  });

  it('never shows the password of an endpoint URL', async () => {
    const endpoint = (await closedEndpoint()).replace('http://', 'http://user:CANARYPASSWORD@');
    const e = await code(sessions.session({ maxAttempts: 1, connection: { endpointUrl: endpoint } }).apigw.getApi('x'));
    assert.equal(e.code, 'Network');
    assert.doesNotMatch(`${e.message} ${e.hint}`, /CANARYPASSWORD/);
    assert.match(e.message, /http:\/\/user:\*\*\*\*@127\.0\.0\.1/);
  });

  it('maps a failing credential provider to NoCredentials, and an expired SSO session to ExpiredToken with the login line', async () => {
    const noCreds = sessions.session({
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    const e1 = await code(noCreds.apigw.getApi('x'));
    assert.equal(e1.code, 'NoCredentials');
    assert.match(e1.hint!, /Select Profile/);
    const s = sessions.session({
      connection: { profile: 'corp' },
      credentials: async () => {
        throw Object.assign(
          new Error(
            'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
          ),
          { name: 'CredentialsProviderError' },
        );
      },
    });
    const e2 = await code(s.checkCredentials());
    assert.equal(e2.code, 'ExpiredToken');
    assert.match(e2.hint!, /aws sso login --profile corp/);
    assert.equal(
      (
        await code(
          Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })).catch((e: unknown) => {
            throw toWorkbenchError(e, { operation: 'GetApis', service: 'apigateway', profile: 'p', region: 'r' });
          }),
        )
      ).code,
      'Cancelled',
    );
    assert.equal(iamAction('apigateway', 'DeleteRoute'), 'apigateway:DELETE');
    assert.equal(iamAction('logs', 'FilterLogEvents'), 'logs:FilterLogEvents');
  });

  it('retries through injected 429s, 500s and dropped connections (the SDK standard retry strategy)', async () => {
    const s = sessions.session();
    await aws.addFaults([
      { operation: 'GetApis', kind: 'throttle', nth: 1 },
      { operation: 'GetApis', kind: 'error', nth: 2 },
      { operation: 'GetRoutes', kind: 'drop', nth: 1 },
    ]);
    await aws.clearCalls();
    const apis = await all(s.apigw.apis({ pageSize: 100 }));
    assert.equal(apis.length, 25);
    assert.deepEqual(
      (await aws.calls({ operation: 'GetApis' })).map((c) => c.status),
      [429, 500, 200],
    );
    const routes = await all(s.apigw.routes(apis.find((a) => a.Name === 'orders-api')!.ApiId!));
    assert.equal(routes.length, 4);
    assert.deepEqual(
      (await aws.calls({ operation: 'GetRoutes' })).map((c) => c.fault ?? c.status),
      ['drop', 200],
    );
  });

  it('every API Gateway call of a session waits for the pacer: a burst of 60 takes the refill of 20 tokens', async () => {
    // Whether the pacer keeps within AWS's quota is decided in pacer.test.ts; here the wiring, on a virtual clock
    // that moves only when a call waits at the session's pacer.
    const clock = virtualClock();
    const s = sessions.session({ maxAttempts: 1, pacing: APIGW_LIMITS, pacerClock: clock });
    const api = (await firstPage(s.apigw.apis({ pageSize: 1 }))).items[0]!;
    await aws.clearCalls();
    await Promise.all(Array.from({ length: 60 }, () => s.apigw.getApi(api.ApiId!)));
    assert.equal((await aws.calls()).length, 60);
    // 39 tokens were left after the first call: the other 21 waited for 21 tokens at 9.5/s, about 2.2 s.
    assert.ok(clock.t >= 2100 && clock.t <= 2300, `waited ${clock.t} ms`);
  });

  it('one set of clients per (profile, region, endpoint), reused', () => {
    const pool = sessions.pool();
    const a = pool.get(testConnection(aws.endpoint));
    assert.equal(pool.get(testConnection(aws.endpoint)), a);
    assert.notEqual(pool.get(testConnection(aws.endpoint, { region: 'eu-west-1' })), a);
    assert.equal(pool.size, 2);
  });

  it('logs adapter: groups, FilterLogEvents pages and a live tail session through the overridden endpoint', async () => {
    await aws.reset({
      logGroups: [
        {
          logGroupName: '/aws/lambda/fn',
          streams: [{ logStreamName: 's', events: [1, 2, 3].map((i) => ({ timestamp: 1000 + i, message: `m${i}` })) }],
        },
      ],
    });
    await aws.configure({ liveTail: { intervalMs: 50, maxEventsPerUpdate: 500, maxSessionMs: 60_000 } });
    const s = sessions.session();
    assert.deepEqual(
      (await all(s.logs.logGroups('/aws/'))).map((g) => g.logGroupName),
      ['/aws/lambda/fn'],
    );
    const pages: string[][] = [];
    for await (const p of s.logs.filterLogEvents('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*', {
      pageSize: 2,
    }))
      pages.push(p.items.map((e) => e.message!));
    assert.deepEqual(pages, [['m1', 'm2'], ['m3']]);
    const ac = new AbortController();
    const seen: string[] = [];
    const tail = (async () => {
      for await (const ev of s.logs.startLiveTail(['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*'], {
        signal: ac.signal,
      })) {
        if (ev.kind === 'start') await aws.seed({ logGroups: [] }).then(() => undefined);
        if (ev.kind === 'update') {
          seen.push(...ev.update.sessionResults!.map((r) => r.message!));
          break;
        }
      }
    })();
    await until(async () => (await aws.liveTailSessions()) > 0, 'the live tail session');
    const { CloudWatchLogsClient, PutLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const raw = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: aws.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    await raw.send(
      new PutLogEventsCommand({
        logGroupName: '/aws/lambda/fn',
        logStreamName: 's',
        logEvents: [{ timestamp: Date.now(), message: 'live!' }],
      }),
    );
    await tail;
    ac.abort();
    assert.deepEqual(seen, ['live!']);
  });
});

describe('pacer', () => {
  it('spends the burst at once, then spaces calls at the rate, and spaces CreateDeployment per its own limit', async () => {
    let now = 0;
    const sent: Array<[string, number]> = [];
    const p = new Pacer(
      { rate: 10, burst: 3, perOperation: { CreateDeployment: 5000 } },
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    const go = async (op: string) => {
      await p.acquire(op);
      sent.push([op, now]);
    };
    await Promise.all([go('GetApis'), go('GetApis'), go('GetApis'), go('GetApis'), go('GetApis')]);
    assert.deepEqual(
      sent.map(([, t]) => t),
      [0, 0, 0, 100, 200],
    );
    await go('CreateDeployment');
    await go('CreateDeployment');
    await go('GetRoutes');
    const deployments = sent.filter(([op]) => op === 'CreateDeployment').map(([, t]) => t);
    assert.equal(deployments[1]! - deployments[0]!, 5000);
    assert.ok(
      sent.at(-1)![1] <= deployments[1]! + 100,
      'other operations are not held back by the per-operation spacing',
    );
  });

  it('stops waiting when the signal aborts', async () => {
    const p = new Pacer({ rate: 0.001, burst: 1, perOperation: {} });
    await p.acquire('GetApis');
    const ac = new AbortController();
    const waiting = p.acquire('GetApis', ac.signal);
    ac.abort();
    await assert.rejects(waiting, (e: Error) => e.name === 'CancelledError');
  });
});

describe('profiles and connection resolution', () => {
  const aws = useLocalAws({ reset: {} });
  let dir: string;
  const saved = { ...process.env };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-profiles-'));
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        '[default]',
        'region = eu-central-1',
        '',
        '[profile local]',
        'region = eu-west-1',
        'endpoint_url = http://127.0.0.1:4566',
        "credential_process = node -e \"console.log(JSON.stringify({Version:1,AccessKeyId:'AKIDPROCESS',SecretAccessKey:'s'}))\"",
        '',
        '[profile corp]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Dev',
        'region = us-west-2',
        '',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '',
        '[profile admin]',
        'role_arn = arn:aws:iam::111122223333:role/Admin',
        'source_profile = default',
        'mfa_serial = arn:aws:iam::111122223333:mfa/me',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n',
    );
  });
  beforeEach(() => {
    process.env = {
      ...saved,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    };
    for (const k of [
      'AWS_PROFILE',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_ENDPOINT_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ])
      delete process.env[k];
  });
  after(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists profiles from both shared files with their kind, region and endpoint_url', async () => {
    const profiles = await listProfiles();
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? '', p.mfa]),
      [
        ['default', 'keys', 'eu-central-1', false],
        ['admin', 'assume-role', '', true],
        ['corp', 'sso', 'us-west-2', false],
        ['local', 'process', 'eu-west-1', false],
      ],
    );
    assert.equal(profiles.find((p) => p.name === 'local')!.endpointUrl, 'http://127.0.0.1:4566');
    assert.deepEqual(profiles.find((p) => p.name === 'default')!.files, ['config', 'credentials']);
  });

  it('resolves profile, region and endpoint: setting > profile endpoint_url > AWS_ENDPOINT_URL', async () => {
    let c = await resolveConnection({});
    assert.deepEqual([c.profile, c.region, c.endpointUrl], ['default', 'eu-central-1', undefined]);
    process.env.AWS_ENDPOINT_URL = 'http://env:1';
    process.env.AWS_PROFILE = 'local';
    c = await resolveConnection({});
    assert.deepEqual(
      [c.profile, c.region, c.endpointUrl, c.endpointSource],
      ['local', 'eu-west-1', 'http://127.0.0.1:4566', 'profile'],
    );
    c = await resolveConnection({ profile: 'corp', region: 'ap-southeast-2', endpointUrl: 'http://setting:2/' });
    assert.deepEqual(
      [c.profile, c.region, c.endpointUrl, c.endpointSource, c.profileKind],
      ['corp', 'ap-southeast-2', 'http://setting:2', 'setting', 'sso'],
    );
    c = await resolveConnection({ profile: 'default' });
    assert.deepEqual([c.endpointUrl, c.endpointSource], ['http://env:1', 'env']);
    process.env.AWS_REGION = 'sa-east-1';
    assert.equal((await resolveConnection({ profile: 'default' })).region, 'sa-east-1');
    delete process.env.AWS_PROFILE;
    assert.deepEqual(
      [(await resolveConnection({})).profileSource, (await resolveConnection({ profile: 'corp' })).profileSource],
      ['default', 'setting'],
    );
  });

  it("a named profile that does not exist: its session's credentials are ProfileNotFound, naming the profiles that do (issue 11, item 1)", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENVIRONMENT';
    process.env.AWS_SECRET_ACCESS_KEY = 's';
    const failure = async (input: Parameters<typeof resolveConnection>[0]) => {
      const c = await resolveConnection(input);
      assert.equal(c.profileFound, false);
      return code(new SessionPool({ pacing: FAST_PACING }).get(c).checkCredentials());
    };
    const e = await failure({ profile: 'statik' });
    assert.equal(e.code, 'ProfileNotFound');
    assert.match(e.message, /profile "statik" does not exist/);
    assert.match(e.message, /default, admin, corp, local/);
    assert.match(e.hint!, /never falls back/);
    assert.deepEqual(e.fix, { label: 'Select Profile…', command: { id: 'apigw.selectProfile' } });
    process.env.AWS_PROFILE = 'statik';
    const fromEnv = await failure({});
    assert.equal(fromEnv.code, 'ProfileNotFound');
    assert.match(fromEnv.message, /named by AWS_PROFILE/);
    assert.equal((await resolveConnection({ profile: 'local' })).profile, 'local', 'the setting wins over AWS_PROFILE');
  });

  it('a session for a missing named profile never falls back to the environment keys', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENVIRONMENT';
    process.env.AWS_SECRET_ACCESS_KEY = 's';
    const s = new SessionPool({ pacing: FAST_PACING }).get(
      testConnection(aws.endpoint, { profile: 'statik', profileSource: 'env', envCredentials: true }),
    );
    const e = await code(s.callerIdentity());
    assert.equal(e.code, 'ProfileNotFound');
    assert.match(e.message, /default, admin, corp, local/);
    assert.equal((await code(s.checkCredentials())).code, 'ProfileNotFound');
    assert.deepEqual(await aws.calls(), []);
  });

  it('an endpoint URL that is not an http(s) URL is InvalidArgument naming where it came from, never its password', async () => {
    let e = await code(resolveConnection({ endpointUrl: 'not a url' }));
    assert.equal(e.code, 'InvalidArgument');
    assert.match(e.message, /"not a url" \(from apigw\.endpointUrl or --endpoint-url\) is not a URL/);
    assert.deepEqual(e.fix, { label: 'Open the apigw.endpointUrl setting', setting: 'apigw.endpointUrl' });
    e = await code(resolveConnection({ endpointUrl: 'http://user:hunter2@ho st:4566' }));
    assert.doesNotMatch(`${e.message} ${e.hint}`, /hunter2/);
    assert.match(e.message, /user:\*\*\*\*@/);
    e = await code(resolveConnection({ endpointUrl: 'localhost:4566' }));
    assert.match(e.message, /not an http or https URL/);
    process.env.AWS_ENDPOINT_URL = 'ftp://x';
    e = await code(resolveConnection({ profile: 'default' }));
    assert.match(e.message, /from AWS_ENDPOINT_URL/);
    assert.match(e.hint!, /AWS_ENDPOINT_URL/);
  });

  it("uses the environment's keys over the default profile, as the AWS CLI does, unless a profile is named", async () => {
    await aws.seed({
      identities: {
        AKIDENVIRONMENT: { arn: 'arn:aws:iam::123456789012:user/env', userId: 'AIDAENV' },
        AKIDDEFAULT: { arn: 'arn:aws:iam::123456789012:user/default', userId: 'AIDADEFAULT' },
      },
    });
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENVIRONMENT';
    process.env.AWS_SECRET_ACCESS_KEY = 's';
    const who = async (profile?: string) =>
      (
        await new SessionPool({ pacing: FAST_PACING })
          .get(await resolveConnection({ ...(profile ? { profile } : {}), endpointUrl: aws.endpoint }))
          .callerIdentity()
      ).arn;
    assert.equal(await who(), 'arn:aws:iam::123456789012:user/env');
    assert.equal(await who('default'), 'arn:aws:iam::123456789012:user/default');
  });

  it('gets credentials through the SDK providers: credential_process from a profile, then calls the endpoint it names', async () => {
    await aws.seed({
      identities: { AKIDPROCESS: { arn: 'arn:aws:iam::123456789012:user/process', userId: 'AIDAPROCESS' } },
    });
    const c = await resolveConnection({ profile: 'local', endpointUrl: aws.endpoint });
    const s = new SessionPool({ pacing: FAST_PACING }).get(c);
    await s.checkCredentials();
    assert.equal((await s.callerIdentity()).arn, 'arn:aws:iam::123456789012:user/process');
    assert.equal((await aws.calls({ service: 'sts' }))[0]!.region, 'eu-west-1');
  });
});

describe('credential_process', () => {
  let dir: string;
  const saved = { ...process.env };
  // The command line holds a secret argument, and the process prints secrets to stderr: neither may be shown whole.
  const failing = (exit: number) =>
    `${JSON.stringify(process.execPath)} -e "process.stderr.write('login refused: --client-secret CANARYSTDERR\\nsecond line CANARYLINE2\\n'); process.exit(${exit})" -- --client-secret CANARYARGUMENT`;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-process-'));
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        '[profile failing]',
        `credential_process = ${failing(3)}`,
        '',
        '[profile chained]',
        'role_arn = arn:aws:iam::111122223333:role/Dev',
        'source_profile = failing',
        '',
        '[profile garbled]',
        `credential_process = ${JSON.stringify(process.execPath)} -e "console.log('CANARYOUTPUT not json')"`,
        '',
      ].join('\n'),
    );
    process.env = {
      ...saved,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
    };
    delete process.env.AWS_PROFILE;
  });
  after(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function failure(profile: string): Promise<WorkbenchError> {
    const c = await resolveConnection({ profile, endpointUrl: 'http://127.0.0.1:9' });
    return code(new SessionPool({ pacing: FAST_PACING }).get(c).checkCredentials());
  }

  it('a failing credential_process: the profile, its exit status and one redacted line of stderr, never its command line', async () => {
    const e = await failure('failing');
    assert.equal(e.code, 'NoCredentials');
    assert.equal(
      e.message,
      'The credential_process of profile failing failed with exit status 3: login refused: --client-secret [redacted]',
    );
    assert.doesNotMatch(`${e.message} ${e.hint}`, /CANARY|process\.exit|second line/);
    assert.deepEqual(e.fix, {
      label: 'Check the profile in a terminal',
      copyText: 'aws sts get-caller-identity --profile failing',
    });
  });

  it("through a source_profile (the SDK runs it): the same, without the SDK's 'Command failed: <command line>'", async () => {
    const e = await failure('chained');
    assert.equal(e.code, 'NoCredentials');
    assert.match(e.message, /^The credential_process of profile chained \(or of its source_profile\) failed/);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /CANARY|process\.exit|Command failed/);
  });

  it('output that is not the credential_process format says so, without quoting it', async () => {
    const e = await failure('garbled');
    assert.equal(e.message, 'The credential_process of profile garbled printed something that is not JSON.');
  });
});
