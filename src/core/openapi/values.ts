// The small conversions both directions share: AWS's import variables and the spec's variables, Lambda invocation
// URIs and function ARNs, and reading loosely typed OpenAPI values (YAML turns `1.0` into a number).
import { lambdaInvocationUri } from '../gatewaySpec/model';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * AWS resolves `${AWS::Region}`, `${AWS::AccountId}` and `${AWS::Partition}` when it imports a document
 * ("AWS variables for OpenAPI import", docs/OPENAPI.md); the spec writes `${aws:region}` and `${aws:accountId}` and
 * knows one partition per ARN. Returns the text and whether a partition variable was replaced by `aws`.
 */
export function fromAwsVariables(text: string): { text: string; partition: boolean } {
  let partition = false;
  const out = text.replace(/\$\{AWS::(Region|AccountId|Partition)\}/g, (_m, name: string) => {
    if (name === 'Region') return '${aws:region}';
    if (name === 'AccountId') return '${aws:accountId}';
    partition = true;
    return 'aws';
  });
  return { text: out, partition };
}

export interface AwsPlaceholders {
  /** Written for `${aws:region}`; `${AWS::Region}` (resolved by ImportApi) when not given. */
  region?: string;
  /** Written for `${aws:accountId}`; `${AWS::AccountId}` when not given. */
  accountId?: string;
}

export function toAwsVariables(text: string, ctx: AwsPlaceholders): string {
  return text
    .replace(/\$\{aws:region\}/g, ctx.region ?? '${AWS::Region}')
    .replace(/\$\{aws:accountId\}/g, ctx.accountId ?? '${AWS::AccountId}');
}

const INVOCATION =
  /^arn:([^:]+):apigateway:(?:\$\{aws:region\}|[^:]+):lambda:path\/2015-03-31\/functions\/(arn:[^/]+)\/invocations$/;

/** `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations` → ARN; anything else as it is. */
export function functionArnOf(uri: string): string {
  return INVOCATION.exec(uri)?.[2] ?? uri;
}

/** A function ARN as the invocations URI AWS's export writes (the region may be a placeholder). */
export function invocationUriOf(uri: string, region: string): string {
  return lambdaInvocationUri(uri, region);
}

/** `"2.0"`, `2.0` (YAML number), `2` → `"2.0"`; anything else undefined. */
export function payloadVersionOf(v: unknown): '1.0' | '2.0' | undefined {
  const s = typeof v === 'number' ? v.toFixed(1) : typeof v === 'string' ? v.trim() : undefined;
  return s === '1.0' || s === '2.0' ? s : undefined;
}

/** An integer written as a number or a numeric string (the authorizer page types its TTL as a string). */
export function integerOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** The CloudFormation intrinsic a value is (`Ref`, `Fn::GetAtt`, `Fn::Sub`…), for messages; undefined otherwise. */
export function intrinsicOf(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && /^(Ref|Fn::\w+|Condition)$/.test(keys[0]!) ? keys[0] : undefined;
}
