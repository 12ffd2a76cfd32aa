// Integration fields AWS keeps once they are set, so that a spec changing them is planned as a replacement (a new
// integration, the routes moved to it, the old one deleted) rather than as an update AWS would leave without effect.
// A plan (plan.ts) turns such updates into `replace` changes; identity matching (identity.ts) uses the same test to
// tell, of two integrations recorded under one name, the one a replacement made from the one it replaces.
//
// - `contentHandling` (ContentHandlingStrategy, WebSocket APIs): UpdateIntegration takes CONVERT_TO_BINARY or
//   CONVERT_TO_TEXT only, and leaves a member it is not given as it is (API Gateway v2 API Reference, Integration,
//   PATCH), so once set it can be changed but never taken away.
// - `subtype` (IntegrationSubtype, HTTP API first-class integrations): a string of 1 to 128 characters, so it cannot
//   be taken away either; the service action of an integration is also treated as fixed once it is made (Terraform's
//   aws_apigatewayv2_integration marks integration_subtype ForceNew), so any change of it is a replacement.

/** The members of an integration (canonical, in the spec's terms) that decide whether it must be replaced. */
export interface ReplaceableFields {
  subtype?: string;
  contentHandling?: string;
}

export interface ReplaceCause {
  /** Spec path of the field: `subtype`, `contentHandling`. */
  path: 'subtype' | 'contentHandling';
  /** Why AWS cannot make the change in place, as the plan says it. */
  why: string;
}

const WHY = {
  subtype:
    'AWS keeps the service action (IntegrationSubtype) an integration was made with: a new subtype, or none, is a new integration',
  contentHandling:
    'UpdateIntegration takes ContentHandlingStrategy CONVERT_TO_BINARY or CONVERT_TO_TEXT only, so an integration keeps one once set',
} as const;

/** What makes `live` unreachable from `want` by UpdateIntegration; empty: an update will do. */
export function replaceCauses(live: ReplaceableFields, want: ReplaceableFields): ReplaceCause[] {
  const out: ReplaceCause[] = [];
  if ((live.subtype ?? '') !== (want.subtype ?? '')) out.push({ path: 'subtype', why: WHY.subtype });
  if (live.contentHandling !== undefined && want.contentHandling === undefined)
    out.push({ path: 'contentHandling', why: WHY.contentHandling });
  return out;
}
