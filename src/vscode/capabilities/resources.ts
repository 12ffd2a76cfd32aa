// "Something in AWS changed": deploy, promotion, rollback, clean-up, a tail that turns access logging on and the
// explorer's deletes say what, and whatever shows AWS resources (the explorer) listens. Nobody reaches into the
// tree to refresh it.
import * as vscode from 'vscode';

/**
 * What changed: the API itself (its entry in the region's list) or one kind of its resources; `local`: a spec started
 * or stopped running locally (apiId `local`), nothing in AWS.
 */
export type ResourceKind =
  'api' | 'routes' | 'integrations' | 'authorizers' | 'models' | 'stages' | 'deployments' | 'local';

/** Every kind of resource in AWS. */
export const ALL_RESOURCE_KINDS: readonly ResourceKind[] = [
  'api',
  'routes',
  'integrations',
  'authorizers',
  'models',
  'stages',
  'deployments',
];

export interface ResourceChange {
  readonly apiId: string;
  readonly kinds: readonly ResourceKind[];
}

export interface ResourceEvents {
  fire(change: ResourceChange): void;
  readonly onDidChange: vscode.Event<ResourceChange>;
}

export class ResourceEmitter implements ResourceEvents, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ResourceChange>();
  readonly onDidChange = this.emitter.event;

  fire(change: ResourceChange): void {
    this.emitter.fire(change);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
