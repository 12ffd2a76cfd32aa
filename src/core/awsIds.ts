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
