// The one place the local API reads a spec: through the spec engine's front end (validateSpec), refusing a spec
// with errors and listing them, then `${aws:region}` / `${aws:accountId}` resolved for the local account.
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import { validateSpec, type SpecValidation } from '../core/gatewaySpec/validate';
import { resolveSpec, type GatewaySpec } from '../core/gatewaySpec/model';

export interface LoadedSpec {
  spec: GatewaySpec;
  validation: SpecValidation | undefined;
}

function refuse(v: SpecValidation, file: string): WorkbenchError {
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  const lines = errors
    .slice(0, 20)
    .map((d) => `  ${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
  const more = errors.length > 20 ? `\n  … and ${errors.length - 20} more` : '';
  return new WorkbenchError(
    'InvalidSpec',
    `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; the local API serves only a valid spec:\n${lines.join('\n')}${more}`,
    {
      hint: 'Fix the errors (apigw validate lists them too) and start again.',
    },
  );
}

/** Reads and validates a spec file (or text); throws WorkbenchError InvalidSpec listing the errors. */
export function loadSpec(
  source: { specPath?: string; specText?: string; spec?: GatewaySpec },
  aws: { region: string; accountId: string },
): LoadedSpec {
  if (source.spec) return { spec: resolveSpec(source.spec, aws), validation: undefined };
  const file = source.specPath ?? 'spec.apigw.json';
  let text = source.specText;
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new WorkbenchError('NotFound', `The spec ${file} cannot be read: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const validation = validateSpec(text, { fileName: path.basename(file) });
  if (!validation.valid || !validation.model) throw refuse(validation, file);
  return { spec: resolveSpec(validation.model, aws), validation };
}
