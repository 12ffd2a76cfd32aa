// The one refusal of a spec with errors, for every command that acts on a whole spec (plan, deploy, run locally):
// its errors go to the log, and one message lists the first ones with Show Problems.
import path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { Runtime } from '../runtime';
import { specValidation } from './engine';

/** The spec's model, or a message listing its errors (then a silent cancellation). `doing`: "planning or deploying". */
export function validSpec(rt: Runtime, doc: vscode.TextDocument, doing: string): GatewaySpec {
  const v = specValidation(doc);
  if (v.valid && v.model) return v.model;
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  const name = path.basename(doc.fileName);
  const log = rt.log.child('spec');
  for (const d of errors)
    log.warn(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
  const first = errors.slice(0, 3).map((d) => `Line ${d.range.start.line + 1}: ${d.message}`);
  const n = errors.length;
  rt.prompts.notify(
    'error',
    `${name} has ${n} error${n === 1 ? '' : 's'}: fix ${n === 1 ? 'it' : 'them'} before ${doing}. ${first.join(' ')}`,
    { label: 'Show Problems', run: () => vscode.commands.executeCommand('workbench.actions.view.problems') },
  );
  throw new CancelledError('invalid spec');
}
