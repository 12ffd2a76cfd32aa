// Stages: the folder, a stage (its deployment and the previous one, protection by its spec or tag, its invoke URL),
// and stageList(), the API's stages as one cached listing that is not a node (the Deployments folder reads it too).
import type { Stage } from '@aws-sdk/client-apigatewayv2';
import * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import { invokeUrl } from '../../../core/awsIds';
import {
  glanceDescription,
  routeSettingsText,
  stageDescription,
  stageTooltip,
  stageVariableRows,
  withAlarms,
  withLastHour,
} from '../../../core/explorer/format';
import { worstState } from '../../../core/metrics/alarms';
import { stageHistory } from '../../../core/history';
import { SUBJECT, type ApiSubject, type NodeSubject } from '../../commands/subjects';
import { protectionOfStage, specOf, type Protection, type SpecFacts } from '../../protection';
import { readStages } from '../../stages';
import { ContextValues } from '../contextValues';
import type { PagedList } from '../data';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem, type ExplorerContext } from '../tree';
import { DetailGroupNode } from './details';
import { ApiFolder, resourceRef, type ApiScope } from './folder';
import { StageHistoryNode } from './history';

/** The API's stages, cached with the Stages folder: whoever needs them (Deployments, a picker) shares one listing. */
export function stageList(ctx: ExplorerContext, scope: ApiScope): PagedList<Stage> {
  return ctx.cache.list<Stage>(NodeIds.folder(scope.nodeId, 'stages'), (token) =>
    ctx.page((s, o) => readStages(s, scope.api.id, o), token),
  );
}

export function stageInvokeUrl(api: ApiSubject, stageName: string): string {
  return invokeUrl({
    apiId: api.id,
    region: api.region,
    protocolType: api.protocol,
    stageName,
    ...(api.api.ApiEndpoint ? { apiEndpoint: api.api.ApiEndpoint } : {}),
  });
}

export class StagesNode extends ApiFolder<Stage> {
  readonly label = 'Stages';
  readonly icon = 'layers';
  readonly what = 'stages';
  readonly empty = 'No stages';
  private specs: readonly SpecFacts[] = [];
  constructor(parent: TreeNode, ctx: ExplorerContext, scope: ApiScope) {
    super(parent, ctx, scope, 'stages');
  }
  protected listing(s: AwsSession, o: ListOptions) {
    return readStages(s, this.scope.api.id, o);
  }
  override list(): PagedList<Stage> {
    return stageList(this.ctx, this.scope);
  }
  protected node(s: Stage): TreeNode {
    const protection = protectionOfStage(s, specOf(this.scope.api.api, this.specs, s.StageName));
    return new StageNode(this, this.ctx, this.scope, s, protection);
  }

  override async children(): Promise<TreeNode[]> {
    this.specs = await this.ctx.specs();
    return super.children();
  }
}

export class StageNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: StagesNode,
    private readonly ctx: ExplorerContext,
    readonly scope: ApiScope,
    readonly stage: Stage,
    readonly protection: Protection | undefined,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, stage.StageName ?? '');
  }

  private history() {
    return stageHistory(this.stage.Tags, this.stage.DeploymentId);
  }

  treeItem(): vscode.TreeItem {
    const s = this.stage;
    const h = this.history();
    const hasChildren = Object.keys(s.StageVariables ?? {}).length + Object.keys(s.RouteSettings ?? {}).length;
    const { summary, alarms } = this.glance();
    const alarm = alarms && worstState(alarms);
    const icon = s.AutoDeploy ? 'sync' : 'rocket';
    const tooltip = stageTooltip(s, h, stageInvokeUrl(this.scope.api, s.StageName ?? ''), this.protection);
    return treeItem({
      label: s.StageName ?? '',
      collapsed: hasChildren + h.entries.length > 0,
      description: glanceDescription(stageDescription(s, h, this.protection), { summary, alarm }),
      icon: alarm === 'ALARM' ? new vscode.ThemeIcon(icon, new vscode.ThemeColor('errorForeground')) : icon,
      contextValue: s.AutoDeploy ? ContextValues.stageAutoDeploy : ContextValues.stage,
      tooltip: withAlarms(withLastHour(tooltip, summary), alarms),
    });
  }

  /** The stage's last hour and its alarms, as the explorer's glance keeps them (asked for when not fresh). */
  private glance() {
    const { api } = this.scope;
    const stage = this.stage.StageName ?? '';
    return {
      summary: this.ctx.glance.summary({ protocol: api.protocol, apiId: api.id, stage }),
      alarms: this.ctx.glance.alarms({ apiId: api.id, stage }),
    };
  }

  override async children(): Promise<TreeNode[]> {
    const out: TreeNode[] = [];
    const vars = stageVariableRows(this.stage.StageVariables);
    if (vars.length) out.push(new DetailGroupNode(this, 'variables', 'Stage variables', 'symbol-variable', vars));
    const settings = Object.entries(this.stage.RouteSettings ?? {}).map(([k, v]) => [k, routeSettingsText(v)] as const);
    if (settings.length) out.push(new DetailGroupNode(this, 'route-settings', 'Route settings', 'settings', settings));
    const h = this.history();
    if (h.entries.length) out.push(new StageHistoryNode(this, h));
    return out;
  }

  override [SUBJECT](): NodeSubject {
    const name = this.stage.StageName ?? '';
    return {
      ...super[SUBJECT](),
      stage: { api: this.scope.api, name, stage: this.stage },
      resource: resourceRef(this.scope, 'stage', name, name),
    };
  }
}
