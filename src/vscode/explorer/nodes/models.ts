// Models of a WebSocket API: the folder (GetModels, paged) and a model, named as routes and route responses name it.
import type { Model } from '@aws-sdk/client-apigatewayv2';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import { modelDescription, modelTooltip } from '../../../core/explorer/format';
import { ContextValues } from '../contextValues';
import { PartNode, type ExplorerContext, type TreeNode } from '../tree';
import { ApiFolder, type ApiScope } from './folder';

export class ModelsNode extends ApiFolder<Model> {
  readonly label = 'Models';
  readonly icon = 'symbol-structure';
  readonly what = 'models';
  readonly empty = 'No models';
  constructor(parent: TreeNode, ctx: ExplorerContext, scope: ApiScope) {
    super(parent, ctx, scope, 'models');
  }
  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.models(this.scope.api.id, o);
  }
  protected node(m: Model): TreeNode {
    return new PartNode(this, m.ModelId ?? '', {
      label: m.Name ?? m.ModelId ?? '',
      description: modelDescription(m),
      icon: 'symbol-structure',
      contextValue: ContextValues.model,
      tooltip: modelTooltip(m),
    });
  }
}
