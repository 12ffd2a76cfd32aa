// `apigw promote` and `apigw rollback` in-process against the local AWS service, through shared AWS files whose
// profile points at it: what they print, when they ask, what they refuse, and their exit codes.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { decodeHistory } from '../../src/core/history';
import { useLocalAws } from '../localaws/fixture';
import { ordersApi } from '../localaws/seed';
import { bufferIo } from './cliHelpers';

const REGION = 'eu-west-1';

describe('apigw promote and rollback', () => {
  const aws = useLocalAws({
    reset: () => ({
      region: REGION,
      identities: { AKIDCLITEST: { arn: 'arn:aws:iam::123456789012:user/ci-bot', userId: 'AIDACI' } },
      apis: [
        ordersApi({
          deployments: [
            { ref: 'v1', description: 'first release' },
            { ref: 'v2', description: 'second release' },
          ],
          stages: [
            { stageName: 'dev', deployment: 'v2', stageVariables: { table: 'orders-dev' } },
            { stageName: 'prod', deployment: 'v1', stageVariables: { table: 'orders' } },
          ],
        }),
      ],
    }),
  });
  let dir: string;
  let apiId: string;
  const api = () => [...aws.regionState(REGION).apis.values()][0]!;
  const runs = (stage: string) => api().stages.get(stage)!.deploymentId as string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cli-'));
    fs.writeFileSync(path.join(dir, 'config'), `[profile ci]\nregion = ${REGION}\nendpoint_url = ${aws.endpoint}\n`);
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      '[ci]\naws_access_key_id = AKIDCLITEST\naws_secret_access_key = s\n',
    );
    Object.assign(process.env, {
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_PROFILE: '',
      AWS_REGION: '',
      AWS_DEFAULT_REGION: '',
      AWS_ENDPOINT_URL: '',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '2',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    apiId = api().api.apiId;
  });

  const promote = (...extra: string[]) => [
    'promote',
    '--profile',
    'ci',
    '--api',
    'orders-api',
    '--from',
    'dev',
    '--to',
    'prod',
    ...extra,
  ];

  it('promotes with --yes: prints both deployments and the differences, then who, when, from and to', async () => {
    const v2 = runs('dev');
    const v1 = runs('prod');
    const { out, io } = bufferIo();
    assert.equal(await main(promote('--yes'), io), 0, out.stderr);
    assert.match(out.stdout, /^# Promote dev → prod$/m);
    assert.match(out.stdout, new RegExp(`- prod runs now: \`${v1}\` · .* · "first release"`));
    assert.match(
      out.stdout,
      new RegExp(`- prod will run: \`${v2}\` · .* · "second release" · runs dev \\(what dev runs\\)`),
    );
    assert.match(out.stdout, /- stage variable table: dev `orders-dev` · prod `orders`/);
    assert.match(
      out.stdout,
      new RegExp(
        `^promoted dev → prod of orders-api \\(${apiId}, ci · ${REGION}\\): deployment ${v1} → ${v2} by ci-bot at \\d{4}-.*Z$`,
        'm',
      ),
    );
    assert.equal(runs('prod'), v2);
    assert.equal(decodeHistory(api().stages.get('prod')!.tags)[0]!.by, 'ci-bot');
    assert.deepEqual(out.asked, []);
  });

  it('refuses without --yes when not on a terminal, and asks on one', async () => {
    const v1 = runs('prod');
    let r = bufferIo();
    assert.equal(await main(promote(), r.io), 1);
    assert.match(r.out.stderr, /not on a terminal, so nothing was changed: add --yes to promote to prod/);
    assert.match(r.out.stdout, /# Promote dev → prod/, 'the plan is printed all the same');
    assert.equal(runs('prod'), v1);

    r = bufferIo({ answers: ['n'] });
    assert.equal(await main(promote(), r.io), 1);
    assert.match(r.out.asked[0]!, /^Promote dev's deployment \w+ to prod\? \[y\/N\] $/);
    assert.equal(runs('prod'), v1);

    r = bufferIo({ answers: ['yes'] });
    assert.equal(await main(promote(), r.io), 0);
    assert.notEqual(runs('prod'), v1);
  });

  it('needs --confirm-stage (or the typed name on a terminal) for a protected stage', async () => {
    const v1 = runs('prod');
    api().stages.get('prod')!.tags['apigw:protected'] = 'true';
    let r = bufferIo();
    assert.equal(await main(promote('--yes'), r.io), 1);
    assert.match(
      r.out.stderr,
      /prod is protected \(tag apigw:protected=true\): add --confirm-stage prod to promote to prod\. Nothing was changed\./,
    );
    r = bufferIo();
    assert.equal(await main(promote('--yes', '--confirm-stage', 'dev'), r.io), 2, 'another stage named: bad arguments');
    r = bufferIo({ answers: ['PROD'] });
    assert.equal(await main(promote(), r.io), 1);
    assert.match(r.out.asked[0]!, /prod is protected\. Type prod to promote to prod: /);
    assert.match(r.out.stderr, /did not match: nothing was changed/);
    assert.equal(runs('prod'), v1);
    r = bufferIo();
    assert.equal(await main(promote('--yes', '--confirm-stage', 'prod'), r.io), 0, r.out.stderr);
    assert.notEqual(runs('prod'), v1);
  });

  it("reads protection from --spec, and says when that spec is another API's", async () => {
    const spec = path.join(dir, 'orders.apigw.yaml');
    fs.writeFileSync(
      spec,
      'version: 1\napi: { name: orders-api, protocol: HTTP }\nstages:\n  prod: { protected: true }\n',
    );
    let r = bufferIo();
    assert.equal(await main(promote('--yes', '--spec', spec), r.io), 1);
    assert.match(r.out.stderr, new RegExp(`protected: true in ${spec.replace(/[.]/g, '\\.')}`));
    const other = path.join(dir, 'other.apigw.json');
    fs.writeFileSync(
      other,
      JSON.stringify({
        version: 1,
        api: { name: 'payments', protocol: 'HTTP' },
        stages: { prod: { protected: true } },
      }),
    );
    r = bufferIo();
    assert.equal(await main(promote('--yes', '--spec', other), r.io), 0);
    assert.match(r.out.stderr, /describes API payments, not orders-api: its protected flags do not apply/);
    r = bufferIo();
    assert.equal(await main(promote('--yes', '--spec', path.join(dir, 'missing.apigw.yaml')), r.io), 2);
    fs.writeFileSync(path.join(dir, 'broken.apigw.yaml'), 'api: [');
    r = bufferIo();
    assert.equal(await main(promote('--yes', '--spec', path.join(dir, 'broken.apigw.yaml')), r.io), 2);
    assert.match(r.out.stderr, /is not a gateway spec/);
  });

  it('refuses an auto-deploy target with the explanation, and offers --disable-auto-deploy', async () => {
    api().stages.get('prod')!.autoDeploy = true;
    const before = runs('prod');
    let r = bufferIo();
    assert.equal(await main(promote('--yes'), r.io), 1);
    assert.match(r.out.stderr, /prod auto-deploys: API Gateway deploys every change of the API to it/);
    assert.match(r.out.stderr, /Re-run with --disable-auto-deploy/);
    assert.equal(runs('prod'), before);
    r = bufferIo({ answers: ['y', 'y'] });
    assert.equal(await main(promote(), r.io), 0, r.out.stderr);
    assert.match(r.out.asked[0]!, /Turn auto-deploy off for prod and continue\? \[y\/N\]/);
    assert.equal(api().stages.get('prod')!.autoDeploy, false);
    assert.match(r.out.stdout, /auto-deploy turned off/);
  });

  it('exits 0 with nothing to do on an auto-deploying target: there is nothing to refuse and nothing to turn off', async () => {
    api().stages.get('prod')!.autoDeploy = true;
    api().stages.get('dev')!.deploymentId = runs('prod');
    let r = bufferIo();
    assert.equal(await main(promote('--yes'), r.io), 0, r.out.stderr);
    assert.match(r.out.stderr, /prod already runs deployment \w+, the one dev runs: nothing to promote/);
    assert.doesNotMatch(r.out.stderr, /disable-auto-deploy/);
    r = bufferIo();
    const rollback = ['rollback', '--profile', 'ci', '--api', 'orders-api', '--stage', 'prod', '--to', runs('prod')];
    assert.equal(await main([...rollback, '--yes'], r.io), 0, r.out.stderr);
    assert.match(r.out.stderr, /nothing to roll back/);
    assert.equal(api().stages.get('prod')!.autoDeploy, true);
  });

  it('exits 2, changing nothing, on --from equal to --to and on a --confirm-stage that names another stage', async () => {
    const v1 = runs('prod');
    let r = bufferIo();
    const same = ['promote', '--profile', 'ci', '--api', 'orders-api', '--from', 'prod', '--to', 'prod', '--yes'];
    assert.equal(await main(same, r.io), 2);
    assert.match(r.out.stderr, /--from and --to name the same stage \(prod\): promote from one stage to another/);
    // prod is not protected: a --confirm-stage naming another stage is a script aimed at the wrong stage.
    r = bufferIo();
    assert.equal(await main(promote('--yes', '--confirm-stage', 'staging'), r.io), 2);
    assert.match(r.out.stderr, /--confirm-stage staging does not name the stage that changes \(prod\)/);
    assert.equal(runs('prod'), v1);
    r = bufferIo();
    const rollback = ['rollback', '--profile', 'ci', '--api', 'orders-api', '--stage', 'prod', '--to', runs('dev')];
    assert.equal(await main([...rollback, '--yes', '--confirm-stage', 'dev'], r.io), 2);
    assert.match(r.out.stderr, /--confirm-stage dev does not name the stage that changes \(prod\)/);
    assert.equal(runs('prod'), v1);
  });

  it('rolls back to the previous deployment, lists the others, and goes to one named with --to', async () => {
    const v1 = runs('prod');
    const v2 = runs('dev');
    assert.equal(await main(promote('--yes'), bufferIo().io), 0);
    let r = bufferIo();
    assert.equal(await main(['rollback', '--profile', 'ci', '--api', apiId, '--stage', 'prod', '--list'], r.io), 0);
    assert.match(r.out.stderr, new RegExp(`prod runs ${v2} now`));
    assert.match(
      r.out.stdout,
      new RegExp(`^${v1} · .* · "first release" · previous \\(the default\\) · prod ran it$`, 'm'),
    );
    r = bufferIo();
    assert.equal(
      await main(['rollback', '--profile', 'ci', '--api', apiId, '--stage', 'prod', '--yes'], r.io),
      0,
      r.out.stderr,
    );
    assert.match(r.out.stdout, /^# Roll back prod$/m);
    assert.match(r.out.stdout, new RegExp(`This undoes: ${v2} \\(promote · by ci-bot`));
    assert.match(
      r.out.stdout,
      new RegExp(`^rolled back prod of orders-api .*: deployment ${v2} → ${v1} by ci-bot`, 'm'),
    );
    assert.equal(runs('prod'), v1);
    r = bufferIo();
    assert.equal(
      await main(['rollback', '--profile', 'ci', '--api', 'orders-api', '--stage', 'prod', '--to', v2, '--yes'], r.io),
      0,
    );
    assert.equal(runs('prod'), v2);
    r = bufferIo();
    assert.equal(
      await main(['rollback', '--profile', 'ci', '--api', 'orders-api', '--stage', 'dev', '--yes'], r.io),
      1,
    );
    assert.match(r.out.stderr, /dev has no recorded earlier deployment to roll back to/);
    assert.match(r.out.stderr, /apigw rollback --to DEPLOYMENT_ID/);
  });

  it('exits 0 when there is nothing to do, 1 on an unknown API or stage, 2 on bad arguments', async () => {
    assert.equal(await main(promote('--yes'), bufferIo().io), 0);
    let r = bufferIo();
    assert.equal(await main(promote('--yes'), r.io), 0);
    assert.match(r.out.stderr, /prod already runs deployment \w+, the one dev runs: nothing to promote/);
    r = bufferIo();
    assert.equal(
      await main(['promote', '--profile', 'ci', '--api', 'nope', '--from', 'dev', '--to', 'prod', '--yes'], r.io),
      1,
    );
    assert.match(r.out.stderr, new RegExp(`No API with the id or name nope in ${REGION}`));
    r = bufferIo();
    assert.equal(
      await main(['promote', '--profile', 'ci', '--api', 'orders-api', '--from', 'dev', '--to', 'qa', '--yes'], r.io),
      1,
    );
    assert.match(r.out.stderr, /orders-api has no stage qa \(its stages: dev, prod\)/);
    r = bufferIo();
    assert.equal(await main(['promote', '--api', 'orders-api', '--from', 'dev'], r.io), 2);
    assert.match(r.out.stderr, /missing --to/);
    r = bufferIo();
    assert.equal(await main(['rollback', '--api', 'x', '--stage', 'prod', '--frobnicate'], r.io), 2);
    assert.match(r.out.stderr, /unknown option --frobnicate/);
    r = bufferIo();
    assert.equal(await main(['rollback', '--help'], r.io), 0);
    assert.match(r.out.stdout, /Usage: apigw rollback --api ID\|NAME --stage STAGE/);
    r = bufferIo();
    assert.equal(
      await main(
        ['promote', '--profile', 'ci', '--endpoint-url', 'not a url', '--api', 'a', '--from', 'b', '--to', 'c'],
        r.io,
      ),
      2,
    );
    assert.match(r.out.stderr, /is not a URL/);
  });
});
