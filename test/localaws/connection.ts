// A Connection to the local AWS test service as the settings would resolve it, for tests and the bench (types only
// from src, so the bench can use it beside the shipped dist/aws.js).
import type { Connection } from '../../src/aws/profiles';

export const TEST_CREDENTIALS = async () => ({ accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'secret' });

/**
 * A connection to `endpoint` as the settings would resolve it for the profile `test` in us-east-1 (the service's
 * default region), changed by `overrides`; the key follows profile, region and endpoint unless given.
 */
export function testConnection(endpoint: string, overrides: Partial<Connection> = {}): Connection {
  const profile = overrides.profile ?? 'test';
  const region = overrides.region ?? 'us-east-1';
  const endpointUrl = overrides.endpointUrl ?? endpoint;
  return {
    profile,
    profileSource: 'setting',
    region,
    endpointUrl,
    endpointSource: 'setting',
    profileFound: false,
    envCredentials: false,
    key: `${profile}|${region}|${endpointUrl}`,
    ...overrides,
  };
}
