// One case per rule, positive and negative: each names the problems a change to a valid spec must cause — code,
// severity and the exact token the range covers — and each runs in JSON and in YAML, which must agree.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODES, validateSpec, type QuickFix } from '../../src/core/gatewaySpec';
import { applyEdits } from '../../src/core/gatewaySpec/edits';
import { accessLogVariables } from '../../src/core/gatewaySpec/accessLogVariables';
import { isReservedHeader, reservedHeaderEntry } from '../../src/core/gatewaySpec/mappingKeys';
import { httpSpec, problems, toText, wsSpec, type Json, type Problem } from './specBuilders';

type Expect = [code: keyof typeof CODES, severity: 'error' | 'warning', token: string];
const E = (code: keyof typeof CODES, token: string): Expect => [code, 'error', token];
const W = (code: keyof typeof CODES, token: string): Expect => [code, 'warning', token];

interface Case {
  name: string;
  base: 'http' | 'ws';
  change: (s: Json) => void;
  expect: Expect[];
  /** Only compare problems with these codes (for cases that necessarily cause others too). */
  only?: Array<keyof typeof CODES>;
}

const LISTENER =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/inv/50dc6c495c0c9188/0467ef3c8400ae65';
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d';
const ROLE = 'arn:aws:iam::123456789012:role/apigw-sqs';
const many = (n: number, f: (i: number) => [string, unknown]) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => f(i)));

const cases: Case[] = [
  // baselines
  { name: 'a valid HTTP spec', base: 'http', change: () => undefined, expect: [] },
  { name: 'a valid WebSocket spec', base: 'ws', change: () => undefined, expect: [] },
  // schema
  {
    name: 'APIGW100 wrong type',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{id}'].integration = 42;
    },
    expect: [E('APIGW100', '42')],
  },
  {
    name: 'APIGW100 payload format as a number',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].payloadFormatVersion = 2;
    },
    expect: [E('APIGW100', '2')],
  },
  {
    name: 'APIGW101 missing required property',
    base: 'http',
    change: (s) => {
      delete s.api.name;
    },
    expect: [E('APIGW101', 'api')],
  },
  {
    name: 'APIGW102 unknown property',
    base: 'http',
    change: (s) => {
      s.api.protcol = 'HTTP';
    },
    expect: [E('APIGW102', 'protcol')],
  },
  {
    name: 'APIGW103 value not in the enum',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].method = 'FETCH';
    },
    expect: [E('APIGW103', 'FETCH')],
  },
  {
    name: 'APIGW103 wrong format version',
    base: 'http',
    change: (s) => {
      s.version = 2;
    },
    expect: [E('APIGW103', '2')],
  },
  {
    name: 'APIGW104 pattern',
    base: 'http',
    change: (s) => {
      s.authorizers.cognito.jwt.issuer = 'http://issuer';
    },
    expect: [E('APIGW104', 'http://issuer')],
  },
  {
    name: 'APIGW104 invalid item name',
    base: 'http',
    change: (s) => {
      s.integrations['bad name'] = { type: 'HTTP_PROXY', uri: 'https://x.example.com' };
    },
    expect: [E('APIGW104', 'bad name'), W('APIGW900', 'bad name')],
  },
  {
    name: 'APIGW105 below the minimum',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].timeoutMs = 10;
    },
    expect: [E('APIGW105', '10')],
  },
  {
    name: 'APIGW105 integration timeout within range',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].timeoutMs = 30000;
    },
    expect: [],
  },
  {
    name: 'APIGW106 too many scopes',
    base: 'http',
    change: (s) => {
      s.routes['GET /items'].authorizationScopes = Array.from({ length: 11 }, (_, i) => `s${i}`);
    },
    expect: [E('APIGW106', 'authorizationScopes')],
  },
  // references
  {
    name: 'APIGW200 unknown integration',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{id}'].integration = 'orders-fnn';
    },
    expect: [E('APIGW200', 'orders-fnn')],
  },
  {
    name: 'APIGW201 unknown authorizer',
    base: 'http',
    change: (s) => {
      s.routes['GET /items'].authorizer = 'cognitoo';
    },
    expect: [W('APIGW901', 'cognito'), E('APIGW201', 'cognitoo')],
  },
  {
    name: 'APIGW202 unknown VPC link',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'] = { type: 'HTTP_PROXY', uri: LISTENER, vpcLink: 'internl' };
      s.vpcLinks = { internal: { subnetIds: ['subnet-0a1b2c3d'] } };
    },
    expect: [E('APIGW202', 'internl'), W('APIGW902', 'internal')],
  },
  {
    name: 'a private integration through a VPC link',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'] = {
        type: 'HTTP_PROXY',
        uri: LISTENER,
        vpcLink: 'internal',
        tlsServerName: 'inv.example.com',
      };
      s.vpcLinks = { internal: { subnetIds: ['subnet-0a1b2c3d'] } };
    },
    expect: [],
  },
  {
    name: 'APIGW203 unknown stage in a domain mapping',
    base: 'http',
    change: (s) => {
      s.domains = {
        'api.example.com': { certificateArn: CERT, mappings: [{ stage: 'prod' }, { stage: 'prd', path: 'v1' }] },
      };
    },
    expect: [E('APIGW203', 'prd')],
  },
  {
    name: 'APIGW204 route settings for an unknown route',
    base: 'http',
    change: (s) => {
      s.stages.prod.routeSettings = { 'GET /item': { detailedMetrics: true } };
    },
    expect: [E('APIGW204', 'GET /item')],
  },
  {
    name: 'APIGW205 unknown model in request models and route responses',
    base: 'ws',
    change: (s) => {
      s.models = { Message: { schema: { type: 'object' } } };
      s.routes.sendMessage.modelSelectionExpression = '$request.body.action';
      s.routes.sendMessage.requestModels = { sendMessage: 'Mesage', $default: 'Message' };
      s.routes.sendMessage.routeResponseSelectionExpression = '$default';
      s.routes.sendMessage.routeResponses = { $default: { responseModels: { $default: 'Reply' } } };
    },
    expect: [E('APIGW205', 'Mesage'), E('APIGW205', 'Reply')],
  },
  {
    name: 'APIGW513 a two-way route whose MOCK integration has no integration responses: a warning (with one, none)',
    base: 'ws',
    change: (s) => {
      s.routes.ping.routeResponseSelectionExpression = '$default';
      s.integrations.echo = { type: 'MOCK', responses: { $default: {} } };
      s.routes.echo = { integration: 'echo', routeResponseSelectionExpression: '$default' };
    },
    expect: [W('APIGW513', 'routeResponseSelectionExpression')],
  },
  {
    name: 'APIGW514 mapping templates that are not valid Velocity: a parse error, an unclosed block, a #end too many',
    base: 'ws',
    change: (s) => {
      s.integrations['ping-mock'].requestTemplates = {
        $default: '#set($n = )',
        good: "#foreach($i in $input.path('$.l'))$i#end",
        // The workbench's own variables, resolved before AWS sees the template (a real SAM pattern has them).
        arn: '{"arn": "arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:s"}',
        open: '#if($context.routeKey)x',
        multi: 'x = 1\n  #set($n = )\nmore',
        // Checked up to 1,000 punctuation characters (velocityjs's parse grows with the square of the tokens).
        edge: `#set($n = )${','.repeat(995)}`,
        over: `#set($n = )${','.repeat(996)}`,
      };
      s.integrations['ping-mock'].responses = { $default: { responseTemplates: { $default: 'a #end b' } } };
    },
    expect: [
      W('APIGW514', '#set($n = )'),
      W('APIGW514', '#set($n = )'),
      W('APIGW514', '#if($context.routeKey)x'),
      W('APIGW514', 'a #end b'),
      W('APIGW514', `#set($n = )${','.repeat(995)}`),
    ],
  },
  {
    name: 'APIGW511 request models that nothing selects (no modelSelectionExpression): a warning',
    base: 'ws',
    change: (s) => {
      s.models = { Message: { schema: { type: 'object' } } };
      s.routes.sendMessage.requestModels = { $default: 'Message' };
    },
    expect: [W('APIGW511', 'requestModels')],
  },
  {
    name: 'APIGW512 model schemas that are not JSON Schema draft 4, on the key at fault (the first of each model)',
    base: 'ws',
    change: (s) => {
      s.models = {
        Empty: { schema: { type: 'object', required: [], properties: { id: { type: 'string' } } } },
        Twice: { schema: { properties: { kind: { type: 'string', enum: ['a', 'a'] } }, required: ['kind'] } },
        Typo: { schema: { properties: { n: { type: 'strin' } }, required: ['n'] } },
        Nested: { schema: { items: { type: 7 } } },
        TypesTwice: { schema: { type: ['string', 'string'] } },
        Text: { schema: '{"type": "object",' },
        Upload: { contentType: 'application/json; charset=utf-8', schema: '{"required": "id"}' },
        // Only JSON models are checked: AWS takes any text for other content types.
        Plain: { contentType: 'text/plain', schema: 'any text at all' },
      };
      s.routes.sendMessage.modelSelectionExpression = '$request.body.action';
      s.routes.sendMessage.requestModels = Object.fromEntries(Object.keys(s.models).map((m) => [m.toLowerCase(), m]));
    },
    expect: [
      E('APIGW512', 'required'),
      E('APIGW512', 'enum'),
      E('APIGW512', 'type'),
      E('APIGW512', 'type'),
      E('APIGW512', 'type'),
      E('APIGW512', '{"type": "object",'),
      E('APIGW512', '{"required": "id"}'),
    ],
  },
  {
    name: 'request models, route responses and models that are fine',
    base: 'ws',
    change: (s) => {
      s.models = { Message: { schema: { type: 'object' } }, Reply: { schema: '{"type": "object"}' } };
      s.routes.sendMessage.modelSelectionExpression = '${request.body.action}';
      s.routes.sendMessage.requestModels = { sendMessage: 'Message' };
      s.routes.sendMessage.routeResponseSelectionExpression = '$default';
      s.routes.sendMessage.routeResponses = { $default: { responseModels: { $default: 'Reply' } } };
    },
    expect: [],
  },
  // routes
  {
    name: 'APIGW300 unknown method',
    base: 'http',
    change: (s) => {
      s.routes['GTE /x'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW300', 'GTE /x')],
  },
  {
    name: 'APIGW300 path without a slash',
    base: 'http',
    change: (s) => {
      s.routes['GET x'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW300', 'GET x')],
  },
  {
    name: 'APIGW300 path without a method',
    base: 'http',
    change: (s) => {
      s.routes['/x'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW300', '/x')],
  },
  {
    name: 'APIGW300 trailing slash',
    base: 'http',
    change: (s) => {
      s.routes['GET /x/'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW300', 'GET /x/')],
  },
  {
    name: 'APIGW300 partial path parameter',
    base: 'http',
    change: (s) => {
      s.routes['GET /x{id}'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW300', 'GET /x{id}')],
  },
  {
    name: 'HTTP route keys that are fine',
    base: 'http',
    change: (s) => {
      s.routes.$default = { integration: 'orders-fn' };
      s.routes['GET /'] = { integration: 'orders-fn' };
      s.routes['POST /a.b/{c}/d~e'] = { integration: 'orders-fn' };
    },
    expect: [],
  },
  {
    name: 'APIGW302 greedy parameter not last',
    base: 'http',
    change: (s) => {
      s.routes['ANY /{proxy+}/x'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW302', 'ANY /{proxy+}/x')],
  },
  {
    name: 'APIGW303 routes that match the same requests',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{other}'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW303', 'GET /items/{other}')],
  },
  {
    name: 'APIGW303 greedy parameters: same shape whatever the name, another shape than a plain parameter',
    base: 'http',
    change: (s) => {
      s.routes['ANY /files/{path+}'] = { integration: 'orders-fn' };
      s.routes['ANY /files/{rest+}'] = { integration: 'orders-fn' };
      s.routes['ANY /files/{name}'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW303', 'ANY /files/{rest+}')],
  },
  {
    name: 'APIGW303 not for another method',
    base: 'http',
    change: (s) => {
      s.routes['POST /items/{other}'] = { integration: 'orders-fn' };
      s.routes['ANY /items/{x}'] = { integration: 'orders-fn' };
    },
    expect: [],
  },
  {
    name: 'APIGW304 parameter named twice',
    base: 'http',
    change: (s) => {
      s.routes['GET /a/{id}/b/{id}'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW304', 'GET /a/{id}/b/{id}')],
  },
  {
    name: 'APIGW305 route without integration',
    base: 'http',
    change: (s) => {
      s.routes['GET /health'] = {};
    },
    expect: [W('APIGW305', 'GET /health')],
  },
  {
    name: 'APIGW301 reserved WebSocket key',
    base: 'ws',
    change: (s) => {
      s.routes.$conect = { integration: 'chat-fn' };
    },
    expect: [E('APIGW301', '$conect')],
  },
  {
    name: 'APIGW306 HTTP-looking WebSocket key',
    base: 'ws',
    change: (s) => {
      s.routes['GET /x'] = { integration: 'chat-fn' };
    },
    expect: [W('APIGW306', 'GET /x')],
  },
  {
    name: 'APIGW307 route response other than $default',
    base: 'ws',
    change: (s) => {
      s.routes.sendMessage.routeResponseSelectionExpression = '$request.body.reply';
      s.routes.ping.routeResponseSelectionExpression = '$default';
      s.routes.ping.routeResponses = { ok: {} };
      s.integrations['ping-mock'].responses = { $default: {} };
    },
    expect: [E('APIGW307', '$request.body.reply'), E('APIGW307', 'ok')],
  },
  {
    name: 'WebSocket keys that are fine',
    base: 'ws',
    change: (s) => {
      s.routes.$default = { integration: 'chat-fn' };
      s.routes['join room'] = { integration: 'chat-fn' };
    },
    expect: [],
  },
  // integrations
  {
    name: 'APIGW400 integration type not on HTTP APIs',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'] = { type: 'MOCK' };
    },
    expect: [E('APIGW400', 'MOCK')],
  },
  {
    name: 'APIGW401 payload 2.0 on an HTTP proxy',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].payloadFormatVersion = '2.0';
    },
    expect: [E('APIGW401', '2.0')],
  },
  {
    name: 'APIGW401 payload 2.0 on WebSocket',
    base: 'ws',
    change: (s) => {
      s.integrations['chat-fn'].payloadFormatVersion = '2.0';
    },
    expect: [E('APIGW401', '2.0')],
  },
  {
    name: 'a complete first-class integration',
    base: 'http',
    change: (s) => {
      s.integrations.queue = {
        type: 'AWS_PROXY',
        subtype: 'SQS-SendMessage',
        credentialsArn: ROLE,
        requestParameters: {
          QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
          MessageBody: '$request.body',
          MessageAttributes: '{"from": {"DataType": "String", "StringValue": "${request.header.x-from}"}}',
          MessageSystemAttributes: '{"AWSTraceHeader": {"DataType": "String", "StringValue": "$request.header.x"}}',
        },
      };
      s.routes['POST /q'] = { integration: 'queue' };
    },
    expect: [],
  },
  {
    name: 'APIGW402 first-class integration without a required parameter',
    base: 'http',
    change: (s) => {
      s.integrations.queue = {
        type: 'AWS_PROXY',
        subtype: 'SQS-SendMessage',
        credentialsArn: ROLE,
        requestParameters: { QueueUrl: 'https://q' },
      };
      s.routes['POST /q'] = { integration: 'queue' };
    },
    expect: [E('APIGW402', 'requestParameters')],
  },
  {
    name: 'APIGW403 first-class integration without a role',
    base: 'http',
    change: (s) => {
      s.integrations.sfn = {
        type: 'AWS_PROXY',
        subtype: 'StepFunctions-StartExecution',
        requestParameters: { StateMachineArn: 'arn:x' },
      };
      s.routes['POST /run'] = { integration: 'sfn' };
    },
    expect: [E('APIGW403', 'StepFunctions-StartExecution')],
  },
  {
    name: 'APIGW404 unknown parameter of a first-class integration',
    base: 'http',
    change: (s) => {
      s.integrations.events = {
        type: 'AWS_PROXY',
        subtype: 'EventBridge-PutEvents',
        credentialsArn: ROLE,
        requestParameters: { Detail: '$request.body', DetailType: 'x', Source: 'y', EventBus: 'z' },
      };
      s.routes['POST /e'] = { integration: 'events' };
    },
    expect: [E('APIGW404', 'EventBus')],
  },
  {
    name: 'APIGW405 WebSocket timeout above 29 s',
    base: 'ws',
    change: (s) => {
      s.integrations['chat-fn'].timeoutMs = 30000;
    },
    expect: [E('APIGW405', '30000')],
  },
  {
    name: 'APIGW406 WebSocket-only setting on HTTP',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].requestTemplates = { $default: '{}' };
    },
    expect: [E('APIGW406', 'requestTemplates')],
  },
  {
    name: 'APIGW708 mapping templates over 300 KB',
    base: 'ws',
    change: (s) => {
      const big = `{"pad": "${'é'.repeat(160 * 1024)}"}`;
      s.integrations['ping-mock'].requestTemplates = { $default: big, 'application/xml': 'x'.repeat(300 * 1024) };
      s.integrations['ping-mock'].responses = { $default: { responseTemplates: { $default: big } } };
    },
    expect: [
      E('APIGW708', `{"pad": "${'é'.repeat(160 * 1024)}"}`),
      E('APIGW708', `{"pad": "${'é'.repeat(160 * 1024)}"}`),
    ],
  },
  {
    name: 'APIGW406 integration responses on HTTP and on WebSocket proxy integrations',
    base: 'ws',
    change: (s) => {
      s.integrations['chat-fn'].responses = { $default: {} };
      s.integrations['chat-fn'].requestTemplates = { $default: '{}' };
      s.integrations['ping-mock'].responses = { $default: { templateSelectionExpression: '\\$default' } };
    },
    expect: [E('APIGW406', 'responses'), E('APIGW406', 'requestTemplates')],
  },
  {
    name: 'content handling and passthrough behavior on a WebSocket proxy integration',
    base: 'ws',
    change: (s) => {
      s.integrations['chat-fn'].contentHandling = 'CONVERT_TO_TEXT';
      s.integrations['chat-fn'].passthroughBehavior = 'WHEN_NO_MATCH';
    },
    expect: [],
  },
  {
    name: 'APIGW406 content handling and integration responses on HTTP',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].contentHandling = 'CONVERT_TO_TEXT';
      s.integrations['catalog-http'].responses = { $default: {} };
    },
    expect: [E('APIGW406', 'contentHandling'), E('APIGW406', 'responses')],
  },
  {
    name: 'APIGW406 TLS server name without a VPC link',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].tlsServerName = 'x.example.com';
    },
    expect: [E('APIGW406', 'tlsServerName')],
  },
  {
    name: 'APIGW407 integration without a URI',
    base: 'http',
    change: (s) => {
      delete s.integrations['catalog-http'].uri;
    },
    expect: [E('APIGW407', 'catalog-http')],
  },
  {
    name: 'APIGW408 integration description too long once deploy adds the name marker',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].description = 'd'.repeat(1024 - '[apigw:orders-fn] '.length);
      s.integrations['catalog-http'].description = 'd'.repeat(1024 - '[apigw:catalog-http] '.length + 1);
    },
    expect: [E('APIGW408', 'd'.repeat(1024 - '[apigw:catalog-http] '.length + 1))],
  },
  {
    name: 'APIGW409 Lambda integration whose method is not POST',
    base: 'ws',
    change: (s) => {
      s.integrations['chat-fn'].method = 'GET';
      s.integrations.store = {
        type: 'AWS',
        method: 'PUT',
        uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:x/invocations',
      };
      s.integrations.dynamo = {
        type: 'AWS',
        method: 'PUT',
        uri: 'arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem',
      };
      s.routes.store = { integration: 'store' };
      s.routes.dynamo = { integration: 'dynamo' };
    },
    expect: [E('APIGW409', 'GET'), E('APIGW409', 'PUT')],
  },
  {
    name: 'APIGW409 Lambda proxy on HTTP with ANY; an HTTP proxy may use any method',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].method = 'ANY';
      s.integrations['catalog-http'].method = 'GET';
    },
    expect: [E('APIGW409', 'ANY')],
  },
  {
    name: 'APIGW410 request mappings on reserved headers, whatever their case',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].requestParameters = {
        'overwrite:header.Authorization': '$request.header.x-token',
        'append:header.X-Amzn-Trace-Id': '$context.requestId',
        'remove:header.via': '',
        'overwrite:header.x-custom': '$context.requestId',
        'overwrite:header.x-amzfoo': 'static',
        'overwrite:querystring.Authorization': 'x',
        'overwrite:path': '/v2${request.path}',
      };
    },
    expect: [
      E('APIGW410', 'overwrite:header.Authorization'),
      E('APIGW410', 'append:header.X-Amzn-Trace-Id'),
      E('APIGW410', 'remove:header.via'),
    ],
  },
  {
    name: 'APIGW410 response mappings on reserved headers, in every status code',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].responseParameters = {
        '200': { 'append:header.x-amz-meta': 'x', 'append:header.x-custom': 'orders' },
        '404': { 'overwrite:header.Access-Control-Allow-Origin': '*', 'overwrite:statuscode': '410' },
      };
      s.integrations['orders-fn'].responseParameters = { '500': { 'remove:header.Content-Length': '' } };
    },
    expect: [
      E('APIGW410', 'append:header.x-amz-meta'),
      E('APIGW410', 'overwrite:header.Access-Control-Allow-Origin'),
      E('APIGW410', 'remove:header.Content-Length'),
    ],
  },
  {
    name: 'APIGW410 mapping keys of other forms than AWS lists, for requests and for responses',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].requestParameters = {
        'overwrite:querystring.page': '1',
        'remove:querystring.debug': "''",
        'overwrite:statuscode': '200',
        'append:path': '/x',
        'Overwrite:header.x-custom': 'x',
        'overwrite:body.name': 'x',
        'header.x-custom': 'x',
      };
      s.integrations['catalog-http'].responseParameters = {
        '200': { 'overwrite:statuscode': '204', 'overwrite:path': '/x', 'append:querystring.a': 'b' },
      };
    },
    expect: [
      E('APIGW410', 'overwrite:statuscode'),
      E('APIGW410', 'append:path'),
      E('APIGW410', 'Overwrite:header.x-custom'),
      E('APIGW410', 'overwrite:body.name'),
      E('APIGW410', 'header.x-custom'),
      E('APIGW410', 'overwrite:path'),
      E('APIGW410', 'append:querystring.a'),
    ],
  },
  {
    name: 'APIGW410 does not judge first-class parameters or WebSocket mappings',
    base: 'ws',
    change: (s) => {
      s.integrations.backend = {
        type: 'HTTP_PROXY',
        uri: 'https://backend.example.com',
        requestParameters: { 'integration.request.header.Authorization': 'route.request.header.Authorization' },
      };
      s.routes.backend = { integration: 'backend' };
    },
    expect: [],
  },
  {
    name: "APIGW410 leaves a first-class integration's parameters to APIGW404",
    base: 'http',
    change: (s) => {
      s.integrations.queue = {
        type: 'AWS_PROXY',
        subtype: 'SQS-SendMessage',
        credentialsArn: ROLE,
        requestParameters: { QueueUrl: 'q', MessageBody: '$request.body', 'overwrite:header.Authorization': 'x' },
      };
      s.routes['POST /q'] = { integration: 'queue' };
    },
    expect: [E('APIGW404', 'overwrite:header.Authorization')],
  },
  // authorization
  {
    name: 'APIGW500 JWT authorization on WebSocket',
    base: 'ws',
    change: (s) => {
      s.routes.sendMessage.authorizationType = 'JWT';
    },
    expect: [E('APIGW500', 'JWT')],
  },
  {
    name: 'APIGW501 CUSTOM with a JWT authorizer',
    base: 'http',
    change: (s) => {
      s.routes['GET /items'].authorizationType = 'CUSTOM';
      delete s.routes['GET /items'].authorizationScopes;
    },
    expect: [E('APIGW501', 'CUSTOM')],
  },
  {
    name: 'APIGW501 JWT without an authorizer',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{id}'].authorizationType = 'JWT';
    },
    expect: [E('APIGW501', 'JWT')],
  },
  {
    name: 'explicit authorization types that fit',
    base: 'http',
    change: (s) => {
      s.routes['GET /items'].authorizationType = 'JWT';
      s.routes['GET /items/{id}'].authorizationType = 'AWS_IAM';
    },
    expect: [],
  },
  {
    name: 'APIGW502 scopes without JWT',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{id}'].authorizationScopes = ['x'];
    },
    expect: [E('APIGW502', 'authorizationScopes')],
  },
  {
    name: 'APIGW503 CORS on WebSocket',
    base: 'ws',
    change: (s) => {
      s.api.cors = { allowOrigins: ['https://a.example.com'] };
    },
    expect: [E('APIGW503', 'cors')],
  },
  {
    name: 'APIGW504 credentials with any origin',
    base: 'http',
    change: (s) => {
      s.api.cors = { allowOrigins: ['*'], allowCredentials: true };
    },
    expect: [E('APIGW504', '*')],
  },
  {
    name: 'CORS with listed origins and credentials',
    base: 'http',
    change: (s) => {
      s.api.cors = {
        allowOrigins: ['https://a.example.com'],
        allowCredentials: true,
        allowMethods: ['*'],
        maxAge: 300,
      };
    },
    expect: [],
  },
  {
    name: 'APIGW505 JWT authorizer without jwt',
    base: 'http',
    change: (s) => {
      delete s.authorizers.cognito.jwt;
    },
    expect: [E('APIGW505', 'cognito')],
  },
  {
    name: 'APIGW506 simple responses with payload 1.0',
    base: 'http',
    change: (s) => {
      s.authorizers.lambda = {
        type: 'REQUEST',
        uri: 'arn:aws:lambda:eu-west-1:123456789012:function:auth',
        payloadFormatVersion: '1.0',
        enableSimpleResponses: true,
        identitySources: ['$request.header.Authorization'],
      };
      s.routes['GET /l'] = { integration: 'orders-fn', authorizer: 'lambda' };
    },
    expect: [E('APIGW506', 'enableSimpleResponses')],
  },
  {
    name: 'APIGW506 REQUEST settings on a JWT authorizer',
    base: 'http',
    change: (s) => {
      s.authorizers.cognito.resultTtlSeconds = 60;
    },
    expect: [E('APIGW506', 'resultTtlSeconds')],
  },
  {
    name: 'APIGW506 result TTL on a WebSocket authorizer',
    base: 'ws',
    change: (s) => {
      s.authorizers.token.resultTtlSeconds = 0;
    },
    expect: [E('APIGW506', 'resultTtlSeconds')],
  },
  {
    name: 'APIGW507 WebSocket authorizer off $connect',
    base: 'ws',
    change: (s) => {
      s.routes.sendMessage.authorizer = 'token';
    },
    expect: [E('APIGW507', 'authorizer')],
  },
  {
    name: 'APIGW508 WebSocket-only route setting on HTTP',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{id}'].apiKeyRequired = true;
    },
    expect: [E('APIGW508', 'apiKeyRequired')],
  },
  {
    name: 'APIGW508 request models, model selection and route responses on HTTP',
    base: 'http',
    change: (s) => {
      s.routes['GET /items/{id}'].modelSelectionExpression = '$request.body.action';
      s.routes['GET /items/{id}'].requestModels = { $default: 'Item' };
      s.routes['GET /items/{id}'].routeResponses = { $default: {} };
    },
    expect: [
      E('APIGW508', 'modelSelectionExpression'),
      E('APIGW508', 'requestModels'),
      E('APIGW508', 'routeResponses'),
    ],
  },
  {
    name: 'APIGW509 JWT with two identity sources',
    base: 'http',
    change: (s) => {
      s.authorizers.cognito.identitySources = ['$request.header.A', '$request.header.B'];
    },
    expect: [E('APIGW509', 'identitySources')],
  },
  {
    name: 'APIGW509 WebSocket identity source in HTTP form',
    base: 'ws',
    change: (s) => {
      s.authorizers.token.identitySources = ['$request.header.Auth'];
    },
    expect: [E('APIGW509', '$request.header.Auth')],
  },
  {
    name: 'APIGW510 route selection expression on HTTP',
    base: 'http',
    change: (s) => {
      s.api.routeSelectionExpression = '$request.body.action';
    },
    expect: [E('APIGW510', '$request.body.action')],
  },
  {
    name: 'APIGW510 models on HTTP',
    base: 'http',
    change: (s) => {
      s.models = { Item: { schema: { type: 'object' } } };
    },
    expect: [E('APIGW510', 'models')],
  },
  // stages and domains
  {
    name: 'APIGW600 invalid stage name',
    base: 'http',
    change: (s) => {
      s.stages['pro d'] = {};
    },
    expect: [E('APIGW600', 'pro d')],
  },
  {
    name: 'APIGW600 $default stage on WebSocket',
    base: 'ws',
    change: (s) => {
      s.stages.$default = {};
    },
    expect: [E('APIGW600', '$default')],
  },
  {
    name: '$default stage on HTTP',
    base: 'http',
    change: (s) => {
      s.stages.$default = { autoDeploy: true };
    },
    expect: [],
  },
  {
    name: 'APIGW602 access log format over 3 KB',
    base: 'http',
    change: (s) => {
      s.stages.prod.accessLog.format = `$context.requestId ${'x'.repeat(3100)}`;
    },
    expect: [E('APIGW602', `$context.requestId ${'x'.repeat(3100)}`)],
  },
  {
    name: 'APIGW603 access log without request id',
    base: 'http',
    change: (s) => {
      s.stages.prod.accessLog.format = '$context.status';
    },
    expect: [E('APIGW603', '$context.status')],
  },
  {
    name: 'APIGW607 access log variables AWS does not list (a misspelling, a WebSocket one), inside JSON quotes',
    base: 'http',
    change: (s) => {
      s.stages.prod.accessLog.format =
        '{"requestId":"$context.requestId","status":"$context.staus","conn":"$context.connectionId","again":"$context.staus"}';
    },
    expect: [W('APIGW607', '$context.staus'), W('APIGW607', '$context.connectionId'), W('APIGW607', '$context.staus')],
  },
  {
    name: "APIGW607 not for AWS's own: every HTTP variable, an authorizer's keys and a JWT's claims",
    base: 'http',
    change: (s) => {
      s.stages.prod.accessLog.format = [
        ...accessLogVariables('HTTP').map((v) => `$context.${v}`),
        '$context.authorizer.tenant',
        '$context.authorizer.claims.sub',
        '$context.authorizer.claims.cognito:groups',
      ].join(' ');
    },
    expect: [],
  },
  {
    name: 'APIGW607 WebSocket: its own list, where an HTTP-only variable is unknown',
    base: 'ws',
    change: (s) => {
      s.stages.dev.accessLog = {
        destinationArn: 'arn:aws:logs:${aws:region}:${aws:accountId}:log-group:/apigw/ws',
        format: [...accessLogVariables('WEBSOCKET').map((v) => `$context.${v}`), '$context.httpMethod'].join(' '),
      };
    },
    expect: [W('APIGW607', '$context.httpMethod')],
  },
  {
    name: 'APIGW604 WebSocket-only stage setting on HTTP',
    base: 'http',
    change: (s) => {
      s.stages.dev.loggingLevel = 'INFO';
    },
    expect: [E('APIGW604', 'loggingLevel')],
  },
  {
    name: 'APIGW604 client certificate on an HTTP stage',
    base: 'http',
    change: (s) => {
      s.stages.prod.clientCertificateId = 'a1b2c3';
    },
    expect: [E('APIGW604', 'clientCertificateId')],
  },
  {
    name: 'client certificate on a WebSocket stage',
    base: 'ws',
    change: (s) => {
      s.stages.dev.clientCertificateId = 'a1b2c3';
    },
    expect: [],
  },
  {
    name: 'APIGW605 mutual TLS with TLS 1.0',
    base: 'http',
    change: (s) => {
      s.domains = {
        'api.example.com': {
          certificateArn: CERT,
          securityPolicy: 'TLS_1_0',
          mutualTls: { truststoreUri: 's3://bucket/trust.pem' },
          mappings: [{ stage: 'prod' }],
        },
      };
    },
    expect: [E('APIGW605', 'TLS_1_0')],
  },
  {
    name: 'APIGW605 HTTP API mapped to a TLS 1.0 domain',
    base: 'http',
    change: (s) => {
      s.domains = {
        'api.example.com': { certificateArn: CERT, securityPolicy: 'TLS_1_0', mappings: [{ stage: 'prod' }] },
        'other.example.com': {
          certificateArn: CERT,
          securityPolicy: 'TLS_1_0',
          mappings: [{ stage: 'v1', api: 'ws' }],
        },
      };
    },
    expect: [E('APIGW605', 'TLS_1_0')],
  },
  {
    name: 'APIGW608 WebSocket API mapped to a TLS 1.0 domain: a warning (AWS enforces TLS 1.2 on WebSocket endpoints)',
    base: 'ws',
    change: (s) => {
      s.domains = {
        'ws.example.com': { certificateArn: CERT, securityPolicy: 'TLS_1_0', mappings: [{ stage: 'dev' }] },
        'other.example.com': { certificateArn: CERT, securityPolicy: 'TLS_1_0', mappings: [{ stage: 'v1', api: 'x' }] },
      };
    },
    expect: [W('APIGW608', 'TLS_1_0')],
  },
  {
    name: 'APIGW609 two mappings of a domain with the same path (the root twice, v1 twice; V1 is another path)',
    base: 'http',
    change: (s) => {
      s.domains = {
        'api.example.com': {
          certificateArn: CERT,
          mappings: [
            { stage: 'prod' },
            { stage: 'dev' },
            { stage: 'prod', path: 'v1' },
            { stage: 'v1', path: 'v1', api: 'orders-api' },
            { stage: 'prod', path: 'V1' },
          ],
        },
      };
    },
    expect: [E('APIGW609', 'dev'), E('APIGW609', 'v1')],
  },
  {
    name: 'APIGW606 multi-level mapping of a WebSocket API',
    base: 'ws',
    change: (s) => {
      s.domains = {
        'ws.example.com': {
          certificateArn: CERT,
          mappings: [
            { stage: 'dev', path: 'chat/v1' },
            { stage: 'dev', path: 'chat' },
            { stage: 'v1', path: 'orders/v1', api: 'orders-api' },
          ],
        },
      };
    },
    expect: [E('APIGW606', 'chat/v1')],
  },
  // quotas
  {
    name: 'APIGW700 more than 300 integrations',
    base: 'http',
    change: (s) => {
      Object.assign(
        s.integrations,
        many(300, (i) => [`fn${i}`, { type: 'HTTP_PROXY', uri: 'https://x.example.com' }]),
      );
    },
    expect: [E('APIGW700', 'integrations')],
    only: ['APIGW700'],
  },
  {
    name: 'APIGW709 more than 300 integrations in a WebSocket API is a warning',
    base: 'ws',
    change: (s) => {
      Object.assign(
        s.integrations,
        many(300, (i) => [`fn${i}`, { type: 'MOCK' }]),
      );
    },
    expect: [W('APIGW709', 'integrations')],
    only: ['APIGW700', 'APIGW709'],
  },
  {
    name: 'APIGW701 more than 300 routes is a warning',
    base: 'http',
    change: (s) => {
      Object.assign(
        s.routes,
        many(300, (i) => [`GET /r${i}`, { integration: 'orders-fn' }]),
      );
    },
    expect: [W('APIGW701', 'routes')],
  },
  {
    name: '300 routes are fine',
    base: 'http',
    change: (s) => {
      Object.assign(
        s.routes,
        many(297, (i) => [`GET /r${i}`, { integration: 'orders-fn' }]),
      );
    },
    expect: [],
  },
  {
    name: 'APIGW702 more than 10 stages is a warning',
    base: 'http',
    change: (s) => {
      Object.assign(
        s.stages,
        many(9, (i) => [`s${i}`, {}]),
      );
    },
    expect: [W('APIGW702', 'stages')],
  },
  {
    name: 'APIGW703 more than 10 authorizers is a warning',
    base: 'http',
    change: (s) => {
      Object.assign(
        s.authorizers,
        many(10, (i) => [`a${i}`, { type: 'JWT', jwt: { issuer: 'https://i', audience: ['a'] } }]),
      );
    },
    expect: [W('APIGW703', 'authorizers')],
    only: ['APIGW703'],
  },
  {
    name: 'APIGW704 more than 100 stage variables',
    base: 'http',
    change: (s) => {
      s.stages.dev.variables = many(101, (i) => [`v${i}`, 'x']);
    },
    expect: [E('APIGW704', 'variables')],
  },
  {
    name: 'APIGW705 more than 10 VPC links is a warning',
    base: 'http',
    change: (s) => {
      s.vpcLinks = many(11, (i) => [`l${i}`, { subnetIds: ['subnet-0a1b2c3d'] }]);
    },
    expect: [W('APIGW705', 'vpcLinks')],
    only: ['APIGW705'],
  },
  {
    name: 'APIGW706 more than 10 subnets in a VPC link is a warning',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'] = { type: 'HTTP_PROXY', uri: LISTENER, vpcLink: 'internal' };
      s.vpcLinks = { internal: { subnetIds: Array.from({ length: 11 }, (_, i) => `subnet-0a1b2c${10 + i}`) } };
    },
    expect: [W('APIGW706', 'subnetIds')],
  },
  {
    name: 'APIGW707 more than 200 multi-level mappings on a domain',
    base: 'http',
    change: (s) => {
      const multi = Array.from({ length: 201 }, (_, i) => ({ stage: 'prod', path: `v${i}/orders` }));
      const single = Array.from({ length: 50 }, (_, i) => ({ stage: 'prod', path: `s${i}` }));
      s.domains = { 'api.example.com': { certificateArn: CERT, mappings: [...multi, ...single] } };
    },
    expect: [E('APIGW707', 'mappings')],
  },
  // values
  {
    name: 'APIGW800 malformed Lambda ARN',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].uri = 'arn:aws:lambda:eu-west-1:123:function:x';
    },
    expect: [E('APIGW800', 'arn:aws:lambda:eu-west-1:123:function:x')],
  },
  {
    name: 'APIGW800 malformed role ARN',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].credentialsArn = 'arn:aws:iam::123456789012:user/bob';
    },
    expect: [E('APIGW800', 'arn:aws:iam::123456789012:user/bob')],
  },
  {
    name: "integration credentials AWS documents: the caller's identity, a stage variable",
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].credentialsArn = 'arn:aws:iam::*:user/*';
      s.integrations['catalog-http'].credentialsArn = 'arn:aws:iam::${aws:accountId}:${stageVariables.role}';
    },
    expect: [],
  },
  {
    name: "APIGW800 the caller's identity as an authorizer's credentials",
    base: 'ws',
    change: (s) => {
      s.authorizers.token.credentialsArn = 'arn:aws:iam::*:user/*';
    },
    expect: [E('APIGW800', 'arn:aws:iam::*:user/*')],
  },
  {
    name: 'APIGW800 log group ARN of another service',
    base: 'http',
    change: (s) => {
      s.stages.prod.accessLog.destinationArn = 'arn:aws:s3:::bucket';
    },
    expect: [E('APIGW800', 'arn:aws:s3:::bucket')],
  },
  {
    name: 'Lambda ARNs that are fine',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].uri = 'arn:aws:lambda:eu-west-1:123456789012:function:orders:${stageVariables.alias}';
      s.integrations.inv = {
        type: 'AWS_PROXY',
        uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:x/invocations',
      };
      s.routes['GET /inv'] = { integration: 'inv' };
    },
    expect: [],
  },
  {
    name: 'APIGW801 unknown variable',
    base: 'http',
    change: (s) => {
      s.integrations['orders-fn'].uri = 'arn:aws:lambda:${aws:regoin}:${aws:accountId}:function:orders';
    },
    expect: [E('APIGW801', '${aws:regoin}')],
  },
  {
    name: "API Gateway's mapping expressions in HTTP request and response parameter values",
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].requestParameters = {
        'overwrite:path': '/v2${request.path}',
        'append:header.x-pet': '${request.path.petId} ${request.querystring.kind} ${request.header.x-b3}',
        'append:header.x-body': '${request.body} ${request.body.items[0].id}',
        'append:querystring.env':
          '${context.httpMethod} ${context.authorizer.claims.cognito:groups} ${stageVariables.env}',
      };
      s.integrations['catalog-http'].responseParameters = {
        '200': { 'append:header.x-date': '${response.header.date}', 'overwrite:header.x-id': '${response.body.id}' },
      };
    },
    expect: [],
  },
  {
    name: 'APIGW801 misspelt and misplaced mapping expressions in parameter values',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].requestParameters = {
        'overwrite:path': '${requst.path}',
        'append:header.a': '${response.header.date}',
        'append:header.b': '${request.body..name}',
        'append:header.c': '${context}',
      };
      s.integrations['catalog-http'].responseParameters = { '200': { 'append:header.d': '${request.header.x}' } };
    },
    expect: [
      E('APIGW801', '${requst.path}'),
      E('APIGW801', '${response.header.date}'),
      E('APIGW801', '${request.body..name}'),
      E('APIGW801', '${context}'),
      E('APIGW801', '${request.header.x}'),
    ],
  },
  {
    name: 'APIGW801 mapping expressions outside parameter mapping',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].uri = 'https://catalog.example.com${request.path}';
      s.integrations['catalog-http'].description = '${context.requestId}';
      s.stages.dev.description = 'serves ${request.path}';
    },
    expect: [E('APIGW801', '${request.path}'), E('APIGW801', '${context.requestId}'), E('APIGW801', '${request.path}')],
  },
  {
    name: 'APIGW300 a mapping expression in a route key',
    base: 'http',
    change: (s) => {
      s.routes['GET /a/${request.path}'] = { integration: 'orders-fn' };
    },
    expect: [E('APIGW300', 'GET /a/${request.path}')],
  },
  {
    name: 'APIGW801 HTTP mapping expressions in WebSocket parameters; selection expressions take request.body',
    base: 'ws',
    change: (s) => {
      s.integrations['chat-fn'].requestParameters = { 'integration.request.header.x': '${request.header.x}' };
      s.integrations['ping-mock'].templateSelectionExpression = '${request.body.type}';
      s.integrations['ping-mock'].responses = {
        $default: {
          templateSelectionExpression: '${integration.response.statuscode}',
          responseTemplates: { $default: '#set($x = "${input.body}")$x' },
        },
      };
      s.routes.ping.routeResponseSelectionExpression = '$default';
      s.routes.sendMessage.modelSelectionExpression = '${request.body.action}';
    },
    expect: [E('APIGW801', '${request.header.x}')],
  },
  {
    name: 'APIGW802 unterminated ${',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].uri = 'https://catalog.example.com/${stageVariables.path';
    },
    expect: [E('APIGW802', '${')],
  },
  {
    name: 'APIGW803 HTTP proxy without a URL',
    base: 'http',
    change: (s) => {
      s.integrations['catalog-http'].uri = 'catalog.example.com';
    },
    expect: [E('APIGW803', 'catalog.example.com')],
  },
  // unused
  {
    name: 'APIGW900 unused integration',
    base: 'http',
    change: (s) => {
      s.integrations.spare = { type: 'HTTP_PROXY', uri: 'https://spare.example.com' };
    },
    expect: [W('APIGW900', 'spare')],
  },
  {
    name: 'APIGW901 unused authorizer',
    base: 'ws',
    change: (s) => {
      delete s.routes.$connect.authorizer;
    },
    expect: [W('APIGW901', 'token')],
  },
  {
    name: 'APIGW902 unused VPC link',
    base: 'http',
    change: (s) => {
      s.vpcLinks = { internal: { subnetIds: ['subnet-0a1b2c3d'] } };
    },
    expect: [W('APIGW902', 'internal')],
  },
  {
    name: 'APIGW903 unused model',
    base: 'ws',
    change: (s) => {
      s.models = { Message: { schema: { type: 'object' } } };
    },
    expect: [W('APIGW903', 'Message')],
  },
];

/** The spec after a quick fix, which must leave no problem. */
function cleanAfter(text: string, format: 'json' | 'yaml', fix: QuickFix): ReturnType<typeof validateSpec> {
  const after = validateSpec(applyEdits(text, fix.edits), { format });
  assert.deepEqual(
    after.diagnostics.map((x) => x.code),
    [],
  );
  return after;
}

function run(c: Case, format: 'json' | 'yaml'): Problem[] {
  const spec = c.base === 'http' ? httpSpec() : wsSpec();
  c.change(spec);
  const all = problems(toText(spec, format), format);
  return c.only ? all.filter((p) => c.only!.includes(p.code as keyof typeof CODES)) : all;
}

const view = (ps: Problem[]) => ps.map((p) => [p.code, p.severity, p.token]);
const sorted = (xs: unknown[][]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('spec rules', () => {
  for (const c of cases) {
    it(c.name, () => {
      const json = run(c, 'json');
      assert.deepEqual(sorted(view(json)), sorted(c.expect), 'JSON form');
      // The severity each case states is the one the code table gives.
      for (const [code, severity] of c.expect) assert.equal(CODES[code].severity, severity, code);
    });
  }

  it('JSON and YAML forms of every case give the same problems', () => {
    for (const c of cases) assert.deepEqual(sorted(view(run(c, 'yaml'))), sorted(view(run(c, 'json'))), c.name);
  });

  it('every rule code has a case that reports it', () => {
    const covered = new Set(cases.flatMap((c) => c.expect.map(([code]) => code)));
    const parseCodes = ['APIGW001', 'APIGW002', 'APIGW003', 'APIGW004']; // test/unit/spec-parse.test.ts
    // The front end's refusals and the spec input budget: test/unit/spec-limits.test.ts.
    parseCodes.push('APIGW005', 'APIGW010', 'APIGW011', 'APIGW012', 'APIGW013', 'APIGW014');
    const missing = Object.keys(CODES).filter(
      (code) => !covered.has(code as keyof typeof CODES) && !parseCodes.includes(code),
    );
    assert.deepEqual(missing, []);
  });
});

describe('reserved headers (APIGW410)', () => {
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html#http-api-mapping-reserved-headers
  const AWS_NAMES = [
    'Authorization',
    'Connection',
    'Content-Encoding',
    'Content-Length',
    'Content-Location',
    'Forwarded',
    'Keep-Alive',
    'Origin',
    'Proxy-Authenticate',
    'Proxy-Authorization',
    'TE',
    'Trailers',
    'Transfer-Encoding',
    'Upgrade',
    'X-Forwarded-For',
    'X-Forwarded-Host',
    'X-Forwarded-Proto',
    'Via',
  ];
  const AWS_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-'];

  it("is AWS's list: its single headers in any case, its prefixes, and nothing else", () => {
    for (const n of AWS_NAMES) {
      assert.equal(reservedHeaderEntry(n), n.toLowerCase(), n);
      assert.ok(isReservedHeader(n.toUpperCase()), n);
    }
    for (const p of AWS_PREFIXES) assert.equal(reservedHeaderEntry(`${p.toUpperCase()}Anything`), `${p}*`, p);
    const free = ['Host', 'Content-Type', 'Cookie', 'x-custom', 'x-amz', 'x-amzfoo', 'apigw', 'access-control'];
    for (const n of [...free, 'X-Forwarded-Port', 'Trailer', 'Authorization-Extra', 'via-x'])
      assert.equal(isReservedHeader(n), false, n);
  });

  it('names the header and says AWS refuses mappings on it', () => {
    const spec = httpSpec();
    spec.integrations['catalog-http'].requestParameters = { 'overwrite:header.Authorization': 'x' };
    spec.integrations['catalog-http'].responseParameters = { '200': { 'append:header.X-Amzn-Remapped': 'x' } };
    const messages = validateSpec(toText(spec, 'yaml'), { format: 'yaml' }).diagnostics.map((d) => d.message);
    assert.deepEqual(messages, [
      "AWS refuses parameter mappings on the header 'Authorization': it is a reserved header. Remove this mapping or use another header name.",
      "AWS refuses parameter mappings on the header 'X-Amzn-Remapped': headers matching x-amzn-* are reserved. Remove this mapping or use another header name.",
    ]);
  });
});

describe('API Gateway mapping expressions (APIGW801 messages)', () => {
  function variableProblems(change: (s: Json) => void) {
    const spec = httpSpec();
    change(spec);
    const text = toText(spec, 'json');
    return validateSpec(text, { format: 'json' })
      .diagnostics.filter((d) => d.code === 'APIGW801')
      .map((d) => ({ message: d.message, fixes: (d.fixes ?? []).map((f) => f.edits.map((e) => e.newText).join()) }));
  }

  it('suggests the expression a misspelt one means, as a quick fix', () => {
    const [p] = variableProblems((s) => {
      s.integrations['catalog-http'].requestParameters = { 'append:header.x': 'v=${request.heder.x-id}' };
    });
    assert.match(
      p!.message,
      /Unknown variable '\$\{request\.heder\.x-id\}': an HTTP API integration's requestParameters/,
    );
    assert.match(p!.message, /Did you mean '\$\{request\.header\.x-id\}'\?$/);
    assert.deepEqual(p!.fixes, ['${request.header.x-id}']);
  });

  it('names where API Gateway evaluates an expression used elsewhere', () => {
    const [p] = variableProblems((s) => {
      s.integrations['catalog-http'].uri = 'https://catalog.example.com${request.path}';
    });
    assert.match(
      p!.message,
      /^API Gateway evaluates '\$\{request\.path\}' only in an HTTP API integration's requestParameters values; here use \$\{aws:region\}/,
    );
    assert.deepEqual(p!.fixes, []);
  });

  it("says what API Gateway's JSON paths do not take", () => {
    const [p] = variableProblems((s) => {
      s.integrations['catalog-http'].requestParameters = { 'append:header.x': '${request.body..id}' };
    });
    assert.match(p!.message, /recursive descent \('\.\.'\) is not supported/);
  });

  it('keeps suggesting the workbench variables outside parameter mapping', () => {
    const [p] = variableProblems((s) => {
      s.integrations['catalog-http'].uri = 'https://catalog.example.com/${stageVariable.path}';
    });
    assert.match(
      p!.message,
      /^Unknown variable '\$\{stageVariable\.path\}': use .* Did you mean '\$\{stageVariables\.path\}'\?$/,
    );
  });
});

describe('access log variables (APIGW607 messages and quick fix)', () => {
  /** The spec's text, and each APIGW607's message and its fix applied to the text. */
  function accessLogProblems(format: string): Array<{ message: string; fixed?: string }> {
    const spec = httpSpec();
    spec.stages.prod.accessLog.format = format;
    const text = toText(spec, 'json');
    return validateSpec(text, { format: 'json' })
      .diagnostics.filter((d) => d.code === 'APIGW607')
      .map((d) => {
        const edit = d.fixes?.[0]?.edits[0];
        const fixed = edit && text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
        return { message: d.message, ...(fixed ? { fixed: JSON.parse(fixed).stages.prod.accessLog.format } : {}) };
      });
  }

  it('names the close variable and changes to it, inside the escaped quotes of a JSON spec', () => {
    assert.deepEqual(accessLogProblems('{"requestId":"$context.requestId","latency":"$context.integrationLatncy"}'), [
      {
        message:
          "'$context.integrationLatncy' is not a variable of HTTP API access logs. Did you mean '$context.integrationLatency'?",
        fixed: '{"requestId":"$context.requestId","latency":"$context.integrationLatency"}',
      },
    ]);
  });

  it("says a WebSocket API's variable is not an HTTP API's, and leaves other names AWS takes alone", () => {
    assert.deepEqual(accessLogProblems('$context.requestId $context.connectionId $context.resourcePath'), [
      {
        message:
          "'$context.connectionId' is a variable of WebSocket API access logs; HTTP API access logs do not have it.",
      },
    ]);
  });

  it('says at most 10 in one format', () => {
    const format = ['$context.requestId', ...Array.from({ length: 40 }, () => '$context.staus')].join(' ');
    assert.equal(accessLogProblems(format).length, 10);
  });
});

describe('unknown variables spelt with escapes (the text-level skip must not miss them)', () => {
  const yamlWith = (uri: string) => `version: 1
api: { name: esc, protocol: HTTP }
integrations:
  fn: { type: AWS_PROXY, uri: ${uri} }
routes:
  GET /x: { integration: fn }
`;
  for (const [what, uri] of [
    ['a \\x24 escape', String.raw`"arn:aws:lambda:\x24{aws:regoin}:123456789012:function:f"`],
    ['a \\u0024 escape', String.raw`"arn:aws:lambda:\u0024{aws:regoin}:123456789012:function:f"`],
    ['an escaped line break between $ and {', '"arn:aws:lambda:$\\\n    {aws:regoin}:123456789012:function:f"'],
  ]) {
    it(`YAML: ${what}`, () => {
      const codes = validateSpec(yamlWith(uri!), { format: 'yaml' }).diagnostics.map((d) => d.code);
      assert.deepEqual(codes, ['APIGW801']);
    });
  }
  it('JSON: a \\u0024 escape', () => {
    const json = JSON.stringify({
      version: 1,
      api: { name: 'esc', protocol: 'HTTP' },
      integrations: { fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:${aws:regoin}:123456789012:function:f' } },
      routes: { 'GET /x': { integration: 'fn' } },
    }).replace('${aws:regoin}', '\\u0024{aws:regoin}');
    assert.deepEqual(
      validateSpec(json, { format: 'json' }).diagnostics.map((d) => d.code),
      ['APIGW801'],
    );
  });
});

describe('API Gateway mapping expressions: linear work', () => {
  it('a megabyte of expressions in one value: each read a bounded number of times, 100 problems at most', () => {
    const spec = httpSpec();
    const good = Array.from({ length: 20_000 }, (_, i) => `\${request.header.h${i}}`).join(',');
    const bad = Array.from({ length: 20_000 }, (_, i) => `\${requst.path.p${i}}`).join(',');
    spec.integrations['catalog-http'].requestParameters = { 'append:header.a': good, 'append:header.b': bad };
    for (const format of ['json', 'yaml'] as const) {
      const text = toText(spec, format);
      assert.ok(text.length > 800_000, `${text.length} bytes`);
      const r = validateSpec(text, { format });
      const found = r.diagnostics.filter((d) => d.code === 'APIGW801');
      assert.equal(found.length, 100, `${format}: the first 100 problems of the misspelt value`);
      assert.match(found[0]!.message, /Did you mean '\$\{request\.path\.p0\}'\?/);
      const budget = 50_000 + 40 * text.length;
      assert.ok(r.stats.work <= budget, `${format}: ${r.stats.work} steps for ${text.length} bytes`);
    }
  });
});

describe('a mapping template that is not valid Velocity (APIGW514): the line the parser stopped at', () => {
  const TEMPLATE = '{\n  "id": "$context.connectionId",\n  "n": #set($n = )\n}';
  const written = { json: '\\"n\\": #set($n = )', yaml: '"n": #set($n = )' } as const;
  for (const format of ['json', 'yaml'] as const) {
    it(`marks that line as written, JSON's escapes and YAML's block alike (${format})`, () => {
      const spec = wsSpec();
      spec.integrations['ping-mock'].requestTemplates = { $default: TEMPLATE };
      const text = toText(spec, format);
      const [d] = validateSpec(text, { format }).diagnostics.filter((x) => x.code === 'APIGW514');
      assert.match(d!.message, /Velocity cannot parse line 3/);
      assert.equal(text.slice(d!.offset, d!.offset + d!.length), written[format]);
    });
  }
});

describe('a two-way route whose non-proxy integration has no integration response (APIGW513 quick fix)', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`adds a $default integration response to the integration, and the warning goes (${format})`, () => {
      const spec = wsSpec();
      spec.routes.ping.routeResponseSelectionExpression = '$default';
      const text = toText(spec, format);
      const [d] = validateSpec(text, { format }).diagnostics.filter((x) => x.code === 'APIGW513');
      const fix = d?.fixes?.[0];
      assert.equal(fix?.title, "Add a $default integration response to 'ping-mock'");
      const after = cleanAfter(text, format, fix!);
      assert.deepEqual(after.model?.integrations?.['ping-mock']?.responses, { $default: {} });
    });
  }
});

describe('two API mappings of a domain with the same path (APIGW609 quick fix)', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`removes the later mapping, and the error goes (${format})`, () => {
      const spec = httpSpec();
      spec.domains = {
        'api.example.com': {
          certificateArn: CERT,
          mappings: [
            { stage: 'prod', path: 'v1' },
            { stage: 'dev', path: 'v1' },
          ],
        },
      };
      const text = toText(spec, format);
      const [d] = validateSpec(text, { format }).diagnostics.filter((x) => x.code === 'APIGW609');
      assert.match(d!.message, /already maps path 'v1' \(mapping 1\).*ConflictException/);
      const fix = d?.fixes?.[0];
      assert.equal(fix?.title, 'Remove this mapping');
      const after = cleanAfter(text, format, fix!);
      assert.deepEqual(after.model?.domains?.['api.example.com']?.mappings, [{ stage: 'prod', path: 'v1' }]);
    });
  }
});
