// Semantic rules: what the JSON Schema cannot say. Each finding has a stable code (diagnostics.ts), the path of the
// most specific key or value, and the quick fixes that apply. Rules read the plain value defensively: they also run
// on specs with schema errors, where any field may have any type.
import {
  didYouMean,
  editDistance,
  suggestionText,
  SuggestionBudget,
  type DiagnosticCode,
  type JsonPath,
  type QuickFix,
} from './diagnostics';
import {
  accessLogVariables,
  isAccessLogVariable,
  unknownAccessLogVariables,
  type AccessLogVariableUse,
} from './accessLogVariables';
import { propertyOf, type AstNode } from './ast';
import type { SpecDocument } from './document';
import { insertEntry, insertProperty, removeEntry, removeLaterItem } from './edits';
import { HTTP_ROUTE_SELECTION, LOCAL_AWS, resolveAwsVariables, type Protocol } from './model';
import { parseTemplate, syntaxCheckable } from './templateSyntax';
import { parseMappingKey, reservedHeaderEntry } from './mappingKeys';
import { WEBSOCKET_INTEGRATION_FIELDS, WEBSOCKET_ROUTE_FIELDS } from './protocolFields';
import { describesJson, modelSchemaProblems, type ModelSchemaProblem } from './modelSchema';
import { replaceScalarFix, type Finding } from './schema';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/**
 * The object-valued entries of `v`; `known` are its keys when the caller has them already. Object.keys beats
 * for…in on objects with thousands of keys (they are in dictionary mode).
 */
function entries(v: unknown, known?: string[]): Array<[string, Obj]> {
  const o = obj(v);
  const out: Array<[string, Obj]> = [];
  if (!o) return out;
  const keys = known ?? Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const x = o[keys[i]!];
    if (x && typeof x === 'object' && !Array.isArray(x)) out.push([keys[i]!, x as Obj]);
  }
  return out;
}

function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
export const WEBSOCKET_RESERVED_ROUTES = ['$connect', '$disconnect', '$default'];

/**
 * Required and optional request parameters of each first-class integration subtype, as the integration subtype
 * reference lists them (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html).
 */
export const SUBTYPE_PARAMETERS: Record<string, { required: string[]; optional: string[] }> = {
  'SQS-SendMessage': {
    required: ['QueueUrl', 'MessageBody'],
    optional: [
      'DelaySeconds',
      'MessageAttributes',
      'MessageDeduplicationId',
      'MessageGroupId',
      'MessageSystemAttributes',
      'Region',
    ],
  },
  'SQS-ReceiveMessage': {
    required: ['QueueUrl'],
    optional: [
      'AttributeNames',
      'MaxNumberOfMessages',
      'MessageAttributeNames',
      'ReceiveRequestAttemptId',
      'VisibilityTimeout',
      'WaitTimeSeconds',
      'Region',
    ],
  },
  'SQS-DeleteMessage': { required: ['QueueUrl', 'ReceiptHandle'], optional: ['Region'] },
  'SQS-PurgeQueue': { required: ['QueueUrl'], optional: ['Region'] },
  'StepFunctions-StartExecution': { required: ['StateMachineArn'], optional: ['Name', 'Input', 'Region'] },
  'StepFunctions-StartSyncExecution': {
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region', 'TraceHeader'],
  },
  'StepFunctions-StopExecution': { required: ['ExecutionArn'], optional: ['Cause', 'Error', 'Region'] },
  'EventBridge-PutEvents': {
    required: ['Detail', 'DetailType', 'Source'],
    optional: ['Time', 'EventBusName', 'Region', 'Resources', 'TraceHeader'],
  },
  'Kinesis-PutRecord': {
    required: ['StreamName', 'Data', 'PartitionKey'],
    optional: ['SequenceNumberForOrdering', 'ExplicitHashKey', 'Region'],
  },
  'AppConfig-GetConfiguration': {
    required: ['Application', 'Environment', 'Configuration', 'ClientId'],
    optional: ['ClientConfigurationVersion', 'Region'],
  },
};

/**
 * AWS quotas per API (docs/AWS.md): the count, the code, and whether AWS can raise it (then the code is a warning).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html and
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 */
interface Quota {
  section: string;
  max: number;
  code: DiagnosticCode;
  what: string;
  raisable: boolean;
}
const QUOTAS: Quota[] = [
  { section: 'integrations', max: 300, code: 'APIGW700', what: 'integrations', raisable: false },
  { section: 'routes', max: 300, code: 'APIGW701', what: 'routes', raisable: true },
  { section: 'stages', max: 10, code: 'APIGW702', what: 'stages', raisable: true },
  { section: 'authorizers', max: 10, code: 'APIGW703', what: 'authorizers', raisable: true },
  { section: 'vpcLinks', max: 10, code: 'APIGW705', what: 'VPC links', raisable: true },
];
/** WebSocket APIs may ask for more integrations: one code has one severity, so theirs is its own. */
const WEBSOCKET_INTEGRATIONS: Quota = {
  section: 'integrations',
  max: 300,
  code: 'APIGW709',
  what: 'integrations',
  raisable: true,
};
/** "Subnets per VPC link: 10", adjustable (the HTTP API quotas page). */
const VPC_LINK_SUBNETS = 10;

const ACCESS_LOG_MAX_BYTES = 3 * 1024;
/** "Maximum mapping template size: 300 KB", not adjustable (the WebSocket API quotas page). */
const MAPPING_TEMPLATE_MAX_BYTES = 300 * 1024;
const STAGE_VARIABLES_MAX = 100;
const WEBSOCKET_TIMEOUT_MAX_MS = 29_000;

// ---- ARNs ----

// ARN patterns accept the deploy-time variables where they stand for a region or an account, and stage variables
// inside names, so ARNs holding them are checked as they are written.
const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b)';
const REGION = '([a-z]{2}(-gov|-iso|-isob)?-[a-z]+-\\d|\\$\\{aws:region\\})';
const ACCOUNT = '(\\d{12}|\\$\\{aws:accountId\\})';
const STAGE_VAR = '\\$\\{stageVariables\\.[A-Za-z0-9_]+\\}';

/** For the URL check: variables stand in for a host or path part. */
function withPlaceholders(v: string): string {
  if (!v.includes('${')) return v;
  return v.replace(/\$\{(aws:region|aws:accountId|stageVariables\.[A-Za-z0-9_]+)\}/g, 'x');
}

const LAMBDA_FUNCTION = `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:([A-Za-z0-9_-]|${STAGE_VAR}){1,64}(:([A-Za-z0-9_$-]|${STAGE_VAR}){1,128})?`;
const ARN_KINDS = {
  lambda: {
    re: new RegExp(
      `^(${LAMBDA_FUNCTION}|arn:${PARTITION}:apigateway:${REGION}:lambda:path/2015-03-31/functions/${LAMBDA_FUNCTION}/invocations)$`,
    ),
    example: 'arn:aws:lambda:REGION:ACCOUNT:function:NAME',
    what: 'a Lambda function ARN',
  },
  role: {
    re: new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`),
    example: 'arn:aws:iam::ACCOUNT:role/NAME',
    what: 'an IAM role ARN',
  },
  // CreateIntegration's CredentialsArn also takes `arn:aws:iam::*:user/*` (the caller's identity)
  // (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid.html) and a
  // role or user named by a stage variable, `arn:aws:iam::ACCOUNT:${stageVariables.NAME}`
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.stage-variables-reference.html).
  integrationCredentials: {
    re: new RegExp(
      `^arn:${PARTITION}:iam::(${ACCOUNT}:role/[\\w+=,.@/-]{1,512}|\\*:user/\\*|${ACCOUNT}:${STAGE_VAR})$`,
    ),
    example: "arn:aws:iam::ACCOUNT:role/NAME, or arn:aws:iam::*:user/* for the caller's identity",
    what: 'an IAM role ARN',
  },
  logGroup: {
    re: new RegExp(`^arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:([\\w#./-]|${STAGE_VAR}){1,512}(:\\*)?$`),
    example: 'arn:aws:logs:REGION:ACCOUNT:log-group:NAME',
    what: 'a CloudWatch Logs log group ARN',
  },
  certificate: {
    re: new RegExp(`^arn:${PARTITION}:acm:${REGION}:${ACCOUNT}:certificate/[\\w-]+$`),
    example: 'arn:aws:acm:REGION:ACCOUNT:certificate/ID',
    what: 'an ACM certificate ARN',
  },
  privateTarget: {
    re: new RegExp(
      `^arn:${PARTITION}:(elasticloadbalancing:${REGION}:${ACCOUNT}:listener/(app|net)/[\\w-]+/[0-9a-f]+/[0-9a-f]+|servicediscovery:${REGION}:${ACCOUNT}:service/srv-[\\w]+)$`,
    ),
    example: 'arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID',
    what: 'an ALB/NLB listener ARN or a Cloud Map service ARN',
  },
  awsAction: {
    re: new RegExp(`^arn:${PARTITION}:apigateway:${REGION}:[a-z0-9.-]+:(action|path)/.+$`),
    example: 'arn:aws:apigateway:REGION:SERVICE:action/ACTION',
    what: 'an API Gateway service integration ARN',
  },
} as const;

function arnProblem(value: string, kind: keyof typeof ARN_KINDS): string | undefined {
  const k = ARN_KINDS[kind];
  // An unknown ${…} is reported by itself (APIGW801); the ARN around it cannot be judged.
  if (k.re.test(value) || hasUnknownVariable(value)) return undefined;
  return `${JSON.stringify(value)} is not ${k.what} (${k.example}).`;
}

// ---- route keys ----

const PARAM = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/;
const LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]+$/;

interface ParsedRouteKey {
  method: string;
  segments: string[];
  shape: string;
}

type RouteKeyProblem = { code: DiagnosticCode; message: string; fix?: string };

/** The common case in one match: a valid method, literal segments and whole parameters, a greedy one last. */
const VALID_HTTP_KEY =
  /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) (\/|(\/([A-Za-z0-9\-._~!$&'()*+,;=:@%]+|\{[A-Za-z0-9_.-]+\}))+(\/\{[A-Za-z0-9_.-]+\+\})?|\/\{[A-Za-z0-9_.-]+\+\})$/;

/** An HTTP route key's problems, or its parts. */
export function checkHttpRouteKey(key: string): { problem?: RouteKeyProblem; parsed?: ParsedRouteKey } {
  if (key === '$default') return {};
  if (VALID_HTTP_KEY.test(key) && key.indexOf('{') === key.lastIndexOf('{')) {
    return { parsed: { method: key.slice(0, key.indexOf(' ')), segments: [], shape: validKeyShape(key) } };
  }
  const m = /^(\S+) (\S.*)$/.exec(key);
  if (!m) return { problem: routeKeyFormProblem(key) };
  const [, method, path] = m as unknown as [string, string, string];
  const problem = methodProblem(key, method, path) ?? pathFormProblem(key, method, path);
  if (problem) return { problem };
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const segmentProblem = segmentsProblem(key, method, path, segments);
  if (segmentProblem) return { problem: segmentProblem };
  const shape = `${method} /${segments
    .map((s) => {
      const p = PARAM.exec(s);
      return p ? (p[2] ? '{+}' : '{}') : s;
    })
    .join('/')}`;
  return { parsed: { method, segments, shape } };
}

/**
 * The shape of a key VALID_HTTP_KEY matched, with at most one parameter: the key itself with the parameter's name
 * left out (`GET /a/{id}` → `GET /a/{}`, `ANY /{proxy+}` → `ANY /{+}`). A key without one is its own shape.
 */
function validKeyShape(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open);
  return `${key.slice(0, open)}${key.charCodeAt(close - 1) === 43 /* + */ ? '{+}' : '{}'}${key.slice(close + 1)}`;
}

/** A key that is not "METHOD /path" at all. */
function routeKeyFormProblem(key: string): RouteKeyProblem {
  if (key.startsWith('/'))
    return {
      code: 'APIGW300',
      message: `Route key '${key}' has no method: write 'METHOD /path', such as 'ANY ${key}'.`,
      fix: `ANY ${key}`,
    };
  if (HTTP_METHODS.includes(key.toUpperCase()))
    return { code: 'APIGW300', message: `Route key '${key}' has no path: write '${key.toUpperCase()} /path'.` };
  return {
    code: 'APIGW300',
    message: `Invalid HTTP route key '${key}': write 'METHOD /path' (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY) or '$default'.${suggestionText(didYouMean(key, ['$default']))}`,
  };
}

function methodProblem(key: string, method: string, path: string): RouteKeyProblem | undefined {
  if (HTTP_METHODS.includes(method)) return undefined;
  const upper = method.toUpperCase();
  const suggestion = HTTP_METHODS.includes(upper) ? upper : didYouMean(upper, HTTP_METHODS, 1)[0];
  return {
    code: 'APIGW300',
    message: `Unknown method '${method}' in route key '${key}'.${suggestion ? ` Did you mean '${suggestion} ${path}'?` : ` Use one of ${HTTP_METHODS.join(', ')}.`}`,
    ...(suggestion ? { fix: `${suggestion} ${path}` } : {}),
  };
}

function pathFormProblem(key: string, method: string, path: string): RouteKeyProblem | undefined {
  if (!path.startsWith('/'))
    return {
      code: 'APIGW300',
      message: `The path in route key '${key}' must start with '/'.`,
      fix: `${method} /${path}`,
    };
  if (path.length > 1 && path.endsWith('/')) {
    let end = path.length;
    while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
    return {
      code: 'APIGW300',
      message: `The path in route key '${key}' must not end with '/'.`,
      fix: `${method} ${path.slice(0, end)}`,
    };
  }
  return undefined;
}

function segmentsProblem(key: string, method: string, path: string, segments: string[]): RouteKeyProblem | undefined {
  const names = new Set<string>();
  for (const [i, seg] of segments.entries()) {
    if (seg === '')
      return {
        code: 'APIGW300',
        message: `The path in route key '${key}' has an empty segment ('//').`,
        fix: `${method} ${path.replace(/\/{2,}/g, '/')}`,
      };
    const p = PARAM.exec(seg);
    if (p) {
      if (p[2] && i !== segments.length - 1)
        return {
          code: 'APIGW302',
          message: `Greedy path parameter '${seg}' in '${key}' must be the last segment of the path.`,
        };
      if (names.has(p[1]!))
        return { code: 'APIGW304', message: `Path parameter '{${p[1]}}' appears twice in '${key}'.` };
      names.add(p[1]!);
      continue;
    }
    if (seg.includes('{') || seg.includes('}'))
      return {
        code: 'APIGW300',
        message: `Segment '${seg}' in '${key}': a path parameter must be a whole segment, '{name}' or a last '{name+}'.`,
      };
    if (!LITERAL.test(seg))
      return { code: 'APIGW300', message: `Segment '${seg}' in '${key}' holds characters a path cannot hold.` };
  }
  return undefined;
}

// ---- the rules ----

interface Ctx {
  doc: SpecDocument;
  spec: Obj;
  protocol: 'HTTP' | 'WEBSOCKET' | undefined;
  out: Finding[];
  /** The object-valued entries of each top-level section, computed once. */
  sections: Map<string, Array<[string, Obj]>>;
  /** The names in each top-level section, computed once. */
  names: Map<string, string[]>;
  /** The candidate names "did you mean" may still compare in this document (suggest()). */
  suggestions: SuggestionBudget;
}

/** Candidate names "did you mean" may compare per document. */
const SUGGESTION_BUDGET = 50_000;

function section(ctx: Ctx, name: string): Array<[string, Obj]> {
  let e = ctx.sections.get(name);
  if (!e) ctx.sections.set(name, (e = entries(ctx.spec[name], namesOf(ctx, name))));
  return e;
}

function namesOf(ctx: Ctx, name: string): string[] {
  let n = ctx.names.get(name);
  if (!n) ctx.names.set(name, (n = Object.keys(obj(ctx.spec[name]) ?? {})));
  return n;
}

function add(
  ctx: Ctx,
  code: DiagnosticCode,
  message: string,
  path: JsonPath,
  target: 'key' | 'value',
  extra: Partial<Finding> = {},
): void {
  ctx.out.push({ code, message, path, target, ...extra });
}

/** "Did you mean" candidates within the document's budget (a spec of 100,000 unknown names among as many defined). */
function suggest(ctx: Ctx, word: string, candidates: string[], limit = 3): string[] {
  if (candidates.length === 0 || !ctx.suggestions.take(candidates.length)) return [];
  ctx.doc.work += candidates.length;
  return didYouMean(word, candidates, limit);
}

/** Fixes for an unknown reference: each close name, then creating the missing item (built when asked for). */
function referenceFixes(
  ctx: Ctx,
  path: JsonPath,
  suggestions: string[],
  create: { section: string; name: string; body: unknown; what: string },
): () => QuickFix[] {
  return () => {
    const fixes: QuickFix[] = [];
    const node = ctx.doc.nodeAt(path);
    suggestions.forEach((s, i) => {
      const f = replaceScalarFix(ctx.doc, node, s, `Change to '${s}'`, i === 0);
      if (f) fixes.push(f);
    });
    const edits = creatable(create.section, create.name, ctx.protocol)
      ? insertEntry(ctx.doc, create.section, create.name, create.body)
      : [];
    if (edits.length)
      fixes.push({
        title: `Create ${create.what} '${create.name}'`,
        edits,
        ...(suggestions.length ? {} : { preferred: true }),
      });
    return fixes;
  };
}

/** Removing an unused item: built when asked for (it searches the section). */
function removeFix(ctx: Ctx, section: string, name: string, what: string): () => QuickFix[] {
  return () => {
    const sectionProp = propertyOf(ctx.doc.root, section);
    const parent = sectionProp?.value;
    if (!parent) return [];
    const edits = removeEntry(ctx.doc, parent, name, sectionProp);
    return edits.length ? [{ title: `Remove unused ${what} '${name}'`, edits }] : [];
  };
}

/** Replacing a scalar with `value`: built when asked for. */
function changeFix(ctx: Ctx, path: JsonPath, value: string, title = `Change to '${value}'`): () => QuickFix[] {
  return () => {
    const f = replaceScalarFix(ctx.doc, ctx.doc.nodeAt(path), value, title);
    return f ? [f] : [];
  };
}

/** Replacing a number with `value`: built when asked for. */
function numberFix(ctx: Ctx, path: JsonPath, value: number): () => QuickFix[] {
  return () => {
    const n = ctx.doc.nodeAt(path);
    const edits = n ? [{ offset: n.offset, length: n.length, newText: String(value) }] : [];
    return [{ title: `Change to ${value}`, preferred: true, edits }];
  };
}

/**
 * Renaming the key at `path` to each name (the first preferred): built when asked for. In YAML an unquoted key stays
 * unquoted, except (with `quoteDollar`) one that starts with `$`.
 */
function renameKeyFixes(
  ctx: Ctx,
  path: JsonPath,
  names: string[],
  verb: 'Change' | 'Rename',
  quoteDollar = false,
): () => QuickFix[] {
  return () => {
    const prop = ctx.doc.propertyAt(path);
    if (!prop) return [];
    return names.map((x, i) => ({
      title: `${verb} to '${x}'`,
      preferred: i === 0,
      edits: [
        {
          offset: prop.keyOffset,
          length: prop.keyLength,
          newText:
            ctx.doc.format === 'yaml' && !prop.keyQuoted && !(quoteDollar && x.startsWith('$')) ? x : JSON.stringify(x),
        },
      ],
    }));
  };
}

function integrationStub(protocol: Ctx['protocol']): unknown {
  return protocol === 'WEBSOCKET'
    ? { type: 'AWS_PROXY', uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:FUNCTION_NAME' }
    : {
        type: 'AWS_PROXY',
        uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:FUNCTION_NAME',
        payloadFormatVersion: '2.0',
      };
}

/** The authorizer a route's reference creates: a Lambda REQUEST one for WebSocket and for CUSTOM, else JWT. */
function authorizerStub(protocol: Ctx['protocol'], authorizationType: string | undefined): unknown {
  const uri = 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:FUNCTION_NAME';
  if (protocol === 'WEBSOCKET')
    return { type: 'REQUEST', uri, identitySources: ['route.request.header.Authorization'] };
  if (authorizationType === 'CUSTOM')
    return {
      type: 'REQUEST',
      uri,
      payloadFormatVersion: '2.0',
      enableSimpleResponses: true,
      identitySources: ['$request.header.Authorization'],
    };
  return { type: 'JWT', jwt: { issuer: 'https://ISSUER', audience: ['AUDIENCE'] } };
}

/**
 * The names each section takes as keys (the schema's `propertyNames`): what a fix may create and a rename may give.
 * Integrations, authorizers and VPC links share one form; HTTP APIs also have a `$default` stage.
 */
export const ITEM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
export const MODEL_NAME = /^[A-Za-z0-9]{1,128}$/;

function creatable(section: string, name: string, protocol: Ctx['protocol']): boolean {
  if (section === 'stages') return STAGE_NAME.test(name) || (name === '$default' && protocol === 'HTTP');
  return (section === 'models' ? MODEL_NAME : ITEM_NAME).test(name);
}

export function ruleFindings(doc: SpecDocument): Finding[] {
  const spec = obj(doc.value);
  if (!spec) return [];
  const api = obj(spec.api);
  const p = str(api?.protocol);
  const ctx: Ctx = {
    doc,
    spec,
    protocol: p === 'HTTP' || p === 'WEBSOCKET' ? p : undefined,
    out: [],
    sections: new Map(),
    names: new Map(),
    suggestions: new SuggestionBudget(SUGGESTION_BUDGET),
  };
  apiRules(ctx, api);
  routeRules(ctx);
  if (ctx.protocol === 'WEBSOCKET') modelRules(ctx);
  integrationRules(ctx);
  authorizerRules(ctx);
  stageRules(ctx);
  domainRules(ctx);
  quotaRules(ctx);
  variableRules(ctx);
  unusedRules(ctx);
  return ctx.out;
}

// ---- api ----

function apiRules(ctx: Ctx, api: Obj | undefined): void {
  if (!api) return;
  if (ctx.protocol === 'WEBSOCKET' && has(api, 'cors')) {
    add(
      ctx,
      'APIGW503',
      'CORS applies to HTTP APIs only; WebSocket APIs have no CORS configuration.',
      ['api', 'cors'],
      'key',
    );
  }
  if (ctx.protocol === 'HTTP') httpApiRules(ctx, api);
  const cors = obj(api.cors);
  const origins = Array.isArray(cors?.allowOrigins) ? (cors!.allowOrigins as unknown[]) : [];
  if (cors?.allowCredentials === true) {
    const star = origins.indexOf('*');
    if (star >= 0)
      add(
        ctx,
        'APIGW504',
        "CORS cannot allow credentials for any origin ('*'): list the origins, or set allowCredentials to false.",
        ['api', 'cors', 'allowOrigins', star],
        'value',
      );
  }
}

function httpApiRules(ctx: Ctx, api: Obj): void {
  const rse = str(api.routeSelectionExpression);
  if (rse !== undefined && rse !== HTTP_ROUTE_SELECTION) {
    add(
      ctx,
      'APIGW510',
      `HTTP APIs only accept the route selection expression '${HTTP_ROUTE_SELECTION}'.`,
      ['api', 'routeSelectionExpression'],
      'value',
      { fixes: changeFix(ctx, ['api', 'routeSelectionExpression'], HTTP_ROUTE_SELECTION) },
    );
  }
  if (has(api, 'apiKeySelectionExpression'))
    add(
      ctx,
      'APIGW510',
      "'apiKeySelectionExpression' applies to WebSocket APIs only (HTTP APIs have no API keys).",
      ['api', 'apiKeySelectionExpression'],
      'key',
    );
  // Models validate WebSocket messages (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html).
  if (has(ctx.spec, 'models'))
    add(
      ctx,
      'APIGW510',
      "'models' applies to WebSocket APIs only: HTTP APIs do not validate requests against models.",
      ['models'],
      'key',
    );
}

// ---- routes ----

function routeRules(ctx: Ctx): void {
  const shapes = new Map<string, string>();
  for (const [key, route] of section(ctx, 'routes')) {
    const at = ['routes', key];
    if (ctx.protocol === 'HTTP') httpRouteKeyRules(ctx, key, at, shapes);
    else if (ctx.protocol === 'WEBSOCKET') webSocketRouteKeyRules(ctx, key, at);
    routeReferenceRules(ctx, key, route, at);
    routeAuthorizationRules(ctx, route, at);
    if (ctx.protocol === 'HTTP') {
      for (const f of WEBSOCKET_ROUTE_FIELDS) {
        if (has(route, f)) add(ctx, 'APIGW508', `'${f}' applies to WebSocket routes only.`, [...at, f], 'key');
      }
    } else {
      routeResponseRules(ctx, route, at);
      routeModelRules(ctx, obj(route.requestModels), [...at, 'requestModels']);
      unselectedModelRule(ctx, route, at);
      silentTwoWayRule(ctx, route, at);
    }
  }
}

/**
 * A two-way route whose non-proxy integration (AWS, HTTP, MOCK) has no integration response sends nothing back: "For
 * non-proxy integrations, you must set up at least one integration response"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html).
 * A warning: AWS takes the route as it is.
 */
function silentTwoWayRule(ctx: Ctx, route: Obj, at: JsonPath): void {
  if (!has(route, 'routeResponseSelectionExpression') || typeof route.integration !== 'string') return;
  const name = route.integration;
  const all = obj(ctx.spec.integrations);
  // A lookup, not a search of the section: the rule runs once per route.
  const integration = all && has(all, name) ? obj(all[name]) : undefined;
  const type = integration?.type;
  if (type !== 'AWS' && type !== 'HTTP' && type !== 'MOCK') return;
  if (Object.keys(obj(integration!.responses) ?? {}).length > 0) return;
  add(
    ctx,
    'APIGW513',
    `This two-way route sends nothing back: its ${type} integration '${name}' is not a proxy and has no integration responses, and API Gateway answers a non-proxy integration only through one. Give '${name}' responses ($default, or /pattern/ keys).`,
    [...at, 'routeResponseSelectionExpression'],
    'key',
    { fixes: defaultResponseFix(ctx, name) },
  );
}

/** Adds `responses: { $default: {} }` to an integration: its answer then reaches the client as it is. */
function defaultResponseFix(ctx: Ctx, integration: string): () => QuickFix[] {
  return () => {
    const edits = insertProperty(ctx.doc, ['integrations', integration], 'responses', { $default: {} });
    return edits.length
      ? [{ title: `Add a $default integration response to '${integration}'`, preferred: true, edits }]
      : [];
  };
}

/**
 * Request models validate nothing without a model selection expression: "Model validation occurs if you provide a
 * model selection expression" (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html).
 * A warning: AWS takes the route as it is.
 */
function unselectedModelRule(ctx: Ctx, route: Obj, at: JsonPath): void {
  const models = obj(route.requestModels);
  if (!models || Object.keys(models).length === 0 || has(route, 'modelSelectionExpression')) return;
  add(
    ctx,
    'APIGW511',
    "These request models validate nothing: API Gateway checks a route's messages against its models only when the route has a modelSelectionExpression (whose value picks the key here, else $default).",
    [...at, 'requestModels'],
    'key',
  );
}

/**
 * AWS has one route response, `$default`: "You can only define the $default route response for WebSocket APIs"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html), and
 * the route response selection expression "is restricted to $default only"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html).
 */
function routeResponseRules(ctx: Ctx, route: Obj, at: JsonPath): void {
  const rrse = str(route.routeResponseSelectionExpression);
  if (rrse !== undefined && rrse !== '$default') {
    const path = [...at, 'routeResponseSelectionExpression'];
    add(
      ctx,
      'APIGW307',
      `The route response selection expression can only be '$default' (AWS has no other route response), not ${JSON.stringify(rrse)}.`,
      path,
      'value',
      { fixes: changeFix(ctx, path, '$default') },
    );
  }
  for (const [key, response] of entries(route.routeResponses)) {
    const path = [...at, 'routeResponses', key];
    if (key !== '$default')
      add(
        ctx,
        'APIGW307',
        `Route response '${key}': AWS has only the '$default' route response. Rename it to '$default'.`,
        path,
        'key',
        { fixes: renameKeyFixes(ctx, path, ['$default'], 'Rename', true) },
      );
    routeModelRules(ctx, obj(response.responseModels), [...path, 'responseModels']);
  }
}

/** The models a route or route response names must be in `models` (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html). */
function routeModelRules(ctx: Ctx, models: Obj | undefined, at: JsonPath): void {
  if (!models) return;
  const defined = obj(ctx.spec.models) ?? {};
  for (const key of Object.keys(models)) {
    const name = str(models[key]);
    if (name === undefined || has(defined, name)) continue;
    const path = [...at, key];
    const s = suggest(ctx, name, namesOf(ctx, 'models'));
    add(ctx, 'APIGW205', `Unknown model '${name}'.${suggestionText(s)}`, path, 'value', {
      fixes: referenceFixes(ctx, path, s, {
        section: 'models',
        name,
        body: { schema: { type: 'object' } },
        what: 'model',
      }),
    });
  }
}

// ---- models ----

/** An application/json model's schema must be JSON Schema draft 4 (modelSchema.ts says where AWS says so). */
function modelRules(ctx: Ctx): void {
  for (const [name, model] of section(ctx, 'models')) {
    if (!describesJson(model.contentType) || !has(model, 'schema')) continue;
    for (const problem of modelSchemaProblems(model.schema)) {
      const path = ['models', name, 'schema', ...problem.at];
      const last = problem.at[problem.at.length - 1];
      add(ctx, 'APIGW512', problem.message, path, typeof last === 'string' ? 'key' : 'value', {
        fixes: modelSchemaFixes(ctx, path, problem.repeated),
      });
    }
  }
}

/**
 * The refusals with one right answer: `required: []` (draft 4 wants at least one name; without it nothing is
 * required, the same), and a list with an item twice (`enum`, `required`, `type`: the later one goes, the meaning
 * stays). Other problems need the author's choice.
 */
function modelSchemaFixes(ctx: Ctx, path: JsonPath, repeated: ModelSchemaProblem['repeated']): () => QuickFix[] {
  return () => {
    const node = ctx.doc.nodeAt(path);
    if (node?.kind !== 'array') return [];
    if (repeated) return repeatedItemFix(ctx, node, repeated);
    const parent = ctx.doc.nodeAt(path.slice(0, -1));
    if (path[path.length - 1] !== 'required' || node.items?.length || !parent) return [];
    if ((parent.properties?.length ?? 0) < 2) return [];
    return [{ title: "Remove the empty 'required'", preferred: true, edits: removeEntry(ctx.doc, parent, 'required') }];
  };
}

function repeatedItemFix(ctx: Ctx, list: AstNode, repeated: NonNullable<ModelSchemaProblem['repeated']>): QuickFix[] {
  const edits = removeLaterItem(ctx.doc, list, repeated.index);
  if (!edits) return [];
  const text = typeof repeated.value === 'string' ? `'${repeated.value}'` : JSON.stringify(repeated.value);
  const shown = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return [{ title: `Remove the repeated ${shown}`, preferred: true, edits }];
}

function httpRouteKeyRules(ctx: Ctx, key: string, at: JsonPath, shapes: Map<string, string>): void {
  const { problem, parsed } = checkHttpRouteKey(key);
  if (problem) {
    add(
      ctx,
      problem.code,
      problem.message,
      at,
      'key',
      problem.fix ? { fixes: renameKeyFixes(ctx, at, [problem.fix], 'Change') } : {},
    );
    return;
  }
  if (!parsed) return;
  const earlier = shapes.get(parsed.shape);
  if (earlier === undefined) {
    shapes.set(parsed.shape, key);
    return;
  }
  add(
    ctx,
    'APIGW303',
    `Route '${key}' matches the same requests as '${earlier}': path parameter names do not tell routes apart.`,
    at,
    'key',
    { related: [{ message: `'${earlier}' is defined here`, path: ['routes', earlier], target: 'key' }] },
  );
}

const LOOKS_LIKE_HTTP_KEY = new RegExp(`^(${HTTP_METHODS.join('|')}) /`);

function webSocketRouteKeyRules(ctx: Ctx, key: string, at: JsonPath): void {
  if (key.trim() === '') {
    add(ctx, 'APIGW301', 'A WebSocket route key cannot be empty.', at, 'key');
  } else if (key.startsWith('$') && !WEBSOCKET_RESERVED_ROUTES.includes(key)) {
    const s = didYouMean(key, WEBSOCKET_RESERVED_ROUTES);
    add(
      ctx,
      'APIGW301',
      `'${key}' is not a WebSocket route key: keys starting with '$' are reserved for ${WEBSOCKET_RESERVED_ROUTES.join(', ')}.${suggestionText(s)}`,
      at,
      'key',
    );
  } else if (LOOKS_LIKE_HTTP_KEY.test(key)) {
    add(
      ctx,
      'APIGW306',
      `'${key}' looks like an HTTP route key; a WebSocket API selects routes with its route selection expression (such as the message's 'action').`,
      at,
      'key',
    );
  }
}

/** The integration and authorizer a route names must exist; WebSocket authorizers sit on $connect only. */
function routeReferenceRules(ctx: Ctx, key: string, route: Obj, at: JsonPath): void {
  const integration = str(route.integration);
  if (integration !== undefined && !has(obj(ctx.spec.integrations) ?? {}, integration)) {
    const s = suggest(ctx, integration, namesOf(ctx, 'integrations'));
    add(ctx, 'APIGW200', `Unknown integration '${integration}'.${suggestionText(s)}`, [...at, 'integration'], 'value', {
      fixes: referenceFixes(ctx, [...at, 'integration'], s, {
        section: 'integrations',
        name: integration,
        body: integrationStub(ctx.protocol),
        what: 'integration',
      }),
    });
  }
  if (!has(route, 'integration'))
    add(ctx, 'APIGW305', `Route '${key}' has no integration: requests that match it get 404 Not Found.`, at, 'key');
  const authorizerName = str(route.authorizer);
  if (authorizerName !== undefined && !has(obj(ctx.spec.authorizers) ?? {}, authorizerName)) {
    const s = suggest(ctx, authorizerName, namesOf(ctx, 'authorizers'));
    add(
      ctx,
      'APIGW201',
      `Unknown authorizer '${authorizerName}'.${suggestionText(s)}`,
      [...at, 'authorizer'],
      'value',
      {
        fixes: referenceFixes(ctx, [...at, 'authorizer'], s, {
          section: 'authorizers',
          name: authorizerName,
          body: authorizerStub(ctx.protocol, str(route.authorizationType)),
          what: 'authorizer',
        }),
      },
    );
  }
  if (ctx.protocol === 'WEBSOCKET' && authorizerName !== undefined && key !== '$connect') {
    add(
      ctx,
      'APIGW507',
      `WebSocket APIs authorize when a client connects: only the '$connect' route can have an authorizer, not '${key}'.`,
      [...at, 'authorizer'],
      'key',
    );
  }
}

/** The authorization type against the authorizer, and scopes only with JWT. */
function routeAuthorizationRules(ctx: Ctx, route: Obj, at: JsonPath): void {
  const authorizerName = str(route.authorizer);
  const authorizer = authorizerName !== undefined ? obj((obj(ctx.spec.authorizers) ?? {})[authorizerName]) : undefined;
  const declared = str(route.authorizationType);
  const authType = authorizer?.type;
  const typePath = [...at, 'authorizationType'];
  if (declared === 'JWT' && ctx.protocol === 'WEBSOCKET') {
    add(
      ctx,
      'APIGW500',
      'JWT authorization is for HTTP APIs; WebSocket APIs use a REQUEST (Lambda) authorizer on $connect, or AWS_IAM.',
      typePath,
      'value',
    );
  } else if (declared !== undefined && ['NONE', 'JWT', 'CUSTOM', 'AWS_IAM'].includes(declared)) {
    const needs = declared === 'JWT' ? 'JWT' : declared === 'CUSTOM' ? 'REQUEST' : undefined;
    if (needs && authorizerName === undefined) {
      add(
        ctx,
        'APIGW501',
        `Authorization type ${declared} needs an authorizer of type ${needs}: set 'authorizer'.`,
        typePath,
        'value',
      );
    } else if (needs && authorizer && authType !== needs) {
      add(
        ctx,
        'APIGW501',
        `Authorization type ${declared} needs an authorizer of type ${needs}, but '${authorizerName}' is ${String(authType)}.`,
        typePath,
        'value',
      );
    } else if (!needs && authorizerName !== undefined) {
      add(
        ctx,
        'APIGW501',
        `Authorization type ${declared} does not use an authorizer: remove 'authorizer' or change the type.`,
        typePath,
        'value',
      );
    }
  }
  const effective =
    declared ??
    (authType === 'JWT'
      ? 'JWT'
      : authType === 'REQUEST'
        ? 'CUSTOM'
        : authorizerName !== undefined
          ? undefined
          : 'NONE');
  if (has(route, 'authorizationScopes') && effective !== undefined && effective !== 'JWT') {
    add(
      ctx,
      'APIGW502',
      `Authorization scopes need JWT authorization; this route's authorization is ${effective}.`,
      [...at, 'authorizationScopes'],
      'key',
    );
  }
}

// ---- integrations ----

interface IntegrationFacts {
  name: string;
  at: string[];
  integ: Obj;
  type: string | undefined;
  subtype: string | undefined;
  pfv: string | undefined;
  uri: string | undefined;
  vpcLink: string | undefined;
  http: boolean;
  ws: boolean;
}

function integrationRules(ctx: Ctx): void {
  for (const [name, integ] of section(ctx, 'integrations')) {
    const i: IntegrationFacts = {
      name,
      at: ['integrations', name],
      integ,
      type: str(integ.type),
      subtype: str(integ.subtype),
      pfv: str(integ.payloadFormatVersion),
      uri: str(integ.uri),
      vpcLink: str(integ.vpcLink),
      http: ctx.protocol === 'HTTP',
      ws: ctx.protocol === 'WEBSOCKET',
    };
    if (i.http && i.type && ['AWS', 'HTTP', 'MOCK'].includes(i.type)) {
      add(
        ctx,
        'APIGW400',
        `HTTP APIs support integration types AWS_PROXY and HTTP_PROXY, not ${i.type} (${i.type} is for WebSocket APIs).`,
        [...i.at, 'type'],
        'value',
      );
    }
    if (i.subtype !== undefined) subtypeRules(ctx, i, i.subtype);
    else if (i.type !== undefined && ['AWS_PROXY', 'HTTP_PROXY', 'AWS', 'HTTP'].includes(i.type) && !has(integ, 'uri'))
      missingUriRule(ctx, i, i.type);
    payloadFormatRules(ctx, i);
    uriRules(ctx, i);
    const cred = str(integ.credentialsArn);
    if (cred !== undefined) {
      const problem = arnProblem(cred, 'integrationCredentials');
      if (problem) add(ctx, 'APIGW800', problem, [...i.at, 'credentialsArn'], 'value');
    }
    vpcLinkRules(ctx, i);
    integrationSettingRules(ctx, i);
    if (i.http) mappingKeyRules(ctx, i);
  }
}

function missingUriRule(ctx: Ctx, i: IntegrationFacts, type: string): void {
  add(
    ctx,
    'APIGW407',
    type === 'AWS_PROXY'
      ? `Integration '${i.name}' needs 'uri': the Lambda function ARN.`
      : `Integration '${i.name}' needs 'uri': ${type.startsWith('HTTP') ? 'the URL (or, with a VPC link, the listener ARN)' : 'the AWS service action ARN'}.`,
    i.at,
    'key',
  );
}

/** First-class AWS service integrations. */
function subtypeRules(ctx: Ctx, i: IntegrationFacts, subtype: string): void {
  const { at, type } = i;
  if (i.ws)
    add(
      ctx,
      'APIGW406',
      'First-class AWS service integrations (subtype) are for HTTP APIs only.',
      [...at, 'subtype'],
      'key',
    );
  else if (type !== undefined && type !== 'AWS_PROXY')
    add(
      ctx,
      'APIGW406',
      `A first-class integration (subtype ${subtype}) needs type AWS_PROXY, not ${type}.`,
      [...at, 'type'],
      'value',
    );
  // Own entries only: a subtype named 'constructor' must not find Object's.
  const params = has(SUBTYPE_PARAMETERS, subtype) ? SUBTYPE_PARAMETERS[subtype] : undefined;
  if (!params || i.ws) return;
  subtypeParameterRules(ctx, i, subtype, params);
  if (!has(i.integ, 'credentialsArn'))
    add(
      ctx,
      'APIGW403',
      `${subtype} needs 'credentialsArn': the IAM role API Gateway assumes to call the service.`,
      [...at, 'subtype'],
      'value',
    );
  if (i.pfv === '2.0')
    add(
      ctx,
      'APIGW401',
      'First-class AWS service integrations use payload format 1.0.',
      [...at, 'payloadFormatVersion'],
      'value',
    );
  if (i.uri !== undefined)
    add(
      ctx,
      'APIGW406',
      `A first-class integration takes no 'uri': ${subtype} reads its target from the request parameters.`,
      [...at, 'uri'],
      'key',
    );
}

function subtypeParameterRules(
  ctx: Ctx,
  i: IntegrationFacts,
  subtype: string,
  params: { required: string[]; optional: string[] },
): void {
  const given = obj(i.integ.requestParameters) ?? {};
  const missing = params.required.filter((r) => !has(given, r));
  if (missing.length) {
    const inParams = has(i.integ, 'requestParameters');
    add(
      ctx,
      'APIGW402',
      `${subtype} needs the request parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}.`,
      inParams ? [...i.at, 'requestParameters'] : [...i.at, 'subtype'],
      inParams ? 'key' : 'value',
    );
  }
  const known = [...params.required, ...params.optional];
  for (const k of Object.keys(given)) {
    if (known.includes(k)) continue;
    const s = suggest(ctx, k, known);
    const path = [...i.at, 'requestParameters', k];
    add(
      ctx,
      'APIGW404',
      `${subtype} has no request parameter '${k}'.${s.length ? suggestionText(s) : ` It takes ${known.join(', ')}.`}`,
      path,
      'key',
      s.length ? { fixes: renameKeyFixes(ctx, path, s, 'Rename') } : {},
    );
  }
}

function payloadFormatRules(ctx: Ctx, i: IntegrationFacts): void {
  if (i.pfv !== '2.0' || i.subtype !== undefined || !(i.ws || i.type === 'HTTP_PROXY')) return;
  add(
    ctx,
    'APIGW401',
    i.ws
      ? 'WebSocket integrations use payload format 1.0.'
      : 'HTTP proxy integrations use payload format 1.0; 2.0 is for Lambda proxy integrations.',
    [...i.at, 'payloadFormatVersion'],
    'value',
    { fixes: changeFix(ctx, [...i.at, 'payloadFormatVersion'], '1.0') },
  );
}

function uriRules(ctx: Ctx, i: IntegrationFacts): void {
  const { uri, type, at } = i;
  if (uri === undefined || i.subtype !== undefined) return;
  if (type === 'AWS_PROXY') {
    const problem = arnProblem(uri, 'lambda');
    if (problem) add(ctx, 'APIGW800', `Lambda proxy integration: ${problem}`, [...at, 'uri'], 'value');
  } else if ((type === 'HTTP_PROXY' || type === 'HTTP') && i.vpcLink === undefined) {
    if (!hasUnterminatedVariable(uri) && !/^https?:\/\/[^\s/]+/.test(withPlaceholders(uri)))
      add(
        ctx,
        'APIGW803',
        `${JSON.stringify(uri)} is not an http:// or https:// URL.${uri.startsWith('arn:') ? " A private integration also needs 'vpcLink'." : ''}`,
        [...at, 'uri'],
        'value',
      );
  } else if (type === 'HTTP_PROXY' && i.vpcLink !== undefined) {
    const problem = arnProblem(uri, 'privateTarget');
    if (problem) add(ctx, 'APIGW800', `Private integration: ${problem}`, [...at, 'uri'], 'value');
  } else if (type === 'AWS') {
    const problem = arnProblem(uri, 'awsAction');
    if (problem) add(ctx, 'APIGW800', problem, [...at, 'uri'], 'value');
  }
}

function vpcLinkRules(ctx: Ctx, i: IntegrationFacts): void {
  const { vpcLink, at, type } = i;
  if (vpcLink === undefined) return;
  if (i.ws)
    add(
      ctx,
      'APIGW406',
      'WebSocket private integrations use REST API VPC links, which gateway specs do not describe; vpcLink is for HTTP APIs.',
      [...at, 'vpcLink'],
      'key',
    );
  else if (type !== undefined && type !== 'HTTP_PROXY')
    add(
      ctx,
      'APIGW406',
      `A private integration (vpcLink) needs type HTTP_PROXY, not ${type}.`,
      [...at, 'vpcLink'],
      'key',
    );
  if (!has(obj(ctx.spec.vpcLinks) ?? {}, vpcLink)) {
    const s = suggest(ctx, vpcLink, namesOf(ctx, 'vpcLinks'));
    add(ctx, 'APIGW202', `Unknown VPC link '${vpcLink}'.${suggestionText(s)}`, [...at, 'vpcLink'], 'value', {
      fixes: referenceFixes(ctx, [...at, 'vpcLink'], s, {
        section: 'vpcLinks',
        name: vpcLink,
        body: { subnetIds: ['subnet-00000000'], securityGroupIds: ['sg-00000000'] },
        what: 'VPC link',
      }),
    });
  }
}

/**
 * Of WEBSOCKET_INTEGRATION_FIELDS (protocolFields.ts), the ones about a payload API Gateway transforms: a proxy integration passes the message and the answer
 * through as they are ("For proxy integrations … There is no integration response",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html).
 * `contentHandling` and `passthroughBehavior` are taken on every WebSocket integration.
 */
const NON_PROXY_FIELDS = ['requestTemplates', 'templateSelectionExpression', 'responses'];

/** Settings that apply to one protocol or to some integration types only, and the WebSocket timeout. */
function integrationSettingRules(ctx: Ctx, i: IntegrationFacts): void {
  const { integ, at, type } = i;
  if (has(integ, 'tlsServerName') && i.vpcLink === undefined)
    add(
      ctx,
      'APIGW406',
      "'tlsServerName' applies to private integrations only (with 'vpcLink').",
      [...at, 'tlsServerName'],
      'key',
    );
  if (i.ws && has(integ, 'responseParameters'))
    add(ctx, 'APIGW406', "'responseParameters' applies to HTTP APIs only.", [...at, 'responseParameters'], 'key');
  for (const f of WEBSOCKET_INTEGRATION_FIELDS) {
    if (!has(integ, f)) continue;
    if (i.http) add(ctx, 'APIGW406', `'${f}' applies to WebSocket APIs only.`, [...at, f], 'key');
    else if (i.ws && (type === 'AWS_PROXY' || type === 'HTTP_PROXY') && NON_PROXY_FIELDS.includes(f))
      add(ctx, 'APIGW406', proxyFieldMessage(f, type), [...at, f], 'key');
  }
  lambdaMethodRule(ctx, i);
  descriptionRule(ctx, i);
  if (!i.http) templateRules(ctx, i);
  const timeout = integ.timeoutMs;
  if (i.ws && typeof timeout === 'number' && timeout > WEBSOCKET_TIMEOUT_MAX_MS) {
    add(
      ctx,
      'APIGW405',
      `WebSocket integrations time out after at most ${WEBSOCKET_TIMEOUT_MAX_MS} ms, not ${timeout}.`,
      [...at, 'timeoutMs'],
      'value',
      { fixes: numberFix(ctx, [...at, 'timeoutMs'], WEBSOCKET_TIMEOUT_MAX_MS) },
    );
  }
}

/**
 * Parameter mappings of an HTTP API integration: keys of the forms AWS lists, and none on AWS's reserved headers
 * (mappingKeys.ts). A first-class integration's request parameters are the action's, not mappings (APIGW404
 * judges their names).
 */
function mappingKeyRules(ctx: Ctx, i: IntegrationFacts): void {
  if (i.subtype === undefined)
    mappingKeys(ctx, obj(i.integ.requestParameters), [...i.at, 'requestParameters'], 'request');
  for (const [status, mapping] of entries(i.integ.responseParameters))
    mappingKeys(ctx, mapping, [...i.at, 'responseParameters', status], 'response');
}

function mappingKeys(ctx: Ctx, mapping: Obj | undefined, at: JsonPath, of: 'request' | 'response'): void {
  if (!mapping) return;
  for (const key of Object.keys(mapping)) {
    const parsed = parseMappingKey(key, of);
    const message = !parsed
      ? mappingKeyMessage(key, of)
      : parsed.target === 'header'
        ? reservedHeaderMessage(parsed.name)
        : undefined;
    if (message !== undefined) add(ctx, 'APIGW410', message, [...at, key], 'key');
  }
}

function mappingKeyMessage(key: string, of: 'request' | 'response'): string {
  const forms =
    of === 'request'
      ? "'append|overwrite|remove:header.NAME', 'append|overwrite|remove:querystring.NAME' or 'overwrite:path'"
      : "'append|overwrite|remove:header.NAME' or 'overwrite:statuscode'";
  return `'${key}' is not a ${of} parameter mapping key AWS takes: use ${forms} (lower case, as written).`;
}

function reservedHeaderMessage(name: string): string | undefined {
  const entry = reservedHeaderEntry(name);
  if (entry === undefined) return undefined;
  const which = entry.endsWith('*') ? `headers matching ${entry} are reserved` : 'it is a reserved header';
  return `AWS refuses parameter mappings on the header '${name}': ${which}. Remove this mapping or use another header name.`;
}

const INTEGRATION_DESCRIPTION_MAX = 1024;

/**
 * Deploy keeps an integration's name in its description (`[apigw:NAME] description`, DEPLOY.md), and AWS takes
 * descriptions of at most 1024 characters
 * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid.html).
 */
function descriptionRule(ctx: Ctx, i: IntegrationFacts): void {
  const d = str(i.integ.description);
  if (d === undefined) return;
  const stored = `[apigw:${i.name}] `.length + d.length;
  if (stored <= INTEGRATION_DESCRIPTION_MAX) return;
  add(
    ctx,
    'APIGW408',
    `Deploy stores this description as '[apigw:${i.name}] …' (the name marker finds the integration again): ${stored} characters, and AWS accepts ${INTEGRATION_DESCRIPTION_MAX}. Shorten it by ${stored - INTEGRATION_DESCRIPTION_MAX}.`,
    [...i.at, 'description'],
    'value',
  );
}

/**
 * Mapping templates of requests and of integration responses: at most 300 KB each, and Velocity that parses (a
 * warning: AWS stores the text; a template that does not parse fails each message it serves).
 */
function templateRules(ctx: Ctx, i: IntegrationFacts): void {
  templateRule(ctx, obj(i.integ.requestTemplates), [...i.at, 'requestTemplates']);
  for (const [key, response] of entries(i.integ.responses))
    templateRule(ctx, obj(response.responseTemplates), [...i.at, 'responses', key, 'responseTemplates']);
}

function templateRule(ctx: Ctx, templates: Obj | undefined, at: JsonPath): void {
  if (!templates) return;
  for (const key of Object.keys(templates)) {
    const t = str(templates[key]);
    if (t === undefined) continue;
    // A UTF-16 unit is at most 3 UTF-8 bytes: most templates are within the quota without counting.
    const bytes = t.length * 3 <= MAPPING_TEMPLATE_MAX_BYTES ? 0 : Buffer.byteLength(t, 'utf8');
    if (bytes > MAPPING_TEMPLATE_MAX_BYTES) {
      add(
        ctx,
        'APIGW708',
        `This mapping template is ${bytes} bytes; AWS accepts at most ${MAPPING_TEMPLATE_MAX_BYTES} (300 KB). Move work to the backend or split the template by content type.`,
        [...at, key],
        'value',
      );
      continue;
    }
    // Deploy resolves the workbench's `${aws:region}` and `${aws:accountId}` before AWS sees the template.
    const syntax = syntaxCheckable(t) ? parseTemplate(resolveAwsVariables(t, LOCAL_AWS)) : undefined;
    if (!syntax || syntax.ok) continue;
    const span = syntax.line ? templateLineSpan(ctx, [...at, key], t, syntax.line) : undefined;
    add(
      ctx,
      'APIGW514',
      `This mapping template is not valid Velocity (${syntax.problem}). Each message it serves fails with Internal server error.`,
      [...at, key],
      'value',
      span ? { span } : {},
    );
  }
}

function proxyFieldMessage(field: string, type: string): string {
  return field === 'responses'
    ? `'responses' applies to AWS, HTTP and MOCK integrations: an ${type} integration passes the backend's answer to the client as it is, with no integration response.`
    : `'${field}' applies to AWS, HTTP and MOCK integrations: an ${type} integration passes the message to the backend as it is, without mapping templates.`;
}

/**
 * A Lambda integration (proxy, or a WebSocket AWS integration with a Lambda invocations URI) calls the function with
 * POST: "For Lambda integrations, you must use the HTTP method of POST"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html).
 */
function lambdaMethodRule(ctx: Ctx, i: IntegrationFacts): void {
  const method = str(i.integ.method);
  if (method === undefined || method === 'POST' || i.subtype !== undefined) return;
  const lambda = i.type === 'AWS_PROXY' || (i.type === 'AWS' && i.uri !== undefined && i.uri.includes(':lambda:path/'));
  if (!lambda) return;
  add(
    ctx,
    'APIGW409',
    `Lambda integrations invoke the function with POST, not ${method}: set 'method' to POST, or leave it out (POST is the default).`,
    [...i.at, 'method'],
    'value',
    { fixes: changeFix(ctx, [...i.at, 'method'], 'POST') },
  );
}

// ---- authorizers ----

const HTTP_IDENTITY = /^\$(request\.(header|querystring)\.[^\s]+|context\.[^\s]+|stageVariables\.[A-Za-z0-9_]+)$/;
const WS_IDENTITY = /^(route\.request\.(header|querystring)\.[^\s]+|context\.[^\s]+|stageVariables\.[A-Za-z0-9_]+)$/;
const JWT_IDENTITY = /^\$request\.(header|querystring)\.[^\s]+$/;

function authorizerRules(ctx: Ctx): void {
  for (const [name, auth] of section(ctx, 'authorizers')) {
    const at = ['authorizers', name];
    const type = str(auth.type);
    const sources = Array.isArray(auth.identitySources) ? (auth.identitySources as unknown[]) : undefined;
    if (type === 'JWT') jwtAuthorizerRules(ctx, name, auth, at, sources);
    else if (type === 'REQUEST') requestAuthorizerRules(ctx, name, auth, at, sources);
    const cred = str(auth.credentialsArn);
    if (cred !== undefined && type === 'REQUEST') {
      const problem = arnProblem(cred, 'role');
      if (problem) add(ctx, 'APIGW800', problem, [...at, 'credentialsArn'], 'value');
    }
  }
}

function jwtAuthorizerRules(ctx: Ctx, name: string, auth: Obj, at: string[], sources: unknown[] | undefined): void {
  if (ctx.protocol === 'WEBSOCKET')
    add(
      ctx,
      'APIGW500',
      'JWT authorizers are for HTTP APIs; WebSocket APIs use a REQUEST (Lambda) authorizer.',
      [...at, 'type'],
      'value',
    );
  if (!has(auth, 'jwt'))
    add(ctx, 'APIGW505', `JWT authorizer '${name}' needs 'jwt' with the issuer and audience.`, at, 'key');
  for (const f of ['uri', 'payloadFormatVersion', 'enableSimpleResponses', 'resultTtlSeconds', 'credentialsArn']) {
    if (has(auth, f))
      add(ctx, 'APIGW506', `'${f}' applies to REQUEST (Lambda) authorizers, not JWT.`, [...at, f], 'key');
  }
  if (sources && sources.length !== 1)
    add(
      ctx,
      'APIGW509',
      `A JWT authorizer takes exactly one identity source, not ${sources.length}.`,
      [...at, 'identitySources'],
      'key',
    );
  sources?.forEach((s, i) => {
    if (typeof s === 'string' && !JWT_IDENTITY.test(s))
      add(
        ctx,
        'APIGW509',
        `JWT identity source ${JSON.stringify(s)} must be a header or query string: '$request.header.NAME' or '$request.querystring.NAME'.`,
        [...at, 'identitySources', i],
        'value',
      );
  });
}

function requestAuthorizerRules(ctx: Ctx, name: string, auth: Obj, at: string[], sources: unknown[] | undefined): void {
  const ws = ctx.protocol === 'WEBSOCKET';
  if (!has(auth, 'uri'))
    add(ctx, 'APIGW505', `REQUEST authorizer '${name}' needs 'uri': the Lambda function ARN.`, at, 'key');
  if (has(auth, 'jwt')) add(ctx, 'APIGW506', "'jwt' applies to JWT authorizers only.", [...at, 'jwt'], 'key');
  const uri = str(auth.uri);
  if (uri !== undefined) {
    const problem = arnProblem(uri, 'lambda');
    if (problem) add(ctx, 'APIGW800', `Lambda authorizer: ${problem}`, [...at, 'uri'], 'value');
  }
  if (ws) webSocketAuthorizerRules(ctx, auth, at);
  else if (auth.enableSimpleResponses === true && str(auth.payloadFormatVersion) === '1.0') {
    add(ctx, 'APIGW506', 'Simple responses need payload format 2.0.', [...at, 'enableSimpleResponses'], 'key');
  }
  const ttl = auth.resultTtlSeconds;
  if (!ws && typeof ttl === 'number' && ttl > 0 && (!sources || sources.length === 0)) {
    add(
      ctx,
      'APIGW509',
      'Caching authorizer results (resultTtlSeconds > 0) needs identity sources: they form the cache key.',
      [...at, 'resultTtlSeconds'],
      'key',
    );
  }
  const re = ws ? WS_IDENTITY : HTTP_IDENTITY;
  sources?.forEach((s, i) => {
    if (typeof s === 'string' && ctx.protocol && !re.test(s)) {
      add(
        ctx,
        'APIGW509',
        ws
          ? `WebSocket identity source ${JSON.stringify(s)} must be 'route.request.header.NAME', 'route.request.querystring.NAME', 'context.NAME' or 'stageVariables.NAME'.`
          : `Identity source ${JSON.stringify(s)} must be '$request.header.NAME', '$request.querystring.NAME', '$context.NAME' or '$stageVariables.NAME'.`,
        [...at, 'identitySources', i],
        'value',
      );
    }
  });
}

/**
 * CreateAuthorizer members "Supported only for HTTP API Lambda authorizers" (AWS answers a WebSocket API's
 * AuthorizerResultTtlInSeconds with "cannot be set for WEBSOCKET protocol Apis").
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers-authorizerid.html
 */
function webSocketAuthorizerRules(ctx: Ctx, auth: Obj, at: string[]): void {
  for (const f of ['payloadFormatVersion', 'enableSimpleResponses']) {
    if (has(auth, f)) add(ctx, 'APIGW506', `'${f}' applies to HTTP API authorizers only.`, [...at, f], 'key');
  }
  if (has(auth, 'resultTtlSeconds'))
    add(
      ctx,
      'APIGW506',
      "'resultTtlSeconds' applies to HTTP API authorizers only: AWS refuses it on WebSocket APIs, whose authorizer runs once per connection. Remove it.",
      [...at, 'resultTtlSeconds'],
      'key',
    );
}

// ---- stages and domains ----

function stageRules(ctx: Ctx): void {
  const http = ctx.protocol === 'HTTP';
  for (const [name, stage] of section(ctx, 'stages')) {
    const at = ['stages', name];
    stageNameRule(ctx, name, at, http);
    accessLogRules(ctx, obj(stage.accessLog), at);
    if (http) httpStageRules(ctx, stage, at);
    const vars = obj(stage.variables);
    if (vars && Object.keys(vars).length > STAGE_VARIABLES_MAX) {
      add(
        ctx,
        'APIGW704',
        `Stage '${name}' has ${Object.keys(vars).length} stage variables; AWS allows ${STAGE_VARIABLES_MAX}.`,
        [...at, 'variables'],
        'key',
      );
    }
    routeSettingsRules(ctx, name, stage, at);
  }
}

/**
 * CreateStage members "Supported only for WebSocket APIs".
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename.html
 */
function httpStageRules(ctx: Ctx, stage: Obj, at: string[]): void {
  for (const f of ['loggingLevel', 'dataTraceEnabled'])
    if (has(stage, f))
      add(
        ctx,
        'APIGW604',
        `'${f}' applies to WebSocket stages only; HTTP APIs log through access logs.`,
        [...at, f],
        'key',
      );
  if (has(stage, 'clientCertificateId'))
    add(
      ctx,
      'APIGW604',
      "'clientCertificateId' applies to WebSocket stages only: HTTP APIs cannot present a client certificate to their backends.",
      [...at, 'clientCertificateId'],
      'key',
    );
}

function stageNameRule(ctx: Ctx, name: string, at: string[], http: boolean): void {
  if (name === '$default') {
    if (ctx.protocol === 'WEBSOCKET') add(ctx, 'APIGW600', "WebSocket APIs cannot have a '$default' stage.", at, 'key');
  } else if (!STAGE_NAME.test(name)) {
    add(
      ctx,
      'APIGW600',
      `Invalid stage name '${name}': use up to 128 letters, digits, '-' and '_'${http ? ", or '$default'" : ''}.`,
      at,
      'key',
    );
  }
}

function accessLogRules(ctx: Ctx, log: Obj | undefined, at: string[]): void {
  const format = str(log?.format);
  if (format !== undefined) {
    const bytes = Buffer.byteLength(format, 'utf8');
    if (bytes > ACCESS_LOG_MAX_BYTES)
      add(
        ctx,
        'APIGW602',
        `The access log format is ${bytes} bytes; AWS accepts at most ${ACCESS_LOG_MAX_BYTES} (3 KB).`,
        [...at, 'accessLog', 'format'],
        'value',
      );
    if (!format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) {
      add(
        ctx,
        'APIGW603',
        'The access log format must contain $context.requestId (or $context.extendedRequestId).',
        [...at, 'accessLog', 'format'],
        'value',
      );
    }
    if (ctx.protocol) accessLogVariableRules(ctx, ctx.protocol, format, [...at, 'accessLog', 'format']);
  }
  const dest = str(log?.destinationArn);
  if (dest !== undefined) {
    const problem = arnProblem(dest, 'logGroup');
    if (problem) add(ctx, 'APIGW800', problem, [...at, 'accessLog', 'destinationArn'], 'value');
  }
}

/** The most unknown variables looked at, and said, in one format: a format of hundreds says so with the first. */
const ACCESS_LOG_VARIABLES_READ = 100;
const ACCESS_LOG_VARIABLE_PROBLEMS = 10;

/**
 * A warning on each `$context` variable of an access log format that AWS does not list for the protocol and that is
 * either close to one it lists (a misspelling, with a quick fix) or the other protocol's. Other unlisted names are
 * left alone: AWS's own samples use some (`$context.resourcePath` of REST APIs) and AWS takes them.
 */
function accessLogVariableRules(ctx: Ctx, protocol: Protocol, format: string, path: JsonPath): void {
  ctx.doc.work += format.length;
  const kind = protocol === 'HTTP' ? 'HTTP' : 'WebSocket';
  const other = protocol === 'HTTP' ? 'WEBSOCKET' : 'HTTP';
  let said = 0;
  for (const use of unknownAccessLogVariables(format, protocol, ACCESS_LOG_VARIABLES_READ)) {
    const otherOnly = isAccessLogVariable(other, use.name);
    const s = otherOnly ? [] : suggest(ctx, use.name, [...accessLogVariables(protocol)], 1);
    if (!otherOnly && s.length === 0) continue;
    if (++said > ACCESS_LOG_VARIABLE_PROBLEMS) return;
    const span = writtenSpan(ctx, path, format, use);
    const message = otherOnly
      ? `'$context.${use.name}' is a variable of ${kind === 'HTTP' ? 'WebSocket' : 'HTTP'} API access logs; ${kind} API access logs do not have it.`
      : `'$context.${use.name}' is not a variable of ${kind} API access logs. Did you mean '$context.${s[0]}'?`;
    add(ctx, 'APIGW607', message, path, 'value', {
      ...(span ? { span } : {}),
      ...(span && s.length ? { fixes: [accessLogVariableFix(span, s[0]!)] } : {}),
    });
  }
}

function accessLogVariableFix(span: { offset: number; length: number }, name: string): QuickFix {
  return { title: `Change to '$context.${name}'`, preferred: true, edits: [{ ...span, newText: `$context.${name}` }] };
}

/** Where line `line` (1-based, its blanks aside) of a template is written in the spec's text, when it can be found. */
function templateLineSpan(
  ctx: Ctx,
  path: JsonPath,
  template: string,
  line: number,
): { offset: number; length: number } | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const newline = template.indexOf('\n', start);
    if (newline < 0) return undefined;
    start = newline + 1;
  }
  const end = template.indexOf('\n', start);
  const text = template.slice(start, end < 0 ? template.length : end);
  const index = start + (text.length - text.trimStart().length);
  const length = text.trim().length;
  return length ? writtenSpan(ctx, path, template, { name: '', index, length }) : undefined;
}

/**
 * Where a variable of a string value is written in the text: its occurrence of the same rank in the value's source,
 * which JSON's escapes shift but never break (a `$context` name holds nothing to escape).
 */
function writtenSpan(
  ctx: Ctx,
  path: JsonPath,
  value: string,
  use: AccessLogVariableUse,
): { offset: number; length: number } | undefined {
  const node = ctx.doc.nodeAt(path);
  if (!node || node.kind !== 'string') return undefined;
  const token = value.slice(use.index, use.index + use.length);
  let rank = 0;
  for (let at = value.indexOf(token); at >= 0 && at < use.index; at = value.indexOf(token, at + 1)) rank++;
  const source = ctx.doc.text.slice(node.offset, node.offset + node.length);
  // As written: plainly (YAML), else with JSON's escapes (a template line's quotes are `\"` in JSON).
  const written = source.includes(token) ? token : JSON.stringify(token).slice(1, -1);
  let at = source.indexOf(written);
  for (let i = 0; i < rank && at >= 0; i++) at = source.indexOf(written, at + 1);
  return at < 0 ? undefined : { offset: node.offset + at, length: written.length };
}

function routeSettingsRules(ctx: Ctx, name: string, stage: Obj, at: string[]): void {
  const routes = obj(ctx.spec.routes) ?? {};
  for (const [routeKey, settings] of entries(stage.routeSettings)) {
    const rat = [...at, 'routeSettings', routeKey];
    if (!has(routes, routeKey)) {
      const s = suggest(ctx, routeKey, namesOf(ctx, 'routes'));
      add(
        ctx,
        'APIGW204',
        `Stage '${name}' has settings for route '${routeKey}', which the spec does not define.${suggestionText(s)}`,
        rat,
        'key',
        s.length ? { fixes: renameKeyFixes(ctx, rat, s, 'Change', true) } : {},
      );
    }
    if (ctx.protocol === 'HTTP') {
      for (const f of ['loggingLevel', 'dataTraceEnabled'])
        if (has(settings, f)) add(ctx, 'APIGW604', `'${f}' applies to WebSocket stages only.`, [...rat, f], 'key');
    }
  }
}

function domainRules(ctx: Ctx): void {
  for (const [name, domain] of section(ctx, 'domains')) {
    const at = ['domains', name];
    for (const f of ['certificateArn', 'ownershipVerificationCertificateArn']) {
      const v = str(domain[f]);
      if (v === undefined) continue;
      const problem = arnProblem(v, 'certificate');
      if (problem) add(ctx, 'APIGW800', problem, [...at, f], 'value');
    }
    const mappings = Array.isArray(domain.mappings) ? (domain.mappings as unknown[]) : [];
    securityPolicyRule(ctx, domain, at, mappings);
    mappings.forEach((m, i) => mappingRules(ctx, obj(m), [...at, 'mappings', i]));
    repeatedMappingPathRule(ctx, mappings, at);
    multiLevelMappingQuota(ctx, mappings, at);
  }
}

/**
 * TLS 1.0 domains take neither mutual TLS ("a Regional custom domain name … with a minimum TLS version of 1.2",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html) nor HTTP APIs ("You can
 * only map HTTP APIs to a regional custom domain name with the TLS 1.2 security policy",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html). A WebSocket API's endpoints
 * are TLS 1.2 whatever the domain says ("API Gateway enforces a security policy of TLS_1_2 for all WebSocket API
 * endpoints", https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-ciphers.html): a warning.
 */
function securityPolicyRule(ctx: Ctx, domain: Obj, at: string[], mappings: unknown[]): void {
  if (str(domain.securityPolicy) !== 'TLS_1_0') return;
  const found = tls10Finding(ctx.protocol, has(domain, 'mutualTls'), mappings);
  if (found)
    add(ctx, found[0], found[1], [...at, 'securityPolicy'], 'value', {
      fixes: changeFix(ctx, [...at, 'securityPolicy'], 'TLS_1_2'),
    });
}

/** What a TLS 1.0 domain is told: its code and message, or nothing. */
function tls10Finding(
  protocol: Ctx['protocol'],
  mutualTls: boolean,
  mappings: unknown[],
): ['APIGW605' | 'APIGW608', string] | undefined {
  if (mutualTls) return ['APIGW605', 'Mutual TLS needs security policy TLS_1_2.'];
  // A mapping with `api` serves another API, whose protocol this spec does not know.
  if (!mappings.some((m) => obj(m) && obj(m)!.api === undefined)) return undefined;
  if (protocol === 'HTTP')
    return ['APIGW605', 'HTTP APIs can only be mapped to a domain with security policy TLS_1_2.'];
  if (protocol === 'WEBSOCKET')
    return [
      'APIGW608',
      'API Gateway enforces TLS_1_2 on every WebSocket API endpoint: TLS 1.0 clients are refused whatever this says. Write TLS_1_2.',
    ];
  return undefined;
}

/** A mapping's stage must be one of this spec's (unless it maps another API); WebSocket paths have one level. */
function mappingRules(ctx: Ctx, m: Obj | undefined, at: JsonPath): void {
  if (!m || m.api !== undefined) return;
  const path = str(m.path);
  if (ctx.protocol === 'WEBSOCKET' && path !== undefined && path.includes('/'))
    add(
      ctx,
      'APIGW606',
      `WebSocket APIs take single-level API mappings: '${path}' has '/'. Use one segment, such as '${path.replace(/\//g, '-')}'.`,
      [...at, 'path'],
      'value',
    );
  const stage = str(m.stage);
  if (stage === undefined || has(obj(ctx.spec.stages) ?? {}, stage)) return;
  const s = suggest(ctx, stage, namesOf(ctx, 'stages'));
  const stagePath = [...at, 'stage'];
  add(ctx, 'APIGW203', `Unknown stage '${stage}'.${suggestionText(s)}`, stagePath, 'value', {
    fixes: referenceFixes(ctx, stagePath, s, {
      section: 'stages',
      name: stage,
      body: { autoDeploy: false },
      what: 'stage',
    }),
  });
}

/**
 * One API mapping per path of a domain: CreateApiMapping answers ConflictException for a key the domain already maps
 * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings.html), so a deploy
 * would stop at the second. The root (no `path`) counts as the empty key.
 */
function repeatedMappingPathRule(ctx: Ctx, mappings: unknown[], at: string[]): void {
  const first = new Map<string, number>();
  for (let i = 0; i < mappings.length; i++) {
    const mapping = obj(mappings[i]);
    if (!mapping) continue;
    const path = str(mapping.path) ?? '';
    const earlier = first.get(path);
    if (earlier === undefined) first.set(path, i);
    else
      add(
        ctx,
        'APIGW609',
        repeatedMappingMessage(at[1]!, path, earlier),
        mappingTarget(mapping, [...at, 'mappings', i]),
        'value',
        {
          fixes: repeatedMappingFix(ctx, [...at, 'mappings'], i),
        },
      );
  }
}

/** Where a mapping's finding points: its path, else its stage (the root's mapping has no path), else the item. */
function mappingTarget(mapping: Obj, itemAt: JsonPath): JsonPath {
  if (has(mapping, 'path')) return [...itemAt, 'path'];
  return has(mapping, 'stage') ? [...itemAt, 'stage'] : itemAt;
}

function repeatedMappingMessage(domain: string, path: string, earlier: number): string {
  const where = path === '' ? 'the root (no path)' : `path '${path}'`;
  return `Domain ${domain} already maps ${where} (mapping ${earlier + 1}): AWS keeps one API mapping per path and refuses this one (ConflictException), so a deploy would stop here. Give it another path or remove it.`;
}

function repeatedMappingFix(ctx: Ctx, listAt: JsonPath, index: number): () => QuickFix[] {
  return () => {
    const list = ctx.doc.nodeAt(listAt);
    const edits = list?.kind === 'array' ? removeLaterItem(ctx.doc, list, index) : undefined;
    return edits ? [{ title: 'Remove this mapping', preferred: true, edits }] : [];
  };
}

const MULTI_LEVEL_MAPPINGS_MAX = 200;

/**
 * "Multi-level API mappings per domain: 200", not adjustable; single-level mappings do not count
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
 */
function multiLevelMappingQuota(ctx: Ctx, mappings: unknown[], at: string[]): void {
  let n = 0;
  for (const m of mappings) if (str(obj(m)?.path)?.includes('/')) n++;
  if (n > MULTI_LEVEL_MAPPINGS_MAX)
    add(
      ctx,
      'APIGW707',
      `${n} multi-level API mappings (paths with '/'): AWS allows ${MULTI_LEVEL_MAPPINGS_MAX} per domain (single-level mappings do not count).`,
      [...at, 'mappings'],
      'key',
    );
}

function quotaRules(ctx: Ctx): void {
  for (const quota of QUOTAS) {
    const q = quota.section === 'integrations' && ctx.protocol === 'WEBSOCKET' ? WEBSOCKET_INTEGRATIONS : quota;
    const n = namesOf(ctx, q.section).length;
    if (n > q.max) {
      add(
        ctx,
        q.code,
        `${n} ${q.what}: AWS allows ${q.max}${q.section === 'vpcLinks' ? ' per account and region' : ' per API'}${q.raisable ? ' unless you request a quota increase' : ''}.`,
        [q.section],
        'key',
      );
    }
  }
  for (const [name, link] of section(ctx, 'vpcLinks')) {
    const n = Array.isArray(link.subnetIds) ? link.subnetIds.length : 0;
    if (n > VPC_LINK_SUBNETS)
      add(
        ctx,
        'APIGW706',
        `VPC link '${name}' has ${n} subnets: AWS allows ${VPC_LINK_SUBNETS} per VPC link unless you request a quota increase.`,
        ['vpcLinks', name, 'subnetIds'],
        'key',
      );
  }
}

// ---- ${…} variables ----

const KNOWN_VARIABLES = ['aws:region', 'aws:accountId'];
const VARIABLE_PROBLEMS_PER_STRING = 100;

/** The workbench's variables, known in every string: `${aws:region}`, `${aws:accountId}`, `${stageVariables.NAME}`. */
function isKnownVariable(name: string): boolean {
  return (
    name === 'aws:region' ||
    name === 'aws:accountId' ||
    (name.startsWith('stageVariables.') && /^stageVariables\.[A-Za-z0-9_]+$/.test(name))
  );
}

/**
 * One form of API Gateway's own `${…}` expressions: `head` (`request.header`), then what may follow it after a dot,
 * and whether `head` alone is an expression too (`${request.path}`).
 */
interface ExpressionForm {
  head: string;
  tail: 'name' | 'context' | 'jsonPath' | 'stageVariable' | 'none';
  bare: boolean;
  /** How messages write it. */
  shown: string;
}

/** A place where API Gateway evaluates some of its `${…}` expressions, and which. */
interface ExpressionScope {
  /** What messages call the place. */
  place: string;
  forms: readonly ExpressionForm[];
}

const form = (head: string, tail: ExpressionForm['tail'], bare: boolean, shown: string): ExpressionForm => ({
  head,
  tail,
  bare,
  shown,
});
const CONTEXT_FORM = form('context', 'context', false, '${context.NAME}');
const STAGE_VARIABLE_FORM = form('stageVariables', 'stageVariable', false, '${stageVariables.NAME}');
const REQUEST_BODY_PATH = form('request.body', 'jsonPath', false, '${request.body.JSONPATH}');

// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html: each value may be
// `$x` or `${x}`, alone or with static text around it.
const HTTP_REQUEST_MAPPING: ExpressionScope = {
  place: "an HTTP API integration's requestParameters values",
  forms: [
    form('request.path', 'name', true, '${request.path}, ${request.path.NAME}'),
    form('request.querystring', 'name', false, '${request.querystring.NAME}'),
    form('request.header', 'name', false, '${request.header.NAME}'),
    form('request.body', 'jsonPath', true, '${request.body}, ${request.body.JSONPATH}'),
    CONTEXT_FORM,
    STAGE_VARIABLE_FORM,
  ],
};
const HTTP_RESPONSE_MAPPING: ExpressionScope = {
  place: "an HTTP API integration's responseParameters values",
  forms: [
    form('response.header', 'name', false, '${response.header.NAME}'),
    form('response.body', 'jsonPath', false, '${response.body.JSONPATH}'),
    CONTEXT_FORM,
    STAGE_VARIABLE_FORM,
  ],
};
// https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-data-transformations.html and
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
const WS_REQUEST_SELECTION: ExpressionScope = {
  place: 'WebSocket template and model selection expressions',
  forms: [REQUEST_BODY_PATH, STAGE_VARIABLE_FORM],
};
const WS_RESPONSE_SELECTION: ExpressionScope = {
  place: "a WebSocket integration response's templateSelectionExpression",
  forms: [
    REQUEST_BODY_PATH,
    form('integration.response.statuscode', 'none', true, '${integration.response.statuscode}'),
    form('integration.response.header', 'name', false, '${integration.response.header.NAME}'),
    form('integration.response.multivalueheader', 'name', false, '${integration.response.multivalueheader.NAME}'),
    STAGE_VARIABLE_FORM,
  ],
};
/** Outside those places only the workbench's variables exist (the form list serves "did you mean"). */
const WORKBENCH_SCOPE: ExpressionScope = { place: '', forms: [STAGE_VARIABLE_FORM] };
const EXPRESSION_SCOPES = [HTTP_REQUEST_MAPPING, HTTP_RESPONSE_MAPPING, WS_REQUEST_SELECTION, WS_RESPONSE_SELECTION];

const EXPRESSION_NAME = /^[\w!#%&'*+^`|~:[\]-][\w!#%&'*+.^`|~:[\]-]*$/;
const CONTEXT_NAME = /^[A-Za-z]\w*(\.[\w:-]+)*$/;

/** Why a JSON path is not one API Gateway evaluates, or undefined when it is. */
function jsonPathProblem(path: string): string | undefined {
  // `path` follows `request.body.`: a leading dot makes `request.body..name`.
  if (path.startsWith('.') || path.includes('..')) return "recursive descent ('..') is not supported";
  if (path.includes('?(')) return "filter expressions ('?(…)') are not supported";
  if (path === '' || /\s/.test(path)) return 'it is not a JSON path';
  return undefined;
}

function tailMatches(f: ExpressionForm, tail: string): boolean {
  switch (f.tail) {
    case 'name':
      return EXPRESSION_NAME.test(tail);
    case 'context':
      return CONTEXT_NAME.test(tail);
    case 'jsonPath':
      return jsonPathProblem(tail) === undefined;
    case 'stageVariable':
      return /^[A-Za-z0-9_]+$/.test(tail);
    default:
      return false;
  }
}

/** Whether `name` starts with the form's head (then a dot, or nothing). */
function headOf(f: ExpressionForm, name: string): boolean {
  return name.startsWith(f.head) && (name.length === f.head.length || name.charCodeAt(f.head.length) === 46);
}

function formMatches(f: ExpressionForm, name: string): boolean {
  if (!headOf(f, name)) return false;
  return name.length === f.head.length ? f.bare : tailMatches(f, name.slice(f.head.length + 1));
}

function isKnownIn(scope: ExpressionScope | undefined, name: string): boolean {
  if (isKnownVariable(name)) return true;
  return scope !== undefined && scope.forms.some((f) => formMatches(f, name));
}

/**
 * The API Gateway expressions a string value may hold, by where it sits: HTTP parameter mapping values and WebSocket
 * selection expressions (a scope only adds forms to the workbench's variables, never removes one); `skip` where
 * `${…}` is not ours to judge (Velocity templates, the route selection expression).
 */
function expressionScope(ctx: Pick<Ctx, 'protocol'>, path: JsonPath): ExpressionScope | 'skip' | undefined {
  const [section, , field] = path;
  if (section === 'api') return path[1] === 'routeSelectionExpression' ? 'skip' : undefined;
  if (section === 'routes')
    return field === 'modelSelectionExpression' && path.length === 3 && ctx.protocol !== 'HTTP'
      ? WS_REQUEST_SELECTION
      : undefined;
  if (section !== 'integrations') return undefined;
  if (field === 'requestTemplates' || (field === 'responses' && path[4] === 'responseTemplates')) return 'skip';
  const http = ctx.protocol !== 'WEBSOCKET';
  const ws = ctx.protocol !== 'HTTP';
  if (field === 'requestParameters' && path.length === 4 && http) return HTTP_REQUEST_MAPPING;
  if (field === 'responseParameters' && path.length === 5 && http) return HTTP_RESPONSE_MAPPING;
  if (field === 'templateSelectionExpression' && path.length === 3 && ws) return WS_REQUEST_SELECTION;
  if (field === 'responses' && path[4] === 'templateSelectionExpression' && path.length === 5 && ws)
    return WS_RESPONSE_SELECTION;
  return undefined;
}

/**
 * What may follow `${` in the string value at `path`, for completion: API Gateway's expressions evaluated there
 * (`request.path`, `request.header.`…) and the workbench's (`aws:region`, `stageVariables.`); undefined where
 * `${…}` is not the spec's (Velocity templates, the route selection expression).
 */
export function expressionStarts(protocol: Ctx['protocol'], path: JsonPath): string[] | undefined {
  const scope = expressionScope({ protocol }, path);
  if (scope === 'skip') return undefined;
  const starts = (scope?.forms ?? []).flatMap((f) => [
    ...(f.bare ? [f.head] : []),
    ...(f.tail === 'none' ? [] : [`${f.head}.`]),
  ]);
  return [...new Set([...starts, 'stageVariables.', 'aws:region', 'aws:accountId'])];
}

interface VariableUse {
  /** Offset of `${` in the string. */
  index: number;
  /** `${…}` with its `}`; 2 (the `${` alone) when there is no `}` after it. */
  length: number;
  name: string;
  closed: boolean;
}

/**
 * Each `${…}` of a string, left to right, in one pass (the string is read once: no regular expression that could
 * rescan from every `${`). A `${` with no `}` after it ends the list: every later one is unclosed too.
 */
function variableUses(v: string): VariableUse[] {
  const out: VariableUse[] = [];
  for (let i = v.indexOf('${'); i >= 0;) {
    const end = v.indexOf('}', i + 2);
    if (end < 0) {
      out.push({ index: i, length: 2, name: v.slice(i + 2), closed: false });
      break;
    }
    out.push({ index: i, length: end + 1 - i, name: v.slice(i + 2, end), closed: true });
    i = v.indexOf('${', end + 1);
  }
  return out;
}

/**
 * A quick scan without allocation: most strings hold no `${`, or only the workbench's variables. It knows no scope,
 * so it says "unknown" for every API Gateway expression too: the callers then look closer, with the scope.
 */
function hasUnknownVariable(v: string): boolean {
  for (let i = v.indexOf('${'); i >= 0;) {
    const end = v.indexOf('}', i + 2);
    if (end < 0 || !isKnownVariable(v.slice(i + 2, end))) return true;
    i = v.indexOf('${', end + 1);
  }
  return false;
}

function hasUnterminatedVariable(v: string): boolean {
  const last = v.lastIndexOf('${');
  return last >= 0 && v.indexOf('}', last + 2) < 0;
}

/**
 * `${…}` in any string: the workbench's variables everywhere, and API Gateway's own expressions where it evaluates
 * them (expressionScope()).
 */
function variableRules(ctx: Ctx): void {
  ctx.doc.work += ctx.doc.text.length;
  // Every `${…}` of a value is in the text as written, unless an escape spells it: JSON's \u0024, or in YAML a
  // backslash of a double-quoted string (\x24, \u0024, a line break escaped between `$` and `{`). YAML's folding
  // puts a space where it joins lines, so it makes no `${`. When the text has no such escape and no unknown `${…}`,
  // no value has one either, and the walk is skipped. Scopes only add to the workbench's variables, so a text
  // without any the scan calls unknown has none unknown in any scope.
  const escapes = ctx.doc.format === 'yaml' ? ctx.doc.text.includes('\\') : ctx.doc.text.includes('\\u');
  if (!escapes && !hasUnknownVariable(ctx.doc.text)) return;
  visitVariables(ctx, ctx.spec, []);
}

/** Walks the value (its depth is bounded by the parsers' depth limit), reporting strings with unknown `${…}`. */
function visitVariables(ctx: Ctx, v: unknown, path: Array<string | number>): void {
  if (typeof v === 'string') {
    ctx.doc.work += v.length;
    if (hasUnknownVariable(v)) reportVariables(ctx, v, [...path]);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      visitVariables(ctx, v[i], path);
      path.pop();
    }
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      path.push(k);
      visitVariables(ctx, (v as Obj)[k], path);
      path.pop();
    }
  }
}

function reportVariables(ctx: Ctx, v: string, path: Array<string | number>): void {
  const scope = expressionScope(ctx, path);
  if (scope === 'skip') return;
  let reported = 0;
  for (const use of variableUses(v)) {
    // Each use is read a bounded number of times (one pass per form of the scope, at most six).
    ctx.doc.work += use.length;
    if (use.closed && isKnownIn(scope, use.name)) continue;
    // A string with thousands of wrong `${…}` says so enough with the first ones.
    if (++reported > VARIABLE_PROBLEMS_PER_STRING) break;
    const inner = verbatimSpan(ctx, path, use);
    if (!use.closed) {
      ctx.out.push({
        code: 'APIGW802',
        message:
          "Unterminated '${' in this string: it has no closing }. Close it (${aws:region}, ${aws:accountId}, " +
          '${stageVariables.NAME}), or keep the $ and the { apart.',
        path,
        target: 'value',
        ...(inner ? { span: inner } : {}),
      });
      continue;
    }
    ctx.out.push(unknownVariableFinding(use.name, scope, path, inner));
  }
}

function unknownVariableFinding(
  name: string,
  scope: ExpressionScope | undefined,
  path: JsonPath,
  inner: { offset: number; length: number } | undefined,
): Finding {
  const pathProblem = scope && jsonPathProblemOf(scope, name);
  const s = pathProblem ? [] : variableSuggestions(name, scope ?? WORKBENCH_SCOPE);
  const text = pathProblem
    ? `'\${${name}}': API Gateway's JSON paths take plain member and index steps; ${pathProblem}.`
    : unknownVariableText(name, scope);
  return {
    code: 'APIGW801',
    message: `${text}${s.length ? ` Did you mean '\${${s[0]}}'?` : ''}`,
    path,
    target: 'value',
    ...(inner ? { span: inner } : {}),
    ...(inner && s.length
      ? {
          fixes: s.map((x, i) => ({
            title: `Change to '\${${x}}'`,
            preferred: i === 0,
            edits: [{ offset: inner.offset, length: inner.length, newText: `\${${x}}` }],
          })),
        }
      : {}),
  };
}

/** What is wrong with the JSON path of a `${request.body.…}`-like expression the scope takes, if anything. */
function jsonPathProblemOf(scope: ExpressionScope, name: string): string | undefined {
  const f = scope.forms.find((x) => x.tail === 'jsonPath' && headOf(x, name) && name.length > x.head.length);
  return f && jsonPathProblem(name.slice(f.head.length + 1));
}

const WORKBENCH_VARIABLES_TEXT = '${aws:region}, ${aws:accountId} or ${stageVariables.NAME}';

/** What the place of an unknown `${name}` takes. */
function unknownVariableText(name: string, scope: ExpressionScope | undefined): string {
  const text = `'\${${name}}'`;
  if (scope) {
    const forms = scope.forms.map((f) => f.shown).join(', ');
    return `Unknown variable ${text}: ${scope.place} take ${forms}, \${aws:region} and \${aws:accountId}.`;
  }
  const places = EXPRESSION_SCOPES.filter((sc) => isKnownIn(sc, name)).map((sc) => sc.place);
  if (places.length)
    return `API Gateway evaluates ${text} only in ${places.join(' and in ')}; here use ${WORKBENCH_VARIABLES_TEXT}.`;
  return `Unknown variable ${text}: use ${WORKBENCH_VARIABLES_TEXT}.`;
}

/**
 * Close spellings of `name` that the scope knows: the workbench's variables, and each form's head corrected in
 * place (`requst.path` → `request.path`, `contxt.httpMethod` → `context.httpMethod`), the closest first. At most 3.
 */
function variableSuggestions(name: string, scope: ExpressionScope): string[] {
  const scored: Array<[string, number]> = [];
  for (const f of scope.forms) {
    const head = leadingSegments(name, f.head.split('.').length);
    const max = Math.max(1, Math.min(4, Math.floor(f.head.length / 3)));
    const d = head === f.head ? 0 : editDistance(head.toLowerCase(), f.head.toLowerCase(), max);
    const fixed = f.head + name.slice(head.length);
    if (d > 0 && d <= max && isKnownIn(scope, fixed)) scored.push([fixed, d]);
  }
  const best = Math.min(...scored.map(([, d]) => d));
  const closest = scored.filter(([, d]) => d === best).map(([x]) => x);
  return [...didYouMean(name, KNOWN_VARIABLES), ...closest].slice(0, 3);
}

/** The first `n` dot-separated segments of `name`. */
function leadingSegments(name: string, n: number): string {
  let end = -1;
  for (let i = 0; i < n; i++) {
    end = name.indexOf('.', end + 1);
    if (end < 0) return name;
  }
  return name.slice(0, end);
}

/** Where `${…}` sits in the source text, when the text holds it verbatim (no escapes before it). */
function verbatimSpan(ctx: Ctx, path: JsonPath, use: VariableUse): { offset: number; length: number } | undefined {
  const node = ctx.doc.nodeAt(path);
  if (!node || node.kind !== 'string') return undefined;
  const start = node.offset + (node.quoted ? 1 : 0) + use.index;
  const written = use.closed ? `\${${use.name}}` : '${';
  return ctx.doc.text.startsWith(written, start) ? { offset: start, length: use.length } : undefined;
}

// ---- unused items ----

function unusedRules(ctx: Ctx): void {
  const routes = section(ctx, 'routes').map(([, r]) => r);
  const usedIntegrations = new Set(routes.map((r) => str(r.integration)).filter(Boolean));
  const usedAuthorizers = new Set(routes.map((r) => str(r.authorizer)).filter(Boolean));
  const usedVpcLinks = new Set(
    section(ctx, 'integrations')
      .map(([, i]) => str(i.vpcLink))
      .filter(Boolean),
  );
  for (const name of namesOf(ctx, 'integrations')) {
    if (!usedIntegrations.has(name))
      add(ctx, 'APIGW900', `Integration '${name}' is not used by any route.`, ['integrations', name], 'key', {
        fixes: removeFix(ctx, 'integrations', name, 'integration'),
      });
  }
  for (const name of namesOf(ctx, 'authorizers')) {
    if (!usedAuthorizers.has(name))
      add(ctx, 'APIGW901', `Authorizer '${name}' is not used by any route.`, ['authorizers', name], 'key', {
        fixes: removeFix(ctx, 'authorizers', name, 'authorizer'),
      });
  }
  unusedModelRules(ctx, routes);
  for (const name of namesOf(ctx, 'vpcLinks')) {
    if (!usedVpcLinks.has(name))
      add(ctx, 'APIGW902', `VPC link '${name}' is not used by any integration.`, ['vpcLinks', name], 'key', {
        fixes: removeFix(ctx, 'vpcLinks', name, 'VPC link'),
      });
  }
}

/** Models no route or route response names (on WebSocket APIs: on HTTP APIs `models` itself is APIGW510). */
function unusedModelRules(ctx: Ctx, routes: Obj[]): void {
  if (ctx.protocol === 'HTTP') return;
  const used = new Set<string>();
  for (const r of routes) {
    addModelNames(used, r.requestModels);
    for (const [, response] of entries(r.routeResponses)) addModelNames(used, response.responseModels);
  }
  for (const name of namesOf(ctx, 'models')) {
    if (!used.has(name))
      add(ctx, 'APIGW903', `Model '${name}' is not used by any route or route response.`, ['models', name], 'key', {
        fixes: removeFix(ctx, 'models', name, 'model'),
      });
  }
}

function addModelNames(into: Set<string>, models: unknown): void {
  const o = obj(models);
  if (!o) return;
  for (const k of Object.keys(o)) {
    const name = str(o[k]);
    if (name !== undefined) into.add(name);
  }
}
