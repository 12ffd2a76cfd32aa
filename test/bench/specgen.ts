// Generated gateway specs for the validation and deploy benches.
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';

/** A realistic HTTP API: N routes over N Lambda integrations, a JWT authorizer, two stages with access logs. */
export function generateSpec(routes: number): unknown {
  const integrations: Record<string, unknown> = {};
  const r: Record<string, unknown> = {};
  const methods = ['GET', 'POST', 'PUT', 'DELETE'];
  for (let i = 0; i < routes; i++) {
    const name = `fn-${i}`;
    integrations[name] = {
      type: 'AWS_PROXY',
      uri: `arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:service-${i}`,
      payloadFormatVersion: '2.0',
      timeoutMs: 10000,
    };
    r[`${methods[i % 4]} /resource${Math.floor(i / 4)}/{id}/items`] = {
      integration: name,
      authorizer: 'cognito',
      authorizationScopes: ['api/read'],
      throttling: { burstLimit: 100, rateLimit: 50 },
    };
  }
  const log = (stage: string) => ({
    destinationArn: `arn:aws:logs:\${aws:region}:\${aws:accountId}:log-group:/apigw/${stage}`,
    format: '{"requestId":"$context.requestId","status":"$context.status"}',
  });
  return {
    version: 1,
    api: {
      name: `bench-${routes}`,
      protocol: 'HTTP',
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'] },
    },
    integrations,
    authorizers: {
      cognito: {
        type: 'JWT',
        identitySources: ['$request.header.Authorization'],
        jwt: { issuer: 'https://issuer.example.com', audience: ['web'] },
      },
    },
    routes: r,
    stages: {
      dev: { autoDeploy: true, accessLog: log('dev') },
      prod: { protected: true, accessLog: log('prod'), throttling: { burstLimit: 500, rateLimit: 200 } },
    },
  };
}

/**
 * The deploy bench's spec: `routes` routes over as many Lambda integrations, a JWT authorizer, and `stages` stages
 * (`prod` protected and deployed by deploy, the others plain), in the typed model.
 */
export function deployBenchSpec(o: { routes: number; stages: number }): GatewaySpec {
  const integrations: NonNullable<GatewaySpec['integrations']> = {};
  const routes: NonNullable<GatewaySpec['routes']> = {};
  const methods = ['GET', 'POST', 'PUT', 'DELETE'] as const;
  for (let i = 0; i < o.routes; i++) {
    integrations[`fn-${i}`] = {
      type: 'AWS_PROXY',
      uri: `arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:service-${i}`,
      timeoutMs: 10000,
    };
    routes[`${methods[i % 4]} /resource${Math.floor(i / 4)}/{id}`] = {
      integration: `fn-${i}`,
      ...(i % 2 ? { authorizer: 'jwt', authorizationScopes: ['api/read'] } : {}),
    };
  }
  const stages: NonNullable<GatewaySpec['stages']> = {
    prod: { protected: true, throttling: { burstLimit: 500, rateLimit: 200 }, variables: { env: 'prod' } },
  };
  for (let i = 1; i < o.stages; i++) stages[`stage${i}`] = { variables: { env: `stage${i}` } };
  return {
    version: 1,
    api: {
      name: `bench-${o.routes}`,
      protocol: 'HTTP',
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'] },
    },
    integrations,
    authorizers: { jwt: { type: 'JWT', jwt: { issuer: 'https://issuer.example.com', audience: ['web'] } } },
    routes,
    stages,
  };
}
