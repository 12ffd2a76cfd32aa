// Live log tail: "Tail Stage Logs…" from the palette or a stage's context menu, "Stop Tail…" from the palette or
// the status bar. The tail itself (sources, transports, formatting) lives in the lazy aws bundle.
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';
import type { CommandTable } from '../commands';
import type { Runtime } from '../runtime';
import { TailManager, untrusted, type TailTarget } from './manager';

export { TailManager, type TailInfo } from './manager';
export { setTestTailSink } from './view';

export function registerTail(context: vscode.ExtensionContext, rt: Runtime): TailManager {
  const manager = new TailManager(rt);
  context.subscriptions.push(manager);
  return manager;
}

/** A stage node of the explorer, as much of it as the tail needs (no import of the explorer's classes). */
interface StageLike {
  stage: { StageName?: string };
  folder: { apiId: string };
}

/** Programmatic arguments (tests, keybindings): no prompt but the access logging modal. */
export interface TailArgs {
  apiId: string;
  stageName: string;
  filterPattern?: string;
}

function isStageNode(arg: unknown): arg is StageLike {
  const a = arg as Partial<StageLike> | undefined;
  return typeof a?.stage?.StageName === 'string' && typeof a.folder?.apiId === 'string';
}

function isTailArgs(arg: unknown): arg is TailArgs {
  const a = arg as Partial<TailArgs> | undefined;
  return typeof a?.apiId === 'string' && typeof a.stageName === 'string';
}

/** The palette: pick the API, then the stage. */
async function pickStage(rt: Runtime): Promise<TailTarget | undefined> {
  const session = await rt.connection.session();
  const collect = async <T>(pages: AsyncIterable<{ items: T[] }>) => {
    const out: T[] = [];
    for await (const p of pages) out.push(...p.items);
    return out;
  };
  const apis = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Loading APIs…' },
    () => collect(session.apigw.apis({ pageSize: 100 })),
  );
  if (apis.length === 0) {
    throw new WorkbenchError(
      'NotFound',
      `No APIs in ${session.connection.region} for profile ${session.connection.profile}.`,
      { hint: 'Choose another region with "API Gateway: Select Region".' },
    );
  }
  const api = (
    await vscode.window.showQuickPick(
      apis.map((a) => ({
        label: `$(${a.ProtocolType === 'WEBSOCKET' ? 'plug' : 'globe'}) ${a.Name ?? a.ApiId}`,
        description: `${a.ApiId} · ${a.ProtocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'}`,
        a,
      })),
      { title: 'API Gateway: Tail Stage Logs (1/2)', placeHolder: 'API', matchOnDescription: true },
    )
  )?.a;
  if (!api?.ApiId) return undefined;
  const stages = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Loading stages…' },
    () => collect(session.apigw.stages(api.ApiId!, { pageSize: 10 })),
  );
  if (stages.length === 0)
    throw new WorkbenchError('NotFound', `${api.Name} has no stage, so there is nothing to tail.`, {
      hint: 'Create a stage (or deploy a spec) first.',
    });
  const stage =
    stages.length === 1
      ? stages[0]
      : (
          await vscode.window.showQuickPick(
            stages.map((s) => ({
              label: s.StageName ?? '',
              description: s.AccessLogSettings?.DestinationArn ? 'access logs on' : 'no access logging',
              s,
            })),
            { title: `API Gateway: Tail Stage Logs (2/2): ${api.Name}`, placeHolder: 'Stage' },
          )
        )?.s;
  return stage?.StageName ? { apiId: api.ApiId, stageName: stage.StageName } : undefined;
}

export function tailCommands(rt: Runtime, manager: TailManager): CommandTable {
  return {
    'apigw.tailStage': async (arg?: unknown) => {
      if (!rt.isTrusted()) throw untrusted();
      if (isTailArgs(arg))
        return manager.start(
          { apiId: arg.apiId, stageName: arg.stageName },
          { interactive: false, ...(arg.filterPattern ? { filterPattern: arg.filterPattern } : {}) },
        );
      const target = isStageNode(arg)
        ? { apiId: arg.folder.apiId, stageName: arg.stage.StageName! }
        : await pickStage(rt);
      return target ? manager.start(target, { interactive: true }) : undefined;
    },
    'apigw.stopTail': (which?: unknown) => manager.stop(typeof which === 'string' ? which : undefined),
  };
}
