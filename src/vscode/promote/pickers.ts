// The rollback pick list: the default (what the stage ran before its last change) first, then every other
// deployment, newest first.
import * as vscode from 'vscode';
import type { RollbackChoice } from '../../core/promote';
import type { ApiSubject } from '../commands/subjects';
import type { Runtime } from '../runtime';

type Item = vscode.QuickPickItem & { id?: string };

function item(rt: Runtime, stage: string, c: RollbackChoice): Item {
  const d = c.deployment;
  return {
    label: `$(${c.previous ? 'discard' : 'history'}) ${d.id}`,
    description: [
      d.createdDate ? rt.aws().promote.isoMinute(d.createdDate) : '',
      d.stages.length ? `runs ${d.stages.join(', ')}` : '',
      c.ranBefore ? `${stage} ran it` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    detail: d.description ?? '(no description)',
    id: d.id,
  };
}

function section(label: string, items: Item[]): Item[] {
  return items.length ? [{ label, kind: vscode.QuickPickItemKind.Separator }, ...items] : [];
}

export async function pickDeployment(
  rt: Runtime,
  stage: string,
  choices: RollbackChoice[],
  api: ApiSubject,
): Promise<string | undefined> {
  if (choices.length === 0) {
    rt.prompts.notify('info', `${stage} of ${api.name} has no other deployment to go back to.`);
    return undefined;
  }
  const previous = choices.filter((c) => c.previous).map((c) => item(rt, stage, c));
  const others = choices.filter((c) => !c.previous).map((c) => item(rt, stage, c));
  const picked = await rt.prompts.pick(
    [...section('before the last promotion or deploy', previous), ...section('other deployments', others)],
    {
      title: `Roll Back ${stage} of ${api.name}`,
      placeHolder: 'Go back to which deployment?',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  return picked?.id;
}
