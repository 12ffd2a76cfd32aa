// Authorizers → security schemes, in the shape AWS's export writes them: a JWT authorizer is an `oauth2` scheme
// with empty flows, a Lambda (REQUEST) authorizer an `apiKey` scheme named after its first identity source, and IAM
// authorization the `awsSigv4` scheme ("x-amazon-apigateway-authorizer", "x-amazon-apigateway-authtype").
import {
  authorizationType,
  authorizerPayloadFormatVersion,
  identitySources,
  type Authorizer,
  type GatewaySpec,
} from '../gatewaySpec';
import { EXT } from './extensions';
import { invocationUriOf, toAwsVariables, type AwsPlaceholders, type Json } from './values';

/** The scheme name AWS's export gives IAM authorization. */
export const IAM_SCHEME = 'sigv4';

export function exportAuthorizers(spec: GatewaySpec, o: AwsPlaceholders): { schemes: Json; iam: string } {
  const schemes: Json = {};
  for (const [name, a] of Object.entries(spec.authorizers ?? {})) schemes[name] = schemeOf(spec, a, o);
  let iam = IAM_SCHEME;
  for (let n = 2; schemes[iam] !== undefined; n++) iam = `${IAM_SCHEME}-${n}`;
  if (Object.values(spec.routes ?? {}).some((r) => authorizationType(spec, r) === 'AWS_IAM'))
    schemes[iam] = { type: 'apiKey', name: 'Authorization', in: 'header', [EXT.authtype]: 'awsSigv4' };
  return { schemes, iam };
}

function schemeOf(spec: GatewaySpec, a: Authorizer, o: AwsPlaceholders): Json {
  const sources = identitySources(a);
  if (a.type === 'JWT') {
    return {
      type: 'oauth2',
      flows: {},
      [EXT.authorizer]: {
        identitySource: sources.join(', '),
        jwtConfiguration: { audience: a.jwt?.audience ?? [], issuer: a.jwt?.issuer ?? '' },
        type: 'jwt',
      },
    };
  }
  // The apiKey scheme names one header or query parameter; AWS's examples use "Unused" when that is not the source.
  const first = /^\$request\.(header|querystring)\.(.+)$/.exec(sources[0] ?? '');
  const ext: Json = {};
  if (sources.length) ext.identitySource = sources.join(', ');
  ext.authorizerUri = toAwsVariables(invocationUriOf(a.uri ?? '', '${aws:region}'), o);
  if (a.credentialsArn) ext.authorizerCredentials = toAwsVariables(a.credentialsArn, o);
  ext.authorizerPayloadFormatVersion = authorizerPayloadFormatVersion(spec, a);
  ext.authorizerResultTtlInSeconds = a.resultTtlSeconds ?? 0;
  ext.type = 'request';
  ext.enableSimpleResponses = a.enableSimpleResponses ?? false;
  return {
    type: 'apiKey',
    name: first?.[2] ?? 'Unused',
    in: first?.[1] === 'querystring' ? 'query' : 'header',
    [EXT.authorizer]: ext,
  };
}
