// Where a spec names one of its own items: the fields whose value is an integration's, authorizer's, VPC link's,
// stage's or model's name. Completion, definitions and renames (service.ts) and the quick fix that adds a missing
// reference (schema.ts) read them here.
import type { JsonPath } from './diagnostics';

export type ItemKind = 'integration' | 'authorizer' | 'vpcLink' | 'stage' | 'route' | 'model';

export const SECTION_OF: Record<ItemKind, string> = {
  integration: 'integrations',
  authorizer: 'authorizers',
  vpcLink: 'vpcLinks',
  stage: 'stages',
  route: 'routes',
  model: 'models',
};

const REFERENCE_FIELDS: Array<{ match: (p: JsonPath) => boolean; kind: ItemKind }> = [
  { match: (p) => p.length === 3 && p[0] === 'routes' && p[2] === 'integration', kind: 'integration' },
  { match: (p) => p.length === 3 && p[0] === 'routes' && p[2] === 'authorizer', kind: 'authorizer' },
  { match: (p) => p.length === 3 && p[0] === 'integrations' && p[2] === 'vpcLink', kind: 'vpcLink' },
  { match: (p) => p.length === 5 && p[0] === 'domains' && p[2] === 'mappings' && p[4] === 'stage', kind: 'stage' },
  { match: (p) => p.length === 4 && p[0] === 'routes' && p[2] === 'requestModels', kind: 'model' },
  {
    match: (p) => p.length === 6 && p[0] === 'routes' && p[2] === 'routeResponses' && p[4] === 'responseModels',
    kind: 'model',
  },
];

/** The kind of item the value at `path` names, if it names one. */
export function referenceKindAt(path: JsonPath): ItemKind | undefined {
  return REFERENCE_FIELDS.find((r) => r.match(path))?.kind;
}
