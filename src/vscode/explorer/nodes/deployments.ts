// Deployments: the folder (GetDeployments, paged), each deployment with the stages that run it (from the API's
// cached stage listing: at most one more call, shared with the Stages folder).
import type { Deployment } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import { deploymentDescription, deploymentTooltip } from '../../../core/explorer/format';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem, type ExplorerContext } from '../tree';
import { ApiFolder, resourceRef, type ApiScope } from './folder';
import { stageList } from './stages';

export class DeploymentsNode extends ApiFolder<Deployment> {
  readonly label = 'Deployments';
  readonly icon = 'history';
  readonly what = 'deployments';
  readonly empty = 'No deployments';
  private runs = new Map<string, string[]>();
  constructor(parent: TreeNode, ctx: ExplorerContext, scope: ApiScope) {
    super(parent, ctx, scope, 'deployments');
  }

  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.deployments(this.scope.api.id, o);
  }

  protected node(d: Deployment): TreeNode {
    return new DeploymentNode(this, this.scope, d, this.runs.get(d.DeploymentId ?? '') ?? []);
  }

  override async children(): Promise<TreeNode[]> {
    try {
      const runs = new Map<string, string[]>();
      for (const s of await stageList(this.ctx, this.scope).all())
        if (s.DeploymentId) runs.set(s.DeploymentId, [...(runs.get(s.DeploymentId) ?? []), s.StageName ?? '']);
      this.runs = runs;
    } catch (err) {
      this.ctx.logError('could not load stages for the deployments list', err);
    }
    return super.children();
  }
}

export class DeploymentNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: DeploymentsNode,
    readonly scope: ApiScope,
    readonly deployment: Deployment,
    readonly stages: readonly string[],
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, deployment.DeploymentId ?? '');
  }

  treeItem(): vscode.TreeItem {
    const d = this.deployment;
    return treeItem({
      label: d.DeploymentId ?? '',
      description: deploymentDescription(d, this.stages),
      icon: this.stages.length ? 'pass-filled' : 'circle-outline',
      contextValue: ContextValues.deployment,
      tooltip: deploymentTooltip(d, this.stages),
    });
  }

  override [SUBJECT](): NodeSubject {
    const id = this.deployment.DeploymentId ?? '';
    return { ...super[SUBJECT](), resource: resourceRef(this.scope, 'deployment', id, id) };
  }
}
