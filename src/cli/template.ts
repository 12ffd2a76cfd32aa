// `apigw template SPEC`: one of a WebSocket spec's mapping templates rendered against a message, as the local API
// renders it (src/local/tryTemplate.ts, what Try Mapping Template… runs), on stdout; without --integration, the
// spec's templates, one a line. A CI step can check what a template makes of a sample message.
//   exit 0: rendered (or listed), 1: the template failed (why, on stderr), 2: bad arguments, an unreadable spec or
//   one with errors, a template the spec does not have.
import { CommandFailure, defineCommand, type CommandContext } from './command';
import { localEngine } from './lazy';
import { UsageError, value } from './options';
import { loadSpecFile } from './specFiles';

const OPTIONS = {
  integration: value('NAME', 'The integration whose template to render (without it: the templates are listed)'),
  response: value(
    'KEY',
    'The integration response ($default, /4\\d\\d/) whose response template to render, instead of a request template',
  ),
  key: value('KEY', 'The template key (default $default)'),
  message: value(
    'TEXT',
    "$input.body: the client's message, or for a response template the backend's answer (default {})",
  ),
  stage: value('STAGE', 'The stage whose variables the template reads (default: the first)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const templateCommand = defineCommand({
  name: 'template',
  summary: "Render a WebSocket spec's mapping template against a message, as the local API does",
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    "Renders one of the spec's request or response templates (Velocity) against a message, in the local API's template worker with its quota and timeout: $input of the message, $context of a sample connection on the route that uses the integration, the stage's variables. Prints what the template made; without --integration, lists the spec's templates.",
  options: OPTIONS,
  exitCodes:
    '0 rendered (or listed), 1 the template failed (why, on stderr), 2 bad arguments, an unreadable spec or one with errors (listed), a template the spec does not have.',
  run: runTemplate,
});

async function runTemplate(ctx: Ctx): Promise<number> {
  const file = ctx.operands[0]!;
  const { integration, response, stage } = ctx.options;
  if (integration === undefined && (response ?? ctx.options.key ?? ctx.options.message) !== undefined)
    throw new UsageError('--response, --key and --message need --integration');
  const spec = loadSpecFile(file, ctx, 'template', { nothing: 'nothing was rendered', errorExit: 2 });
  if (typeof spec === 'number') return spec;
  const engine = localEngine();
  if (integration === undefined) {
    const templates = engine.specTemplates(spec.model);
    for (const t of templates) ctx.stdout.write(`${engine.describeTemplate(t)}\n`);
    // An empty list and a silent exit 0 read as a command that did nothing.
    if (templates.length === 0)
      ctx.stderr.write(
        `apigw template: ${file} has no mapping templates (WebSocket integrations' requestTemplates and their responses' templates).\n`,
      );
    return 0;
  }
  if (stage !== undefined && !spec.model.stages?.[stage]) throw new UsageError(`${file} has no stage ${stage}`);
  const ref = { integration, key: ctx.options.key ?? '$default', ...(response !== undefined ? { response } : {}) };
  const tried = await engine
    .tryTemplate(spec.model, ref, ctx.options.message ?? '{}', stage)
    .catch((err: unknown) => Promise.reject(new CommandFailure(2, err)));
  if (tried.rendered.ok) {
    ctx.stdout.write(`${tried.rendered.text}\n`);
    return 0;
  }
  ctx.stderr.write(`apigw template: ${engine.describeTemplate(ref)}: ${tried.rendered.error}\n`);
  return 1;
}
