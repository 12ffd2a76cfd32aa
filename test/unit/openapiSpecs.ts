// Generated HTTP API specs for the OpenAPI round trip: every field OpenAPI carries, in random but valid combinations
// (seeded, so a failure repeats), plus the parts it cannot carry (stages, route throttling, integration descriptions,
// domains) so that the tests can check those are reported. And the comparison the round trip is judged by.
import * as assert from 'node:assert/strict';
import { canonicalSpec, type Canonical } from '../../src/core/deploy/canonical';
import { validateSpec } from '../../src/core/gatewaySpec';
import {
  resolveSpec,
  type Authorizer,
  type GatewaySpec,
  type Integration,
  type Route,
} from '../../src/core/gatewaySpec/model';
import { seededRandom } from '../localaws/random';

const CTX = { region: 'eu-west-1', accountId: '123456789012' };

type Pick = <T>(xs: readonly T[]) => T;

function integrationOf(kind: number, i: number, pick: Pick, maybe: () => boolean): Integration {
  if (kind === 0)
    return {
      type: 'AWS_PROXY',
      uri: `arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:fn-${i}`,
      ...(maybe() ? { payloadFormatVersion: '1.0' as const } : {}),
      ...(maybe() ? { timeoutMs: pick([50, 1000, 29000]) } : {}),
      ...(maybe() ? { credentialsArn: `arn:aws:iam::\${aws:accountId}:role/invoke-${i}` } : {}),
      ...(maybe() ? { description: `function ${i}` } : {}),
    };
  if (kind === 1)
    return {
      type: 'HTTP_PROXY',
      uri: `https://svc${i}.example.com/{proxy}`,
      ...(maybe() ? { method: pick(['GET', 'POST', 'PUT'] as const) } : {}),
      ...(maybe() ? { requestParameters: { 'overwrite:header.x-request-id': '$context.requestId' } } : {}),
      ...(maybe() ? { responseParameters: { '500': { 'overwrite:statuscode': '503' } } } : {}),
    };
  if (kind === 2)
    return {
      type: 'AWS_PROXY',
      subtype: 'SQS-SendMessage',
      credentialsArn: `arn:aws:iam::\${aws:accountId}:role/sqs-${i}`,
      requestParameters: {
        QueueUrl: `https://sqs.\${aws:region}.amazonaws.com/\${aws:accountId}/queue-${i}`,
        MessageBody: '$request.body',
      },
    };
  return {
    type: 'HTTP_PROXY',
    uri: `arn:aws:elasticloadbalancing:\${aws:region}:\${aws:accountId}:listener/app/lb${i}/50dc6c495c0c9188/0467ef3c8400ae65`,
    vpcLink: 'private',
    ...(maybe() ? { tlsServerName: `lb${i}.internal.example.com` } : {}),
  };
}

function authorizers(pick: Pick, maybe: () => boolean): Record<string, Authorizer> {
  const v1 = maybe();
  return {
    cognito: {
      type: 'JWT',
      ...(maybe() ? { identitySources: ['$request.querystring.token'] } : {}),
      jwt: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example', audience: ['web', 'mobile'] },
    },
    'lambda-auth': {
      type: 'REQUEST',
      uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:authorizer',
      ...(v1 ? { payloadFormatVersion: '1.0' as const } : { enableSimpleResponses: maybe() }),
      identitySources: pick([
        ['$request.header.Authorization'],
        ['$request.header.Authorization', '$request.querystring.tenant'],
      ]),
      resultTtlSeconds: pick([0, 300]),
      ...(maybe() ? { credentialsArn: 'arn:aws:iam::${aws:accountId}:role/authorizer-invoke' } : {}),
    },
  };
}

function routeOf(pick: Pick, maybe: () => boolean, integration: string, i: number): Route {
  const auth = pick(['none', 'jwt', 'custom', 'iam'] as const);
  return {
    integration,
    ...(auth === 'jwt'
      ? { authorizer: 'cognito', ...(maybe() ? { authorizationScopes: ['read', 'write'] } : {}) }
      : {}),
    ...(auth === 'custom' ? { authorizer: 'lambda-auth' } : {}),
    ...(auth === 'iam' ? { authorizationType: 'AWS_IAM' as const } : {}),
    ...(maybe() ? { operationName: `Op${i}` } : {}),
    ...(maybe() ? { throttling: { burstLimit: 10, rateLimit: 5 } } : {}),
  };
}

/** A valid HTTP API spec with `n` integrations and about twice as many routes, chosen by `seed`. */
export function randomHttpSpec(seed: number, n = 6): GatewaySpec {
  const random = seededRandom(seed);
  const pick: Pick = (xs) => xs[Math.floor(random() * xs.length)]!;
  const maybe = () => random() < 0.5;
  const integrations: Record<string, Integration> = {};
  for (let i = 0; i < n; i++) integrations[`int-${i}`] = integrationOf(Math.floor(random() * 4), i, pick, maybe);
  const routes: Record<string, Route> = {};
  const names = Object.keys(integrations);
  for (let i = 0; i < n * 2; i++) {
    const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'] as const);
    const path = pick([`/r${i}`, `/r${i}/{id}`, `/r${i}/{id}/sub`, `/r${i}/{proxy+}`]);
    routes[`${method} ${path}`] = routeOf(pick, maybe, pick(names), i);
  }
  if (maybe()) routes.$default = routeOf(pick, maybe, pick(names), 999);
  for (const name of names)
    if (!Object.values(routes).some((r) => r.integration === name)) routes[`GET /for-${name}`] = { integration: name };
  const usesLink = Object.values(integrations).some((i) => i.vpcLink);
  const spec: GatewaySpec = {
    version: 1,
    api: {
      name: `generated-${seed}`,
      protocol: 'HTTP',
      ...(maybe() ? { description: 'Generated for the OpenAPI round trip' } : {}),
      ...(maybe() ? { disableExecuteApiEndpoint: true } : {}),
      ...(maybe() ? { ipAddressType: 'dualstack' as const } : {}),
      ...(maybe()
        ? {
            cors: {
              allowOrigins: ['https://app.example.com'],
              allowMethods: ['GET', 'POST'],
              allowHeaders: ['authorization'],
              maxAge: 300,
            },
          }
        : {}),
      ...(maybe() ? { tags: { team: `t${seed}`, 'cost-center': '4711' } } : {}),
      ...(maybe() ? { version: pick(['2024-06-01', 'v2', '1.0.3']) } : {}),
    },
    integrations,
    authorizers: authorizers(pick, maybe),
    routes,
    stages: { dev: { autoDeploy: true, variables: { env: 'dev' } }, prod: { protected: true } },
    ...(usesLink ? { vpcLinks: { private: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } } } : {}),
  };
  const v = validateSpec(JSON.stringify(spec), { fileName: 'generated.apigw.json' });
  assert.ok(
    v.valid,
    `generated spec ${seed}: ${v.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.message}`)
      .join('; ')}`,
  );
  return spec;
}

/** The form deploy compares: two specs with equal canonical forms deploy to the same API. */
export function canonical(spec: GatewaySpec): Canonical {
  return canonicalSpec(resolveSpec(spec, CTX), CTX.region);
}

/**
 * The spec as an export and an import give it back: without what OpenAPI cannot carry (stages, route throttling,
 * integration descriptions, domains), and with the version "1.0" where it had none (OpenAPI requires info.version).
 */
export function carried(spec: GatewaySpec): GatewaySpec {
  const out = withExportedVersion(spec);
  delete out.stages;
  delete out.domains;
  for (const r of Object.values(out.routes ?? {})) delete r.throttling;
  for (const i of Object.values(out.integrations ?? {})) delete i.description;
  return out;
}

/** The spec with the API version an export writes: its own, else "1.0" (the export reports that). */
export function withExportedVersion(spec: GatewaySpec): GatewaySpec {
  const out = structuredClone(spec);
  out.api.version ??= '1.0';
  return out;
}
