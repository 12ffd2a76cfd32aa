// What the OpenAPI import and export need from AWS: the account's VPC links. An exported private integration names
// its VPC link by id (connectionId), which the import turns into the link's name and definition; an export of a
// spec needs the ids of the links it names, since ImportApi reads ids.
import { liveVpcLinkAsSpec } from '../core/deploy/canonical';
import { specName } from '../core/deploy/identity';
import type { ImportOptions } from '../core/openapi';
import { DEPLOY_PAGE_SIZE, listAll } from './deploy/read';
import type { AwsSession } from './session';

/** The region's VPC links by id, each with the spec name and definition an import gives it. */
export async function vpcLinksById(
  session: AwsSession,
  signal?: AbortSignal,
): Promise<NonNullable<ImportOptions['vpcLinks']>> {
  const links = await listAll(session.apigw, () => session.apigw.vpcLinks({ pageSize: DEPLOY_PAGE_SIZE, signal }));
  const out: NonNullable<ImportOptions['vpcLinks']> = {};
  for (const l of links) {
    if (!l.VpcLinkId) continue;
    out[l.VpcLinkId] = { name: specName(l.Name ?? l.VpcLinkId, 'vpc-link'), link: liveVpcLinkAsSpec(l) };
  }
  return out;
}

/** The ids of the region's VPC links by name (the first of two with one name), for `exportOpenApi`'s vpcLinkIds. */
export async function vpcLinkIdsByName(session: AwsSession, signal?: AbortSignal): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [id, { name }] of Object.entries(await vpcLinksById(session, signal))) out[name] ??= id;
  return out;
}
