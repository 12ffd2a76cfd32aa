// Mapping templates of WebSocket APIs' non-proxy integrations: Velocity (VTL) rendered by velocityjs, with the
// variables of AWS's WebSocket mapping template reference ($input, $context, $stageVariables, $util):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
// The local API renders in a worker (src/local/templates.ts): a template that loops for ever cannot stop it.

import { parseTemplate, velocity } from '../gatewaySpec/templateSyntax';
import { WorkbenchError } from '../errors';
import { atJsonPath, parseJson } from './expressions';

/** API Gateway's quota: "Number of iterations in a #foreach ... #end loop in mapping templates: 1000". */
export const MAX_FOREACH_ITERATIONS = 1000;

/** What a template reads: the payload (`$input`), the context and the stage variables. */
export interface TemplateInput {
  body: string;
  /** `$context`: the WebSocket event's requestContext, its authorizer values as strings. */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export type Rendered = { ok: true; text: string } | { ok: false; error: string };

// The renderer runs in the template worker, which loads velocityjs with this module.
const { Compile } = velocity();
type Ast = Parameters<InstanceType<typeof Compile>['renderAstList']>[0] & object;

/** velocityjs with API Gateway's #foreach quota. */
class GatewayCompile extends Compile {
  protected override getBlock(block: Ast): string {
    const head = block[0] as { type?: string; from?: object; pos?: unknown };
    if (head?.type === 'foreach') this.checkLoop(this.getLiteral({ ...head.from, pos: head.pos } as Ast[number]));
    return super.getBlock(block);
  }

  private checkLoop(items: unknown): void {
    const count = Array.isArray(items)
      ? items.length
      : items && typeof items === 'object'
        ? Object.keys(items).length
        : 0;
    if (count > MAX_FOREACH_ITERATIONS)
      throw new WorkbenchError(
        'InvalidSpec',
        `a #foreach loops ${count} times, over API Gateway's quota of ${MAX_FOREACH_ITERATIONS}`,
      );
  }
}

/** Renders `template` against the input; a template error is said, not thrown. */
export function renderTemplate(template: string, input: TemplateInput): Rendered {
  try {
    const syntax = parseTemplate(template);
    if (!syntax.ok) return { ok: false, error: `the mapping template does not parse: ${syntax.problem}` };
    const compiled = new GatewayCompile(syntax.ast, { escape: false, customMethodHandlers: JAVA_METHODS });
    // Silent: a reference to nothing renders as nothing, as API Gateway renders it (a missing `$input.path('$.x')`
    // is "", not the reference's text), not as Velocity prints it by default.
    return { ok: true, text: compiled.render(renderContext(input), undefined, true) };
  } catch (err) {
    return { ok: false, error: `the mapping template failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function renderContext(input: TemplateInput): Record<string, unknown> {
  return {
    input: inputVariable(input.body),
    context: input.context,
    stageVariables: input.stageVariables,
    util: UTIL,
  };
}

/**
 * `$context` of a WebSocket event's requestContext: its values as the event has them, the authorizer's as strings
 * (AWS: "calling `$context.authorizer.numKey` returns the "1" string").
 */
export function templateContext(requestContext: Record<string, unknown>): Record<string, unknown> {
  const authorizer = requestContext.authorizer;
  if (!authorizer || typeof authorizer !== 'object') return requestContext;
  const strings = Object.entries(authorizer).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  return { ...requestContext, authorizer: Object.fromEntries(strings) };
}

/** `$input`: the raw body, and JSONPath reads of it as JSON text (`json`) or as values (`path`). */
function inputVariable(body: string) {
  return {
    body,
    json: (path: string) => JSON.stringify(atJsonPath(parsedBody(body), String(path))) ?? '',
    path: (path: string) => atJsonPath(parsedBody(body), String(path)),
  };
}

function parsedBody(body: string): unknown {
  const parsed = parseJson(body);
  return parsed.ok ? parsed.value : undefined;
}

/** `$util`, as AWS's reference lists it. */
const UTIL = {
  escapeJavaScript: (s: unknown) => escapeJavaScript(String(s)),
  parseJson: (s: unknown) => {
    const parsed = parseJson(String(s));
    if (!parsed.ok) throw new WorkbenchError('InvalidSpec', '$util.parseJson was given text that is not JSON');
    return parsed.value;
  },
  urlEncode: (s: unknown) => encodeURIComponent(String(s)).replace(/%20/g, '+'),
  urlDecode: (s: unknown) => decodeURIComponent(String(s).replace(/\+/g, ' ')),
  base64Encode: (s: unknown) => Buffer.from(String(s), 'utf8').toString('base64'),
  base64Decode: (s: unknown) => Buffer.from(String(s), 'base64').toString('utf8'),
};

/** JavaScript string rules, single quotes escaped too (AWS: "turn any regular single quotes (') into escaped ones"). */
export function escapeJavaScript(s: string): string {
  return JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'");
}

interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

/** Java methods templates call that JavaScript values lack or name differently (Velocity runs on Java). */
const JAVA_METHODS = [
  javaMethod('replaceAll', isString, (s, [re, by]) => s.replace(new RegExp(String(re), 'g'), String(by))),
  javaMethod('replaceFirst', isString, (s, [re, by]) => s.replace(new RegExp(String(re)), String(by))),
  javaMethod('matches', isString, (s, [re]) => new RegExp(`^(?:${String(re)})$`).test(s)),
  javaMethod('length', isString, (s) => s.length),
  javaMethod('contains', isString, (s, [part]) => s.includes(String(part))),
  javaMethod('equals', isString, (s, [other]) => s === other),
  javaMethod('equalsIgnoreCase', isString, (s, [other]) => s.toLowerCase() === String(other).toLowerCase()),
  javaMethod('isEmpty', isString, (s) => s.length === 0),
  javaMethod('count', Array.isArray, (a) => a.length),
];

function javaMethod<T>(name: string, applies: (v: unknown) => v is T, run: (value: T, params: unknown[]) => unknown) {
  return {
    uid: `java-${name}`,
    match: (call: MethodCall) => call.property === name && applies(call.context),
    resolve: (call: MethodCall) => run(call.context as T, call.params),
  };
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}
