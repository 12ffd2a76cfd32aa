// A spec integration → x-amazon-apigateway-integration, with the fields in the order and form AWS's export writes
// them: payload format version always, the type in lower case, Lambda functions as invocation URIs, the connection
// type always, and the account and region as ImportApi's variables unless given.
import { integrationMethod, payloadFormatVersion, type GatewaySpec, type Integration } from '../gatewaySpec';
import type { DiagnosticList } from './diagnostics';
import { invocationUriOf, toAwsVariables, type AwsPlaceholders, type Json } from './values';

export function exportIntegration(
  spec: GatewaySpec,
  name: string,
  i: Integration,
  o: AwsPlaceholders & { vpcLinkIds?: Record<string, string> },
  diags: DiagnosticList,
): Json {
  const text = (s: string) => toAwsVariables(s, o);
  const out: Json = { payloadFormatVersion: payloadFormatVersion(spec, i), type: i.type.toLowerCase() };
  if (i.subtype) out.integrationSubtype = i.subtype;
  const method = integrationMethod(i);
  if (method) out.httpMethod = method;
  if (i.uri) out.uri = text(i.type === 'AWS_PROXY' && !i.subtype ? invocationUriOf(i.uri, '${aws:region}') : i.uri);
  out.connectionType = i.vpcLink ? 'VPC_LINK' : 'INTERNET';
  if (i.vpcLink) out.connectionId = vpcLinkId(name, i.vpcLink, o.vpcLinkIds, diags);
  if (i.credentialsArn) out.credentials = text(i.credentialsArn);
  if (i.requestParameters) out.requestParameters = mapStrings(i.requestParameters, text);
  if (i.responseParameters)
    out.responseParameters = Object.fromEntries(
      Object.entries(i.responseParameters).map(([status, m]) => [status, mapStrings(m, text)]),
    );
  if (i.timeoutMs !== undefined) out.timeoutInMillis = i.timeoutMs;
  if (i.tlsServerName) out.tlsConfig = { serverNameToVerify: i.tlsServerName };
  return out;
}

function mapStrings(m: Record<string, string>, f: (s: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}

function vpcLinkId(name: string, link: string, ids: Record<string, string> | undefined, diags: DiagnosticList): string {
  const id = ids?.[link];
  if (id) return id;
  diags.add(
    'OAS501',
    ['integrations', name, 'vpcLink'],
    `Integration ${name}: connectionId is the VPC link's name ${link}; ImportApi needs its id (deploy the spec, or give the VPC link ids).`,
  );
  return link;
}
