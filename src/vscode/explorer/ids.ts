// Tree node ids follow the resource path (connection / API / folder / resource), so a refresh keeps what was
// expanded and a change to one API's stages finds their folder without a node object. Built here only.

export type NodeId = string & { readonly __nodeId: unique symbol };

/** The folders under an API, each one paged AWS listing (models: WebSocket APIs only). */
export type FolderKind = 'routes' | 'integrations' | 'authorizers' | 'models' | 'stages' | 'deployments';

export const NodeIds = {
  connection: (connectionKey: string) => `apigw:${connectionKey}` as NodeId,
  /** A spec running locally, by its file path (Run Spec Locally). */
  local: (specPath: string) => `apigw-local:${specPath}` as NodeId,
  api: (connection: NodeId, apiId: string) => `${connection}/${apiId}` as NodeId,
  folder: (api: NodeId, kind: FolderKind) => `${api}/${kind}` as NodeId,
  /** A resource under its folder (a route by its id, a stage by its name). */
  item: (parent: NodeId, id: string) => `${parent}/${id}` as NodeId,
  /** Something that is not an AWS resource: placeholders, groups, Load more… */
  part: (parent: NodeId, name: string) => `${parent}/#${name}` as NodeId,
} as const;
