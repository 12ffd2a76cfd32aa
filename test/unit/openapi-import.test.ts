// importOpenApi() on OpenAPI documents as AWS documents them (test/fixtures/openapi, each naming its source) and on
// each mapping rule and refusal: what maps, what is reported, at which line, and that the result validates clean with
// the spec engine. Nothing here reaches the network: a test proves a remote $ref is never fetched.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isWorkbenchError } from '../../src/core/errors';
import { validateSpec } from '../../src/core/gatewaySpec';
import { payloadFormatVersion, type GatewaySpec } from '../../src/core/gatewaySpec/model';
import { importOpenApi, OPENAPI_CODES, type ImportOptions, type OpenApiDiagnostic } from '../../src/core/openapi';
import { REPO_ROOT } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'openapi');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

const codes = (ds: OpenApiDiagnostic[]) => ds.map((d) => d.code);
const at = (ds: OpenApiDiagnostic[], code: string) => ds.filter((d) => d.code === code);

/** Imports and checks the two promises every import keeps: lines where there is text, and a spec the engine reads. */
async function load(text: string, options: ImportOptions = {}) {
  const r = await importOpenApi(text, { fileName: 'api.yaml', ...options });
  for (const d of r.diagnostics) assert.ok(d.line === undefined || d.line >= 1, `${d.code} has a line`);
  if (r.spec) {
    const v = validateSpec(JSON.stringify(r.spec), { fileName: 'imported.apigw.json' });
    if (r.valid) assert.ok(v.valid, 'a valid import is a spec the engine validates clean');
    if (!v.valid) assert.equal(r.valid, false, "the engine's errors are the import's errors");
  }
  return r;
}

/** A minimal OpenAPI 3.0 document in YAML around `paths` and the rest given. */
function doc(body: string): string {
  return `openapi: 3.0.1\ninfo:\n  title: t\n  version: "1"\n${body}`;
}

describe('OpenAPI import: documents as AWS documents them', () => {
  const cases: Array<{
    file: string;
    routes: string[];
    integrations: string[];
    authorizers?: string[];
    /** api.version, from info.version (none for the time ExportApi writes for an API without one). */
    version?: string;
    codes: string[];
  }> = [
    {
      file: 'aws-docs-pet-store.json',
      routes: ['GET /pets', 'POST /pets', 'GET /pets/{petId}'],
      integrations: [
        'petstore.execute-api.us-west-1.amazonaws.com',
        'petstore.execute-api.us-west-1.amazonaws.com-2',
        'petstore.execute-api.us-west-1.amazonaws.com-3',
      ],
      version: '1.0',
      codes: ['OAS102', 'OAS102'],
    },
    {
      file: 'aws-docs-integrations-reuse.json',
      routes: ['GET /', 'GET /pets', 'GET /checkout'],
      integrations: ['integration1', 'integration2'],
      version: '1.0',
      codes: ['OAS400', 'OAS003', 'OAS003', 'OAS003', 'OAS100', 'OAS100'],
    },
    {
      file: 'aws-docs-default-route.yaml',
      routes: ['ANY /{proxy+}', '$default'],
      integrations: ['testsimpleproxy', 'helloworld'],
      version: '1.0',
      codes: ['OAS103'],
    },
    {
      file: 'aws-docs-authorizers.yaml',
      routes: ['GET /operation1', 'GET /operation2', 'GET /orders', 'GET /profile', 'POST /reports'],
      integrations: ['operations', 'orders', 'reports'],
      authorizers: ['jwt-authorizer-oauth', 'jwt-authorizer-autofind', 'lambda-authorizer'],
      version: '1.0',
      codes: ['OAS003', 'OAS103'],
    },
    {
      file: 'aws-docs-aws-variables.yaml',
      routes: ['GET /'],
      integrations: ['lambdafunctionname'],
      version: 'v1.0',
      codes: ['OAS103', 'OAS103', 'OAS100', 'OAS100', 'OAS100', 'OAS102'],
    },
    {
      file: 'aws-samples-direct-integrations.yaml',
      routes: ['POST /sqs', 'POST /eb', 'POST /kinesis'],
      integrations: ['sqs-sendmessage', 'eventbridge-putevents', 'kinesis-putrecord'],
      version: '1.0',
      codes: [],
    },
    {
      file: 'aws-export-http-api.json',
      routes: ['GET /orders', 'POST /orders', 'GET /orders/{orderId}', 'GET /reports/{proxy+}', '$default'],
      integrations: ['orders', 'api.example.com', 'legacy.example.com'],
      authorizers: ['cognito', 'reports-authorizer'],
      codes: ['OAS400', 'OAS400'],
    },
    // Documents written for API Gateway in public projects (each names its commit): SAM's translator output, which
    // CloudFormation hands to ImportApi, and SAM templates' DefinitionBody.
    {
      file: 'sam-translator-implicit-auth-none.yaml',
      routes: ['$default', 'POST /defaultauth', 'POST /noneauth', 'POST /oauth2', 'POST /scope3'],
      integrations: ['restapifunction'],
      authorizers: ['oauth2Auth'],
      version: '1.0',
      codes: ['OAS003', 'OAS003', 'OAS003', 'OAS003', 'OAS103', 'OAS003', 'OAS003'],
    },
    {
      file: 'sam-translator-lambda-auth-full.yaml',
      routes: ['$default', 'GET /basic', 'POST /basic'],
      integrations: ['httpapifunction'],
      authorizers: ['LambdaAuth'],
      version: '1.0',
      codes: ['OAS003', 'OAS003', 'OAS003'],
    },
    {
      file: 'sam-translator-cors.yaml',
      routes: ['$default'],
      integrations: ['httpapifunction'],
      version: '1.0',
      codes: ['OAS003'],
    },
    {
      file: 'sam-translator-default-iam.yaml',
      routes: ['OPTIONS /{proxy+}', 'ANY /{proxy+}'],
      integrations: ['helloworldfunction'],
      authorizers: ['MyAuthorizer'],
      codes: ['OAS003', 'APIGW901', 'OAS003', 'OAS003', 'OAS003'],
    },
    {
      file: 'sam-translator-multiple-authorizers.yaml',
      routes: ['$default', 'GET /hello', 'POST /hello', 'PUT /hello', 'GET /hello-aws-iam-auth'],
      integrations: ['httpapifunction'],
      authorizers: ['LambdaAuth', 'MyOauth2Authorizer'],
      version: '1.0',
      codes: ['OAS003', 'OAS003', 'OAS003', 'OAS003', 'OAS003', 'OAS003'],
    },
    {
      file: 'serverless-patterns-apigw-sfn.yaml',
      routes: ['POST /'],
      integrations: ['stepfunctions-startsyncexecution'],
      codes: ['OAS400'],
    },
    {
      file: 'serverless-patterns-appsync-proxy.yaml',
      routes: ['POST /restaurant'],
      integrations: ['abcdefghij.appsync-api.us-east-1.amazonaws.com'],
      version: '1.0',
      codes: [],
    },
    {
      file: 'serverless-patterns-eventbridge-terraform.json',
      routes: ['POST /'],
      integrations: ['eventbridge-putevents'],
      codes: ['OAS003'],
    },
    {
      file: 'serverless-patterns-fifo-sqs.yaml',
      routes: ['POST /'],
      integrations: ['sqs-sendmessage'],
      codes: ['OAS003'],
    },
    {
      file: 'sessions-with-aws-sam-multi-level-mapping.yaml',
      routes: ['GET /'],
      integrations: ['icanhazdadjoke.com'],
      codes: ['OAS003'],
    },
  ];
  for (const c of cases) {
    it(`${c.file}: routes, integrations and authorizers as AWS would make them; the spec validates clean`, async () => {
      const r = await load(fixture(c.file), { fileName: c.file });
      assert.ok(r.valid, r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
      assert.deepEqual(Object.keys(r.spec!.routes ?? {}), c.routes);
      assert.deepEqual(Object.keys(r.spec!.integrations ?? {}), c.integrations);
      assert.deepEqual(Object.keys(r.spec!.authorizers ?? {}), c.authorizers ?? []);
      assert.equal(r.spec!.api.version, c.version);
      assert.deepEqual(
        codes(r.diagnostics),
        c.codes,
        r.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`).join('\n'),
      );
    });
  }

  it('the export shape: every field of the integrations, authorizers, CORS and tags', async () => {
    const r = await load(fixture('aws-export-http-api.json'), { fileName: 'export.json' });
    const s = r.spec!;
    assert.deepEqual(s.api, {
      name: 'orders-http',
      protocol: 'HTTP',
      description: 'Orders service',
      cors: {
        allowOrigins: ['https://shop.example.com'],
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['date'],
        allowMethods: ['GET', 'POST'],
        maxAge: 300,
      },
      tags: { team: 'orders', 'cost-center': '4711' },
    });
    assert.deepEqual(s.integrations!.orders, {
      type: 'AWS_PROXY',
      uri: 'arn:aws:lambda:us-east-2:123456789012:function:orders',
      timeoutMs: 10000,
    });
    assert.deepEqual(s.integrations!['api.example.com'], {
      type: 'HTTP_PROXY',
      uri: 'https://api.example.com/{proxy}',
      requestParameters: { 'append:header.header1': '$context.requestId' },
      responseParameters: {
        '404': { 'append:header.error': '$stageVariables.environmentId' },
        '500': { 'overwrite:statuscode': '403', 'append:header.header1': '$context.requestId' },
      },
    });
    assert.deepEqual(s.authorizers!['reports-authorizer'], {
      type: 'REQUEST',
      uri: 'arn:aws:lambda:us-east-2:123456789012:function:reports-auth',
      identitySources: ['$request.header.Authorization', '$request.querystring.tenant'],
      enableSimpleResponses: true,
      resultTtlSeconds: 300,
    });
    assert.deepEqual(s.routes!['GET /orders'], {
      integration: 'orders',
      operationName: 'ListOrders',
      authorizer: 'cognito',
      authorizationScopes: ['orders/read'],
    });
    const stage = at(r.diagnostics, 'OAS400').find((d) => /stage prod/.test(d.message))!;
    assert.equal(stage.line, 12, 'the basePath variable of the server');
  });

  it('a JWT authorizer finds its issuer through openIdConnectUrl; IAM authorization through awsSigv4', async () => {
    const r = await load(fixture('aws-docs-authorizers.yaml'));
    assert.equal(
      r.spec!.authorizers!['jwt-authorizer-autofind']!.jwt!.issuer,
      'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_aBcDeFgHi',
    );
    assert.equal(r.spec!.routes!['GET /operation1']!.authorizationType, 'AWS_IAM');
    const flows = at(r.diagnostics, 'OAS003')[0]!;
    assert.match(flows.message, /jwt-authorizer-oauth lacks the required property flows/);
    assert.equal(flows.line, 75);
  });

  it("AWS variables become the spec's; the partition is aws", async () => {
    const r = await load(fixture('aws-docs-aws-variables.yaml'));
    assert.equal(
      r.spec!.integrations!.lambdafunctionname!.uri,
      'arn:aws:lambda:${aws:region}:${aws:accountId}:function:LambdaFunctionName',
    );
    assert.ok(at(r.diagnostics, 'OAS103').some((d) => /\$\{AWS::Partition\} is written as aws/.test(d.message)));
  });

  it('a private integration: named after the VPC link AWS has for its id; without one, an error says what to do', async () => {
    const text = fixture('aws-docs-private-integration.yaml');
    const alone = await load(text);
    assert.equal(alone.valid, false);
    const missing = at(alone.diagnostics, 'OAS203')[0]!;
    assert.equal(missing.line, 17);
    assert.match(missing.message, /VPC link abc123 is known here only by its id/);
    const link = { subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'] };
    const found = await load(text, { vpcLinks: { abc123: { name: 'internal-alb', link } } });
    assert.ok(found.valid, found.diagnostics.map((d) => d.message).join('\n'));
    assert.deepEqual(found.spec!.integrations!['my-load-balancer'], {
      type: 'HTTP_PROXY',
      uri: 'arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/0467ef3c8400ae65',
      vpcLink: 'internal-alb',
      tlsServerName: 'example.com',
    });
    assert.deepEqual(found.spec!.vpcLinks, { 'internal-alb': link });
  });

  it("a SAM template's DefinitionBody with CloudFormation intrinsics: each refused by name at its line", async () => {
    const text = doc(`paths:
  /sqs:
    post:
      responses:
        default:
          description: "SQS response"
      x-amazon-apigateway-integration:
        integrationSubtype: "SQS-SendMessage"
        credentials:
          Fn::GetAtt: [MyHttpApiRole, Arn]
        requestParameters:
          MessageBody: "$request.body.MessageBody"
          QueueUrl:
            Ref: MyQueue
        payloadFormatVersion: "1.0"
        type: "aws_proxy"
`);
    const r = await load(text);
    assert.equal(r.valid, false);
    const fn = at(r.diagnostics, 'OAS005');
    assert.deepEqual(
      fn.map((d) => [d.line, d.message]),
      [
        [
          13,
          "credentials is a CloudFormation Fn::GetAtt: resolve the template first (aws cloudformation package, or the deployed API's export).",
        ],
      ],
    );
  });
});

describe('OpenAPI import: mapping rules', () => {
  it('operations whose integration objects are equal share one integration; others get -2, -3', async () => {
    const lambda = (fn: string) => `
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:lambda:us-east-1:123456789012:function:${fn}
        payloadFormatVersion: "2.0"`;
    const r = await load(
      doc(`paths:
  /a:
    get:
      responses: { default: { description: d } }${lambda('orders')}
    post:
      responses: { default: { description: d } }${lambda('orders')}
  /b:
    get:
      responses: { default: { description: d } }${lambda('orders:live')}
`),
    );
    assert.deepEqual(Object.keys(r.spec!.integrations!), ['orders', 'orders-2']);
    assert.deepEqual(
      Object.values(r.spec!.routes!).map((x) => x.integration),
      ['orders', 'orders', 'orders-2'],
    );
  });

  it('an integration reached through a path item $ref is the component it references, shared, not a copy', async () => {
    // A path item may be a $ref (OpenAPI 3.0: to another path; 3.1: to components.pathItems); the operation's
    // $ref to components.x-amazon-apigateway-integrations names the integration ("x-amazon-apigateway-integrations").
    const integration = `
  x-amazon-apigateway-integrations:
    petsFn:
      type: aws_proxy
      uri: arn:aws:lambda:us-east-1:123456789012:function:pets
      payloadFormatVersion: "2.0"`;
    const operation = `
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { $ref: "#/components/x-amazon-apigateway-integrations/petsFn" }`;
    const v30 = await load(
      doc(`paths:
  /pets:
    get:${operation}
  /v1/pets:
    $ref: "#/paths/~1pets"
components:${integration}
`),
    );
    const v31 = await load(
      doc(`paths:
  /pets:
    $ref: "#/components/pathItems/Pets"
  /v1/pets:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { $ref: "#/paths/~1pets/get/x-amazon-apigateway-integration" }
components:
  pathItems:
    Pets:
      get:${operation.replace(/\n/g, '\n  ')}${integration}
`).replace('openapi: 3.0.1', 'openapi: 3.1.0'),
    );
    for (const r of [v30, v31]) {
      assert.equal(r.valid, true);
      assert.deepEqual(Object.keys(r.spec!.integrations!), ['petsFn']);
      assert.deepEqual(r.spec!.routes, {
        'GET /pets': { integration: 'petsFn' },
        'GET /v1/pets': { integration: 'petsFn' },
      });
    }
  });

  it('what stands beside a component $ref never changes the shared integration; each is said where it stands', async () => {
    // OpenAPI 3.1: a description or summary beside a $ref is for that place only. The resolver merges it into the
    // value, and the first route's description became the integration's, for every route that uses it.
    const text = (version: string) => `openapi: ${version}
info: { title: t, version: "1" }
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        $ref: "#/components/x-amazon-apigateway-integrations/fn"
        description: only for GET /a
        summary: GET /a's
  /b:
    get:
      x-amazon-apigateway-integration: { $ref: "#/components/x-amazon-apigateway-integrations/fn" }
  /c:
    get:
      x-amazon-apigateway-integration:
        $ref: "#/components/x-amazon-apigateway-integrations/fn"
        timeoutInMillis: 5000
components:
  x-amazon-apigateway-integrations:
    fn:
      type: aws_proxy
      uri: arn:aws:lambda:us-east-1:123456789012:function:fn
      payloadFormatVersion: "2.0"
      description: the shared one
`;
    for (const version of ['3.1.0', '3.0.3']) {
      const r = await load(text(version));
      assert.equal(r.valid, true, version);
      assert.deepEqual(
        r.spec!.integrations,
        {
          fn: {
            type: 'AWS_PROXY',
            description: 'the shared one',
            uri: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
          },
        },
        version,
      );
      assert.deepEqual(Object.values(r.spec!.routes!), [
        { integration: 'fn' },
        { integration: 'fn' },
        { integration: 'fn' },
      ]);
      const siblings = r.diagnostics.filter((d) => d.code === 'OAS400' || d.code === 'OAS101');
      assert.deepEqual(
        siblings.map((d) => [d.code, d.line, d.pointer.split('/').pop()]),
        [
          [version === '3.1.0' ? 'OAS400' : 'OAS101', 8, 'description'],
          [version === '3.1.0' ? 'OAS400' : 'OAS101', 9, 'summary'],
          ['OAS101', 17, 'timeoutInMillis'],
        ],
        version,
      );
      if (version === '3.1.0') {
        assert.match(
          siblings[0]!.message,
          /is for this use only \(OpenAPI 3\.1\), but the integration fn is shared by every route/,
        );
        assert.match(siblings[1]!.message, /an integration has no summary: left out/);
      } else
        assert.match(
          siblings[0]!.message,
          /^description beside a \$ref is ignored \(OpenAPI 3\.0 reads nothing there\)/,
        );
      assert.match(
        siblings[2]!.message,
        /^timeoutInMillis beside a \$ref is ignored .*imported as the component has it; set timeoutInMillis there\.$/,
      );
    }
  });

  it('an integration without payloadFormatVersion: the note says which version the import took, and the spec means it', async () => {
    // AWS's x-amazon-apigateway-integration page calls it required for HTTP APIs; none says what ImportApi does
    // without it. The note said "the spec default applies", not which version that is, nor that AWS does not say.
    const r = await load(
      doc(`paths:
  /fn:
    get:
      x-amazon-apigateway-integration: { type: aws_proxy, uri: "arn:aws:lambda:us-east-1:123456789012:function:fn" }
  /web:
    get:
      x-amazon-apigateway-integration: { type: http_proxy, uri: "https://example.com" }
`),
    );
    assert.equal(r.valid, true);
    const page =
      "No payloadFormatVersion, which AWS's x-amazon-apigateway-integration page calls required for HTTP APIs (no AWS page says what ImportApi does without it): the import takes";
    assert.deepEqual(
      at(r.diagnostics, 'OAS103').map((d) => [d.line, d.message]),
      [
        [
          8,
          `${page} 2.0, the spec's default for a Lambda proxy integration (and the console's), which the spec leaves out as its default.`,
        ],
        [
          11,
          `${page} 1.0, the only version of integrations other than Lambda proxy, which the spec leaves out as its default.`,
        ],
      ],
    );
    const spec = r.spec!;
    assert.deepEqual(
      Object.values(spec.integrations!).map((i) => [i.payloadFormatVersion, payloadFormatVersion(spec, i)]),
      [
        [undefined, '2.0'],
        [undefined, '1.0'],
      ],
      'what the notes say the import took is what the spec means',
    );
  });

  it("the document's security applies where an operation has none; `security: []` makes a route public", async () => {
    const r = await load(
      doc(`security:
  - jwt: [read]
paths:
  /a:
    get:
      responses: { default: { description: d } }
  /b:
    get:
      security: []
      responses: { default: { description: d } }
components:
  securitySchemes:
    jwt:
      type: oauth2
      flows: {}
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration: { issuer: "https://issuer.example.com", audience: [web] }
`),
    );
    assert.deepEqual(r.spec!.routes, { 'GET /a': { authorizer: 'jwt', authorizationScopes: ['read'] }, 'GET /b': {} });
  });

  it('security API Gateway cannot enforce is an error, never a silently public route', async () => {
    const r = await load(
      doc(`paths:
  /basic:
    get:
      security: [{ basic: [] }]
      responses: { default: { description: d } }
  /two:
    get:
      security: [{ iam: [] }, { basic: [] }]
      responses: { default: { description: d } }
  /nope:
    get:
      security: [{ missing: [] }]
      responses: { default: { description: d } }
components:
  securitySchemes:
    basic: { type: http, scheme: basic }
    iam: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
`),
    );
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line]),
      [
        ['OAS300', 8],
        ['OAS301', 12],
        ['OAS302', 16],
      ],
    );
    assert.match(
      at(r.diagnostics, 'OAS300')[0]!.message,
      /cannot enforce the security scheme basic: an HTTP basic scheme needs/,
    );
    assert.equal(r.spec!.routes!['GET /two']!.authorizationType, 'AWS_IAM', 'the first requirement is taken');
  });

  it("SAM's `security: [{NONE: []}]` is a route with no authorization; a scheme named NONE is that scheme", async () => {
    const paths = `paths:
  /open:
    get:
      security: [{ NONE: [] }]
      responses: { default: { description: d } }
security: [{ jwt: [] }]
components:
  securitySchemes:
    jwt:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
        jwtConfiguration: { issuer: "https://issuer.example.com", audience: [web] }
`;
    const r = await load(doc(paths));
    assert.ok(r.valid);
    assert.deepEqual(r.spec!.routes, { 'GET /open': {} });
    assert.deepEqual(
      at(r.diagnostics, 'OAS103').map((d) => [d.line, d.message]),
      [[8, 'The security requirement NONE (as SAM writes it): the route has no authorization.']],
    );
    const named = await load(
      doc(paths.replace('    jwt:\n', '    NONE:\n').replace('[{ jwt: [] }]', '[{ NONE: [] }]')),
    );
    assert.deepEqual(named.spec!.routes, { 'GET /open': { authorizer: 'NONE' } });
  });

  it('x-amazon-apigateway-auth, REST API identity sources, and scopes on a Lambda authorizer', async () => {
    const r = await load(
      doc(`paths:
  /iam:
    get:
      x-amazon-apigateway-auth: { type: AWS_IAM }
      responses: { default: { description: d } }
  /lambda:
    get:
      security: [{ auth: [admin] }]
      responses: { default: { description: d } }
components:
  securitySchemes:
    auth:
      type: apiKey
      name: auth
      in: header
      x-amazon-apigateway-authorizer:
        type: request
        identitySource: method.request.header.auth, stageVariables.stage
        authorizerUri: arn:aws:lambda:us-east-1:123456789012:function:auth
        authorizerPayloadFormatVersion: "1.0"
`),
    );
    assert.deepEqual(r.spec!.routes, {
      'GET /iam': { authorizationType: 'AWS_IAM' },
      'GET /lambda': { authorizer: 'auth' },
    });
    assert.deepEqual(r.spec!.authorizers!.auth!.identitySources, ['$request.header.auth', '$stageVariables.stage']);
    assert.deepEqual(
      codes(r.diagnostics).filter((c) => c !== 'OAS400' && c !== 'APIGW305'),
      ['OAS303', 'OAS103', 'OAS103'],
    );
  });

  it('REST API extensions and integration types are reported, unknown extension fields with a suggestion', async () => {
    const r = await load(
      doc(`x-amazon-apigateway-binary-media-types: [image/png]
x-amazon-apigateway-request-validators: { all: { validateRequestBody: true } }
x-amazon-apigateway-corz: {}
paths:
  /mock:
    get:
      x-amazon-apigateway-request-validator: all
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: "{}" } }
  /lambda:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:lambda:us-east-1:123456789012:function:f
        payloadFormatVersion: "2.0"
        integrationSubType: SQS-SendMessage
`),
    );
    const byCode = (c: string) => at(r.diagnostics, c).map((d) => d.line);
    assert.deepEqual(byCode('OAS100'), [5, 6, 11, 13]);
    assert.deepEqual(byCode('OAS201'), [13]);
    assert.deepEqual(byCode('OAS101'), [7, 21]);
    assert.match(at(r.diagnostics, 'OAS101')[1]!.message, /did you mean integrationSubtype\?/);
    assert.ok(
      at(r.diagnostics, 'APIGW305').length === 1,
      'the mock route has no integration, as the spec engine warns',
    );
    assert.ok(r.valid, 'warnings only');
  });

  it("REST APIs' TLS extensions are REST-only, not unknown", async () => {
    // AWS's pages "x-amazon-apigateway-security-policy" and "x-amazon-apigateway-endpoint-access-mode" (2025), as a
    // REST API's export writes them (openapi-extensions-security-policy.html, openapi-extensions-endpoint-access-mode.html).
    const r = await load(
      doc(`x-amazon-apigateway-security-policy: SecurityPolicy_TLS13_1_3_2025_09
x-amazon-apigateway-endpoint-access-mode: STRICT
paths:
  /a:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { type: http_proxy, uri: "https://example.com", payloadFormatVersion: "1.0" }
`),
    );
    assert.deepEqual(
      at(r.diagnostics, 'OAS100').map((d) => [d.line, d.severity]),
      [
        [5, 'warning'],
        [6, 'warning'],
      ],
    );
    assert.match(at(r.diagnostics, 'OAS100')[0]!.message, /of REST APIs; HTTP APIs ignore it/);
    assert.deepEqual(at(r.diagnostics, 'OAS101'), []);
    assert.ok(r.valid);
  });

  it('tags: the spec tag names the API, reserved tags stay out, a tag without a value is empty as AWS makes it', async () => {
    const r = await load(
      doc(`tags:
  - name: apigw:spec
    x-amazon-apigateway-tag-value: orders-api
  - name: aws:cloudformation:stack-name
    x-amazon-apigateway-tag-value: stack
  - name: team
    x-amazon-apigateway-tag-value: orders
  - name: pets
    description: operations about pets
paths: {}
`),
    );
    assert.equal(r.spec!.api.name, 'orders-api');
    assert.deepEqual(r.spec!.api.tags, { team: 'orders', pets: '' });
  });

  it('CORS: a maxAge written as a numeric string is its number, said so; a value of another type is an error', async () => {
    // AWS's x-amazon-apigateway-cors page types maxAge as an integer; the import dropped "300" without a word.
    const cors = (fields: string) =>
      load(doc(`paths: {}\nx-amazon-apigateway-cors:\n  allowOrigins: ["*"]\n${fields}`));
    const text = await cors('  maxAge: "300"\n');
    assert.equal(text.valid, true);
    assert.deepEqual(text.spec!.api.cors, { allowOrigins: ['*'], maxAge: 300 });
    assert.deepEqual(
      text.diagnostics.map((d) => [d.code, d.line, d.message]),
      [
        [
          'OAS103',
          8,
          'x-amazon-apigateway-cors.maxAge is the string "300", where AWS\'s x-amazon-apigateway-cors page has an integer: imported as 300.',
        ],
      ],
    );
    const number = await cors('  maxAge: 0\n  allowCredentials: false\n');
    assert.deepEqual([number.spec!.api.cors, number.diagnostics], [{ allowOrigins: ['*'], maxAge: 0 }, []]);
    const wrong = await cors('  maxAge: an hour\n  allowCredentials: "true"\n');
    assert.equal(wrong.valid, false);
    assert.deepEqual(
      wrong.diagnostics.map((d) => [d.code, d.line, d.message]),
      [
        ['OAS005', 8, 'x-amazon-apigateway-cors.maxAge must be an integer (seconds), not "an hour".'],
        ['OAS005', 9, 'x-amazon-apigateway-cors.allowCredentials must be true or false, not "true".'],
      ],
    );
  });

  it("the server's endpoint configuration: default endpoint off, dual stack; REST-only VPC endpoints reported", async () => {
    const r = await load(
      doc(`servers:
  - url: https://api.example.com/{basePath}
    variables: { basePath: { default: "" } }
    x-amazon-apigateway-endpoint-configuration:
      disableExecuteApiEndpoint: true
      ipAddressType: dualstack
      vpcEndpointIds: [vpce-0212a4ababd5b8c3e]
  - url: https://backup.example.com
paths: {}
`),
    );
    assert.equal(r.spec!.api.disableExecuteApiEndpoint, true);
    assert.equal(r.spec!.api.ipAddressType, 'dualstack');
    assert.deepEqual(
      codes(r.diagnostics).filter((c) => c !== 'OAS400'),
      ['OAS102', 'OAS100'],
    );
  });

  it('the account and region of the caller become ${aws:accountId} / ${aws:region}, as pull writes them', async () => {
    const r = await load(fixture('aws-samples-direct-integrations.yaml'), {
      aws: { region: 'us-east-1', accountId: '123456789012' },
    });
    const sqs = r.spec!.integrations!['sqs-sendmessage']!;
    assert.equal(sqs.credentialsArn, 'arn:aws:iam::${aws:accountId}:role/MyHttpApiRole');
    assert.equal(sqs.requestParameters!.QueueUrl, 'https://sqs.${aws:region}.amazonaws.com/${aws:accountId}/MyQueue');
  });

  it('a problem of the imported spec is reported at the operation it came from', async () => {
    const r = await load(
      doc(`paths:
  /files/{name}.json:
    get:
      responses: { default: { description: d } }
  /a/{proxy+}/b:
    get:
      responses: { default: { description: d } }
`),
    );
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.pointer]),
      [
        ['APIGW300', 7, '/paths/~1files~1{name}.json/get'],
        ['APIGW302', 10, '/paths/~1a~1{proxy+}~1b/get'],
      ],
    );
  });

  it('OpenAPI 3.1, an object instead of text, and YAML numbers where strings belong', async () => {
    const r = await importOpenApi({
      openapi: '3.1.0',
      info: { title: 'from an object', version: 2 },
      paths: {
        '/a': {
          get: {
            'x-amazon-apigateway-integration': {
              type: 'http_proxy',
              uri: 'https://a.example.com',
              payloadFormatVersion: 1,
            },
          },
        },
      },
    });
    assert.ok(r.valid);
    assert.deepEqual(r.spec!.routes, { 'GET /a': { integration: 'a.example.com' } });
    assert.ok(r.diagnostics.every((d) => d.line === undefined));
    const numeric = await load('openapi: 3.1\ninfo: { title: t, version: 1.0 }\npaths: {}\n');
    assert.equal(numeric.spec!.api.version, '1.0', 'as written, not as the number reads');
    assert.deepEqual(codes(numeric.diagnostics), ['OAS005', 'OAS103']);
    // SAM's templates write `openapi: '3.0'`; SAM takes two-part versions.
    const twoParts = await load("openapi: '3.0'\ninfo: { title: t, version: '2' }\npaths: {}\n");
    assert.equal(twoParts.valid, true);
    assert.deepEqual(
      twoParts.diagnostics.map((d) => [d.code, d.severity, d.message]),
      [['OAS005', 'warning', 'openapi is "3.0", without the patch version; read as "3.0.0".']],
    );
    assert.equal((await load("openapi: '3.2'\ninfo: { title: t, version: '2' }\npaths: {}\n")).valid, false);
  });

  it('into an existing spec: the base keeps its name, stages, VPC links, domains, throttling and descriptions', async () => {
    const base: GatewaySpec = {
      version: 1,
      api: { name: 'orders-api', protocol: 'HTTP', ipAddressType: 'dualstack' },
      integrations: {
        'orders-fn': {
          type: 'AWS_PROXY',
          description: 'Orders Lambda',
          uri: 'arn:aws:lambda:us-east-2:123456789012:function:orders',
        },
      },
      routes: {
        'GET /orders': { integration: 'orders-fn', throttling: { burstLimit: 5, rateLimit: 1 } },
        'GET /old': { integration: 'orders-fn' },
      },
      stages: {
        prod: {
          protected: true,
          routeSettings: { 'GET /old': { detailedMetrics: true }, 'GET /orders': { detailedMetrics: true } },
        },
      },
      domains: {
        'api.example.com': {
          certificateArn: 'arn:aws:acm:us-east-2:123456789012:certificate/abc',
          mappings: [{ stage: 'prod' }],
        },
      },
    };
    const r = await load(fixture('aws-export-http-api.json'), { fileName: 'e.json', base });
    const s = r.spec!;
    assert.equal(s.api.name, 'orders-api');
    assert.deepEqual(
      Object.keys(s.integrations!),
      ['orders-fn', 'api.example.com', 'legacy.example.com'],
      'the base name of the integration its routes use',
    );
    assert.equal(s.integrations!['orders-fn']!.description, 'Orders Lambda');
    assert.deepEqual(s.routes!['GET /orders']!.throttling, { burstLimit: 5, rateLimit: 1 });
    assert.deepEqual(s.stages, {
      prod: { protected: true, routeSettings: { 'GET /orders': { detailedMetrics: true } } },
    });
    assert.deepEqual(s.domains, base.domains);
    assert.ok(at(r.diagnostics, 'OAS400').some((d) => /route settings for GET \/old/.test(d.message)));
    assert.ok(r.valid, r.diagnostics.map((d) => d.message).join('\n'));
  });

  it('refuses a WebSocket base spec with a WorkbenchError', async () => {
    const base: GatewaySpec = { version: 1, api: { name: 'chat', protocol: 'WEBSOCKET' } };
    await assert.rejects(
      importOpenApi(fixture('aws-export-http-api.json'), { base }),
      (e: unknown) => isWorkbenchError(e) && e.code === 'InvalidArgument',
    );
  });
});

describe('OpenAPI import: bad input gets a clear error and nothing is fetched', () => {
  it('a $ref to a URL or file is reported and never fetched; a $ref to nothing is reported where it is', async () => {
    let requests = 0;
    const server = http.createServer((_q, s) => {
      requests++;
      s.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await load(
        doc(`paths:
  /remote:
    get:
      responses: { default: { $ref: "http://127.0.0.1:${port}/responses.yaml#/ok" } }
  /file:
    get:
      responses: { default: { $ref: "./responses.yaml#/ok" } }
  /missing:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { $ref: "#/components/x-amazon-apigateway-integrations/nope" }
`),
      );
      assert.equal(requests, 0);
      assert.deepEqual(
        at(r.diagnostics, 'OAS004').map((d) => [d.line, d.pointer]),
        [
          [8, `/paths/~1remote/get/responses/default/$ref`],
          [11, '/paths/~1file/get/responses/default/$ref'],
          [15, '/paths/~1missing/get/x-amazon-apigateway-integration/$ref'],
        ],
      );
      assert.equal(r.valid, false);
    } finally {
      server.close();
    }
  });

  it('a circular $ref is an error that says so where it is; a callback naming its own path is not', async () => {
    const r = await load(
      doc(`paths:
  /a:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { $ref: "#/components/x-amazon-apigateway-integrations/first" }
  /self:
    $ref: "#/paths/~1self"
  /hook:
    post:
      responses: { default: { description: d } }
      callbacks:
        onEvent:
          "{$request.body#/url}": { $ref: "#/paths/~1hook" }
      x-amazon-apigateway-integration: { type: http_proxy, uri: "https://example.com", payloadFormatVersion: "1.0" }
components:
  x-amazon-apigateway-integrations:
    first: { $ref: "#/components/x-amazon-apigateway-integrations/second" }
    second: { $ref: "#/components/x-amazon-apigateway-integrations/first" }
`),
    );
    assert.deepEqual(
      at(r.diagnostics, 'OAS004').map((d) => [d.line, d.pointer]),
      [
        [11, '/paths/~1self/$ref'],
        [21, '/components/x-amazon-apigateway-integrations/first/$ref'],
        [22, '/components/x-amazon-apigateway-integrations/second/$ref'],
      ],
    );
    for (const d of at(r.diagnostics, 'OAS004')) assert.match(d.message, /is circular: it leads back to itself/);
    assert.deepEqual(
      codes(r.diagnostics).filter((c) => c === 'OAS202' || c === 'OAS101'),
      [],
    );
    assert.equal(r.valid, false);
    assert.deepEqual(Object.keys(r.spec!.routes!), ['GET /a', 'POST /hook']);
  });

  it('Swagger 2.0, other OpenAPI versions, no version, not an object: refused with the reason', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n',
        /Swagger 2\.0 document: HTTP APIs import OpenAPI 3\.0/,
      ],
      ['openapi: 3.2.0\ninfo: { title: t, version: "1" }\npaths: {}\n', /OpenAPI 3\.2\.0 is not supported/],
      ['info: { title: t }\n', /No `openapi` field/],
      ['- a\n- b\n', /not an object/],
    ];
    for (const [text, message] of cases) {
      const r = await load(text);
      assert.equal(r.spec, undefined);
      assert.equal(r.valid, false);
      assert.match(r.diagnostics[0]!.message, message);
      assert.equal(r.diagnostics[0]!.code, 'OAS002');
    }
  });

  it('syntax errors, duplicate keys and YAML alias bombs: OAS001 at the line, quickly', async () => {
    const syntax = await load('openapi: 3.0.1\ninfo: {title: t\npaths: {}\n');
    assert.equal(syntax.diagnostics[0]!.code, 'OAS001');
    assert.ok(syntax.diagnostics[0]!.line! >= 2);
    const dup = await load('{"openapi": "3.0.1", "info": {"title": "a", "version": "1"},\n "paths": {}, "paths": {}}', {
      fileName: 'a.json',
    });
    assert.deepEqual([dup.diagnostics[0]!.code, dup.diagnostics[0]!.line], ['OAS001', 2]);
    const layers = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      layers.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const bomb = await load(`openapi: 3.0.1\n${layers.join('\n')}\n`);
    assert.equal(bomb.spec, undefined);
    assert.match(
      bomb.diagnostics.map((d) => d.message).join(' '),
      /YAML aliases up to here expand to [\d,]+ more values, past the spec input limit/,
    );
  });

  it('an integration without a type, or with one HTTP APIs lack, says which types there are', async () => {
    const r = await load(
      doc(`paths:
  /a:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { uri: "https://example.com", payloadFormatVersion: "1.0" }
  /b:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: { type: lambda, uri: "https://example.com", payloadFormatVersion: "1.0" }
`),
    );
    assert.deepEqual(
      at(r.diagnostics, 'OAS202').map((d) => [d.line, d.message]),
      [
        [
          9,
          'The integration has no type: add `type: aws_proxy` (a Lambda function or an AWS service) or `type: http_proxy` (a URL).',
        ],
        [
          13,
          'The integration type "lambda" is not one HTTP APIs have: use aws_proxy (a Lambda function or an AWS service) or http_proxy (a URL).',
        ],
      ],
    );
  });

  it('a YAML merge key (`<<`), which YAML 1.2 does not have, is an error at its line, not a silent loss', async () => {
    const r = await load(
      doc(`x-lambda: &lambda
  type: aws_proxy
  payloadFormatVersion: "2.0"
paths:
  /a:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration:
        <<: *lambda
        uri: arn:aws:lambda:us-east-1:123456789012:function:a
  /b:
    get:
      responses: { default: { description: d } }
      x-amazon-apigateway-integration: *lambda
`),
    );
    const merge = at(r.diagnostics, 'OAS001');
    assert.deepEqual(
      merge.map((d) => [d.line, d.pointer, d.severity]),
      [[13, '/paths/~1a/get/x-amazon-apigateway-integration/<<', 'error']],
    );
    assert.match(merge[0]!.message, /merge key .* not merged in here\. Write the fields out/);
    assert.equal(r.valid, false);
  });

  it('a document nested deeper than any OpenAPI document is refused, not a stack overflow', async () => {
    const depth = 20_000;
    const text = `{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"x-deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const r = await load(text, { fileName: 'deep.json' });
    assert.equal(r.spec, undefined);
    assert.match(r.diagnostics[0]!.message, /deeper than the spec input limit of 256 levels/i);
    const cyclic: Record<string, unknown> = { openapi: '3.0.1', info: { title: 't', version: '1' }, paths: {} };
    cyclic.self = cyclic;
    assert.ok((await importOpenApi(cyclic)).spec, 'a cyclic object given by a caller is read, not walked forever');
  });

  it('references that double at every level are refused (OAS006) where they would be expanded, and left alone in schemas', async () => {
    // Forty levels, each pointing twice at the next: 2^40 values if the resolver expanded them.
    const doubling = (section: string, leaf: object) => {
      const out: Record<string, object> = { L40: leaf };
      for (let i = 0; i < 40; i++)
        out[`L${i}`] = {
          type: 'object',
          properties: {
            a: { $ref: `#/components/${section}/L${i + 1}` },
            b: { $ref: `#/components/${section}/L${i + 1}` },
          },
        };
      return out;
    };
    const operation = {
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/L0' } } } },
      responses: { default: { description: 'd' } },
      'x-amazon-apigateway-integration': {
        type: 'aws_proxy',
        httpMethod: 'POST',
        uri: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        payloadFormatVersion: '2.0',
      },
    };
    const base = { openapi: '3.0.1', info: { title: 't', version: '1' }, paths: { '/x': { post: operation } } };
    const inSchemas = await importOpenApi({
      ...base,
      components: { schemas: doubling('schemas', { type: 'string' }) },
    });
    assert.deepEqual(Object.keys(inSchemas.spec!.routes!), ['POST /x']);
    assert.equal(inSchemas.valid, true);
    const elsewhere = await importOpenApi({
      ...base,
      info: { ...base.info, 'x-logo': { $ref: '#/components/x-bomb/L0' } },
      components: { 'x-bomb': doubling('x-bomb', { v: 1 }) },
    });
    assert.equal(elsewhere.spec, undefined);
    assert.deepEqual(
      elsewhere.diagnostics.map((d) => [d.code, d.message]),
      [
        [
          'OAS006',
          "The document's $refs expand it past 100,000 values (10 times the values it writes outside schemas, or 100,000); the import refuses it. Reference less, or write the repeated parts out.",
        ],
      ],
    );
    // Through a reference to `#/components`, its schemas are crawled as the reference's: counted too.
    const viaComponents = await importOpenApi({
      ...base,
      info: { ...base.info, 'x-all': { $ref: '#/components' } },
      components: { schemas: doubling('schemas', { type: 'string' }) },
    });
    assert.equal(viaComponents.diagnostics[0]!.code, 'OAS006');
    const chain: Record<string, object> = { C1000: { end: true } };
    for (let i = 0; i < 1000; i++) chain[`C${i}`] = { next: { $ref: `#/components/x-chain/C${i + 1}` } };
    const deep = await importOpenApi({
      ...base,
      info: { ...base.info, 'x-chain': { $ref: '#/components/x-chain/C0' } },
      components: { 'x-chain': chain },
    });
    assert.match(deep.diagnostics[0]!.message, /nest it deeper than 256 levels once expanded/);
  });

  it('every code is documented in docs/OPENAPI.md, with its severity', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'OPENAPI.md'), 'utf8');
    for (const [code, info] of Object.entries(OPENAPI_CODES))
      assert.match(text, new RegExp(`\\| ${code} \\| ${info.severity} \\|`), `${code} in docs/OPENAPI.md`);
  });
});

// Field by field against AWS's pages for HTTP APIs: a value of the wrong type or outside the values a page lists is
// said where it is (a diagnostic with a code), never dropped unsaid or read as something else.
describe('OpenAPI import: every extension field is read as its AWS page types it, or reported', () => {
  const where = (ds: OpenApiDiagnostic[]) =>
    ds.filter((d) => d.code.startsWith('OAS') && d.code !== 'OAS003').map((d) => `${d.code} ${d.line} ${d.pointer}`);
  const integrationDoc = (fields: string) =>
    doc(`paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        payloadFormatVersion: "1.0"
${fields}`);

  it('x-amazon-apigateway-integration: timeoutInMillis is an integer; a numeric string is its number, said so', async () => {
    // The x-amazon-apigateway-integration page: "timeoutInMillis | integer". A word was dropped unsaid (30 s applied).
    const word = await load(integrationDoc('        uri: https://example.com\n        timeoutInMillis: soon\n'));
    assert.equal(word.valid, false);
    assert.deepEqual(where(word.diagnostics), [
      'OAS005 13 /paths/~1a/get/x-amazon-apigateway-integration/timeoutInMillis',
    ]);
    assert.match(
      at(word.diagnostics, 'OAS005')[0]!.message,
      /timeoutInMillis must be an integer \(milliseconds\), not "soon"/,
    );
    const text = await load(integrationDoc('        uri: https://example.com\n        timeoutInMillis: "5000"\n'));
    assert.equal(text.valid, true);
    assert.equal(text.spec!.integrations!['example.com']!.timeoutMs, 5000);
    assert.deepEqual(where(text.diagnostics), [
      'OAS103 13 /paths/~1a/get/x-amazon-apigateway-integration/timeoutInMillis',
    ]);
  });

  it('x-amazon-apigateway-integration: connectionType is VPC_LINK or INTERNET; a connectionId needs VPC_LINK', async () => {
    // "connectionType | The valid value is "VPC_LINK" for private integration or "INTERNET", otherwise." Another value
    // made the private integration a public one, its connectionId dropped unsaid.
    const listener =
      'arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/0467ef3c8400ae65';
    const other = await load(
      integrationDoc(`        uri: ${listener}\n        connectionType: PRIVATE\n        connectionId: abc123\n`),
    );
    assert.equal(other.valid, false);
    assert.deepEqual(where(other.diagnostics).slice(0, 1), [
      'OAS005 13 /paths/~1a/get/x-amazon-apigateway-integration/connectionType',
    ]);
    assert.match(
      at(other.diagnostics, 'OAS005')[0]!.message,
      /connectionType is VPC_LINK \(a private integration\) or INTERNET/,
    );
    assert.equal(other.spec!.integrations, undefined, 'not imported as a public integration');
    const missing = await load(integrationDoc(`        uri: ${listener}\n        connectionId: abc123\n`));
    assert.equal(missing.valid, false);
    assert.deepEqual(where(missing.diagnostics).slice(0, 1), [
      'OAS202 13 /paths/~1a/get/x-amazon-apigateway-integration/connectionId',
    ]);
    assert.match(at(missing.diagnostics, 'OAS202')[0]!.message, /connectionType: VPC_LINK/);
    const internet = await load(integrationDoc('        uri: https://example.com\n        connectionType: INTERNET\n'));
    assert.deepEqual([internet.valid, where(internet.diagnostics)], [true, []]);
  });

  it('x-amazon-apigateway-integration.tlsConfig: an object with serverNameToVerify, a string; other fields reported', async () => {
    const base =
      '        uri: arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/lb/50dc6c495c0c9188/0467ef3c8400ae65\n        connectionType: VPC_LINK\n        connectionId: abc123\n';
    const vpcLinks = {
      abc123: { name: 'lb-link', link: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } },
    } as ImportOptions['vpcLinks'];
    const typo = await load(integrationDoc(`${base}        tlsConfig: { serverNameToVerfy: example.com }\n`), {
      vpcLinks,
    });
    assert.deepEqual(where(typo.diagnostics), [
      'OAS101 15 /paths/~1a/get/x-amazon-apigateway-integration/tlsConfig/serverNameToVerfy',
    ]);
    assert.match(at(typo.diagnostics, 'OAS101')[0]!.message, /did you mean serverNameToVerify/);
    const number = await load(integrationDoc(`${base}        tlsConfig: { serverNameToVerify: 5 }\n`), { vpcLinks });
    assert.equal(number.valid, false);
    assert.deepEqual(where(number.diagnostics), [
      'OAS005 15 /paths/~1a/get/x-amazon-apigateway-integration/tlsConfig/serverNameToVerify',
    ]);
    const text = await load(integrationDoc(`${base}        tlsConfig: example.com\n`), { vpcLinks });
    assert.equal(text.valid, false);
    assert.deepEqual(where(text.diagnostics), ['OAS005 15 /paths/~1a/get/x-amazon-apigateway-integration/tlsConfig']);
  });

  it('x-amazon-apigateway-integration.responseParameters: keyed by status code, each a map; said so when not', async () => {
    const r = await load(
      integrationDoc(
        '        uri: https://example.com\n        responseParameters:\n          overwrite:statuscode: "403"\n',
      ),
    );
    assert.equal(r.valid, false);
    assert.deepEqual(where(r.diagnostics), [
      'OAS005 14 /paths/~1a/get/x-amazon-apigateway-integration/responseParameters/overwrite:statuscode',
    ]);
    assert.match(at(r.diagnostics, 'OAS005')[0]!.message, /keyed by status code/);
  });

  const requestAuthorizer = (fields: string) =>
    doc(`paths:
  /a:
    get:
      security: [{ lambda: [] }]
components:
  securitySchemes:
    lambda:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: request
        authorizerUri: arn:aws:lambda:us-east-1:123456789012:function:auth
        identitySource: $request.header.Authorization
${fields}`);

  it('x-amazon-apigateway-authorizer (request): every field of the wrong type is an error at its place', async () => {
    // authorizerPayloadFormatVersion "3.0" became 2.0, enableSimpleResponses "true" false, a TTL word 0 (no caching)
    // and credentials of another type none, all unsaid.
    const r = await load(
      requestAuthorizer(`        authorizerPayloadFormatVersion: "3.0"
        enableSimpleResponses: "true"
        authorizerResultTtlInSeconds: five minutes
        authorizerCredentials: { Ref: Role }
`),
    );
    assert.equal(r.valid, false);
    const ext = '/components/securitySchemes/lambda/x-amazon-apigateway-authorizer';
    assert.deepEqual(
      where(r.diagnostics).filter((d) => !d.startsWith('OAS300')),
      [
        `OAS005 19 ${ext}/authorizerPayloadFormatVersion`,
        `OAS005 20 ${ext}/enableSimpleResponses`,
        `OAS005 21 ${ext}/authorizerResultTtlInSeconds`,
        `OAS005 22 ${ext}/authorizerCredentials`,
      ],
    );
    assert.match(r.diagnostics.find((d) => d.line === 22)!.message, /CloudFormation Ref/);
    const good = await load(
      requestAuthorizer(`        authorizerPayloadFormatVersion: 2.0
        enableSimpleResponses: true
        authorizerResultTtlInSeconds: "300"
`),
    );
    assert.equal(good.valid, true);
    assert.deepEqual(good.spec!.authorizers!.lambda, {
      type: 'REQUEST',
      uri: 'arn:aws:lambda:us-east-1:123456789012:function:auth',
      identitySources: ['$request.header.Authorization'],
      enableSimpleResponses: true,
      resultTtlSeconds: 300,
    });
  });

  it('x-amazon-apigateway-authorizer: identitySource is a string; jwtConfiguration has issuer and audience only', async () => {
    const r = await load(
      doc(`paths:
  /a:
    get:
      security: [{ jwt: [] }]
components:
  securitySchemes:
    jwt:
      type: oauth2
      flows: {}
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: { header: Authorization }
        jwtConfiguration:
          issuer: https://issuer.example.com
          audience: [web]
          audiences: [mobile]
`),
    );
    const ext = '/components/securitySchemes/jwt/x-amazon-apigateway-authorizer';
    assert.deepEqual(
      where(r.diagnostics).filter((d) => !d.startsWith('OAS300')),
      [`OAS005 16 ${ext}/identitySource`, `OAS101 20 ${ext}/jwtConfiguration/audiences`],
    );
    assert.match(r.diagnostics.find((d) => d.line === 20)!.message, /did you mean audience/);
  });

  const jwtSchemes = `components:
  securitySchemes:
    jwt:
      type: oauth2
      flows: {}
      x-amazon-apigateway-authorizer:
        type: jwt
        jwtConfiguration: { issuer: "https://issuer.example.com", audience: [web] }
    sigv4:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: awsSigv4
`;

  it('security: an empty requirement beside another makes authorization optional, which API Gateway cannot model', async () => {
    // http-api-open-api.html: "Each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT
    // authorizer. Attempting to model multiple security requirements results in an error." `[{}, {jwt: []}]` is two
    // requirements (OpenAPI: "an empty security requirement ({}) can be included in the array" to make it optional);
    // it was imported as a route that requires the JWT, unsaid.
    const r = await load(
      doc(`paths:
  /a:
    get:
      security: [{}, { jwt: [] }]
${jwtSchemes}`),
    );
    assert.equal(r.valid, false);
    assert.deepEqual(where(r.diagnostics), ['OAS301 8 /paths/~1a/get/security']);
    assert.match(at(r.diagnostics, 'OAS301')[0]!.message, /optional/);
    assert.deepEqual(r.spec!.routes!['GET /a'], { authorizer: 'jwt' }, 'the route stays protected');
  });

  it('security: scopes on IAM authorization are reported (they apply to JWT authorizers), not dropped unsaid', async () => {
    const r = await load(
      doc(`paths:
  /a:
    get:
      security: [{ sigv4: [orders/read] }]
${jwtSchemes}`),
    );
    assert.deepEqual(where(r.diagnostics), ['OAS303 8 /paths/~1a/get/security']);
    assert.match(at(r.diagnostics, 'OAS303')[0]!.message, /IAM/);
    assert.deepEqual(r.spec!.routes!['GET /a'], { authorizationType: 'AWS_IAM' });
  });

  it('x-amazon-apigateway-tag-value: a string (a number or boolean as written); an object or list is an error', async () => {
    const r = await load(
      doc(`paths: {}
tags:
  - name: cost-center
    x-amazon-apigateway-tag-value: 4711
  - name: owner
    x-amazon-apigateway-tag-value: { team: orders }
`),
    );
    assert.equal(r.valid, false);
    assert.deepEqual(where(r.diagnostics), ['OAS005 10 /tags/1/x-amazon-apigateway-tag-value']);
    assert.deepEqual(r.spec!.api.tags, { 'cost-center': '4711' });
  });

  it('x-amazon-apigateway-endpoint-configuration: values of the wrong type and unknown fields are reported', async () => {
    const r = await load(
      doc(`servers:
  - url: /
    x-amazon-apigateway-endpoint-configuration:
      disableExecuteApiEndpoint: "true"
      ipAddressType: ipv6
      types: [REGIONAL]
paths: {}
`),
    );
    assert.equal(r.valid, false);
    const ext = '/servers/0/x-amazon-apigateway-endpoint-configuration';
    assert.deepEqual(where(r.diagnostics), [
      `OAS005 8 ${ext}/disableExecuteApiEndpoint`,
      `OAS005 9 ${ext}/ipAddressType`,
      `OAS101 10 ${ext}/types`,
    ]);
    assert.equal(r.spec!.api.disableExecuteApiEndpoint, undefined);
  });

  it('x-amazon-apigateway-importexport-version: 1.0 written as a YAML number is version 1.0', async () => {
    const r = await load(doc('paths: {}\nx-amazon-apigateway-importexport-version: 1.0\n'));
    assert.deepEqual(where(r.diagnostics), []);
    const other = await load(doc('paths: {}\nx-amazon-apigateway-importexport-version: 2.0\n'));
    assert.deepEqual(where(other.diagnostics), ['OAS101 6 /x-amazon-apigateway-importexport-version']);
  });

  it("servers: a base path in the server URL is left out of the routes, as ImportApi's default basepath=ignore does, and said so", async () => {
    // api-gateway-import-api-basePath.html: without basePath variables, "the Import API feature checks the server.url
    // string to see if it contains a path beyond "/". If it does, that path is used as the base path"; "When
    // unspecified, basePath takes ignore by default": "the effect is to treat the basePath as if it was not present".
    const r = await load(
      doc(`servers:
  - url: https://api.example.com/v1
paths:
  /pets:
    get:
      x-amazon-apigateway-integration: { type: http_proxy, uri: "https://example.com", payloadFormatVersion: "1.0" }
`),
    );
    assert.deepEqual(Object.keys(r.spec!.routes!), ['GET /pets']);
    assert.deepEqual(where(r.diagnostics), ['OAS102 6 /servers/0/url']);
    assert.match(at(r.diagnostics, 'OAS102')[0]!.message, /\/v1.*GET \/pets, not GET \/v1\/pets/s);
    const root = await load(doc('servers:\n  - url: https://api.example.com/\npaths: {}\n'));
    assert.deepEqual(where(root.diagnostics), []);
  });
});
