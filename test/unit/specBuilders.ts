// Builders for gateway spec fixtures: small valid HTTP and WebSocket specs that each test changes in one place,
// written out as JSON or YAML, and a compact view of the problems the engine reports.
import YAML, { stringify } from 'yaml';
import { SpecDocument, validateSpec, type SpecDiagnostic, type SpecFormat } from '../../src/core/gatewaySpec';

export type Json = Record<string, any>;

export function httpSpec(): Json {
  return {
    version: 1,
    api: { name: 'orders-api', protocol: 'HTTP' },
    integrations: {
      'orders-fn': {
        type: 'AWS_PROXY',
        uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:orders',
        payloadFormatVersion: '2.0',
      },
      'catalog-http': { type: 'HTTP_PROXY', uri: 'https://catalog.example.com/{proxy}' },
    },
    authorizers: {
      cognito: {
        type: 'JWT',
        identitySources: ['$request.header.Authorization'],
        jwt: { issuer: 'https://issuer.example.com', audience: ['client'] },
      },
    },
    routes: {
      'GET /items': { integration: 'orders-fn', authorizer: 'cognito', authorizationScopes: ['items/read'] },
      'GET /items/{id}': { integration: 'orders-fn' },
      'ANY /catalog/{proxy+}': { integration: 'catalog-http' },
    },
    stages: {
      dev: { autoDeploy: true },
      prod: {
        protected: true,
        accessLog: {
          destinationArn: 'arn:aws:logs:${aws:region}:${aws:accountId}:log-group:/apigw/prod',
          format: '{"requestId":"$context.requestId"}',
        },
      },
    },
  };
}

export function wsSpec(): Json {
  return {
    version: 1,
    api: { name: 'chat-api', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
    integrations: {
      'chat-fn': { type: 'AWS_PROXY', uri: 'arn:aws:lambda:eu-west-1:123456789012:function:chat' },
      'ping-mock': { type: 'MOCK', requestTemplates: { $default: '{"statusCode": 200}' } },
    },
    authorizers: {
      token: {
        type: 'REQUEST',
        uri: 'arn:aws:lambda:eu-west-1:123456789012:function:auth',
        identitySources: ['route.request.querystring.token'],
      },
    },
    routes: {
      $connect: { integration: 'chat-fn', authorizer: 'token' },
      $disconnect: { integration: 'chat-fn' },
      sendMessage: { integration: 'chat-fn' },
      ping: { integration: 'ping-mock' },
    },
    stages: { dev: { autoDeploy: true, loggingLevel: 'INFO' } },
  };
}

export function toText(spec: unknown, format: SpecFormat): string {
  return format === 'yaml' ? stringify(spec, { lineWidth: 0 }) : `${JSON.stringify(spec, null, 2)}\n`;
}

export interface Problem {
  code: string;
  severity: string;
  token: string;
}

/** The source text a diagnostic covers, unquoted (so JSON and YAML forms compare equal). */
export function tokenOf(text: string, d: SpecDiagnostic): string {
  const raw = text.slice(d.offset, d.offset + d.length);
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw;
    }
  }
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replace(/''/g, "'");
  return raw;
}

export function problems(text: string, format: SpecFormat): Problem[] {
  return validateSpec(text, { format }).diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    token: tokenOf(text, d),
  }));
}

/**
 * The spec with each item of each section written as a YAML flow mapping on one line (`GET /orders: { integration:
 * orders-fn, authorizationType: JWT }`), as many projects write them, or each whole section as one flow mapping
 * (which the `yaml` library spreads over lines, an entry a line): by the `yaml` library, from the spec's value.
 */
export function flowStyle(text: string, format: SpecFormat, what: 'items' | 'sections' = 'items'): string {
  const doc = new YAML.Document(new SpecDocument(text, format).value);
  for (const section of (doc.contents as YAML.YAMLMap).items) {
    if (what === 'sections' && YAML.isCollection(section.value)) section.value.flow = true;
    else if (YAML.isMap(section.value))
      for (const item of section.value.items) if (YAML.isCollection(item.value)) item.value.flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}
