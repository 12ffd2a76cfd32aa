// ARNs, invoke URLs and console links for API Gateway v2 resources: pure string building, shared by the explorer,
// deploy and the CLI. Formats: docs/AWS.md and the API Gateway developer guide.

export type ResourceKind = 'api' | 'route' | 'integration' | 'authorizer' | 'stage' | 'deployment';

export function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The management ARN API Gateway uses for tags and IAM (`arn:aws:apigateway:REGION::/apis/ID/...`). */
export function resourceArn(region: string, apiId: string, kind: ResourceKind = 'api', id?: string): string {
  const base = `arn:${partition(region)}:apigateway:${region}::/apis/${apiId}`;
  if (kind === 'api' || id === undefined) return base;
  return `${base}/${kind}s/${id}`;
}

/**
 * The URL clients call: `https://ID.execute-api.REGION.amazonaws.com/STAGE`, `wss://…` for WebSocket APIs, and no
 * path segment for the `$default` stage.
 */
export function invokeUrl(o: {
  apiId: string;
  region: string;
  protocolType?: string;
  stageName: string;
  apiEndpoint?: string;
}): string {
  const endpoint =
    o.apiEndpoint ??
    `${o.protocolType === 'WEBSOCKET' ? 'wss' : 'https'}://${o.apiId}.execute-api.${o.region}.${dnsSuffix(o.region)}`;
  return o.stageName === '$default' ? endpoint : `${endpoint}/${encodeURIComponent(o.stageName)}`;
}

/** Where the AWS console shows a resource (best effort: the console's routes are not a documented API). */
export function consoleUrl(region: string, apiId: string, kind: ResourceKind = 'api', id?: string): string {
  const host = region.startsWith('cn-')
    ? `https://${region}.console.amazonaws.cn`
    : `https://${region}.console.aws.amazon.com`;
  const q = `api=${encodeURIComponent(apiId)}&region=${encodeURIComponent(region)}`;
  switch (kind) {
    case 'route':
      return `${host}/apigateway/main/develop/routes?${q}${id ? `&routes=${encodeURIComponent(id)}` : ''}`;
    case 'integration':
      return `${host}/apigateway/main/develop/integrations?${q}${id ? `&integration=${encodeURIComponent(id)}` : ''}`;
    case 'authorizer':
      return `${host}/apigateway/main/develop/authorization?${q}`;
    case 'stage':
      return `${host}/apigateway/main/publish/stages?${q}${id ? `&stage=${encodeURIComponent(id)}` : ''}`;
    case 'deployment':
      return `${host}/apigateway/main/publish/deploy?${q}`;
    default:
      return `${host}/apigateway/main/api-detail?${q}`;
  }
}

// A function ARN with its alias or version (Lambda's function name: letters, digits, `-` and `_`, at most 140 with the
// ARN's parts; https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html).
const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:([\w-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([\w$-]+))?$/;

/**
 * The function a Lambda integration or authorizer URI calls: a function ARN (with an alias or version), or an API
 * Gateway invocation URI around one. `${stageVariables.x}` is replaced from the stage first; a variable the stage does
 * not set is `unresolved` (API Gateway can call no function with it). The one reading of these URIs for the tail,
 * the metrics view's logs and a call's request logs.
 */
export function lambdaFunctionOf(
  uri: string | undefined,
  stageVariables: Record<string, string> = {},
): { name?: string; qualifier?: string; region?: string; account?: string; unresolved?: string } {
  if (!uri) return {};
  let unresolved: string | undefined;
  const resolved = uri.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (whole, v: string) => {
    if (!Object.hasOwn(stageVariables, v)) {
      unresolved = v;
      return whole;
    }
    return stageVariables[v]!;
  });
  if (unresolved) return { unresolved };
  const inner = /\/functions\/(arn:[^/]+)\/invocations$/.exec(resolved)?.[1] ?? resolved;
  const m = LAMBDA_ARN.exec(inner);
  if (!m) return {};
  return { name: m[3]!, ...(m[4] ? { qualifier: m[4] } : {}), region: m[1]!, account: m[2]! };
}
