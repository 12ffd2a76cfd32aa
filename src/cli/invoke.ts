// `apigw invoke SPEC --function NAME`: one of the mapping file's functions invoked on this machine, as Lambda's
// Invoke API runs it (src/local/lambdaInvoke.ts): the payload it returned on stdout, its log on stderr. A CI step or
// a developer tries a handler — one no route calls too — with an event of their own.
//   exit 0: it returned, 1: it failed (its error as the payload, as Lambda returns it), 2: bad arguments, an
//   unreadable spec or one with errors, a function the mapping does not map, an event that is not JSON.
import { isCancellation } from '../core/errors';
import { jsonProblem } from '../core/jsonProblem';
import { readData } from './call';
import { CommandFailure, defineCommand, type CommandContext } from './command';
import { localEngine } from './lazy';
import { UsageError, value } from './options';
import { checkHandlersOption, HANDLER_OPTIONS } from './serve';
import { loadSpecFile } from './specFiles';

const OPTIONS = {
  function: value('NAME', 'The function: its name or ARN, as the mapping file maps it', {
    required: 'the function to invoke',
  }),
  event: value('JSON', 'The event: JSON, @FILE or @- for standard input (default {})'),
  stage: value('STAGE', 'The stage whose variables name the functions (default: as apigw serve)'),
  ...HANDLER_OPTIONS,
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const invokeCommand = defineCommand({
  name: 'invoke',
  summary: "Invoke one of a spec's mapped Lambda functions locally with an event",
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    "Runs a function of the spec's mapping file (NAME.apigw.local.yaml) on this machine as Lambda's Invoke API does — the handler in its own process with Lambda's environment, context and timeout — and prints what it returned, or its error as Lambda returns it. Its log (START, END, REPORT and what it printed) goes to standard error.",
  options: OPTIONS,
  interruptible: true,
  exitCodes:
    '0 it returned, 1 it failed (its error printed as the payload), 2 bad arguments, an unreadable spec or one with errors (listed), a function the mapping does not map, an event that is not JSON.',
  run: runInvoke,
});

async function eventOf(ctx: Ctx): Promise<unknown> {
  const data = await readData(ctx.options.event, ctx.io.stdin, '--event');
  const text = data === undefined ? '{}' : typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--event is not JSON: ${jsonProblem(text)}`);
  }
}

async function runInvoke(ctx: Ctx): Promise<number> {
  const file = ctx.operands[0]!;
  checkHandlersOption(ctx.options.handlers);
  const event = await eventOf(ctx);
  const spec = loadSpecFile(file, ctx, 'invoke', { nothing: 'nothing was invoked', errorExit: 2 });
  if (typeof spec === 'number') return spec;
  const api = await localEngine()
    .startLocalApi({
      specPath: file,
      port: 0,
      watch: false,
      ...(ctx.options.stage !== undefined ? { stage: ctx.options.stage } : {}),
      ...(ctx.options.handlers !== undefined ? { handlers: ctx.options.handlers } : {}),
      ...(ctx.options.python !== undefined ? { runtime: { python: ctx.options.python } } : {}),
      logger: { info: () => undefined, warn: (m) => ctx.stderr.write(`warning: ${m}\n`), error: () => undefined },
    })
    .catch((err: unknown) => Promise.reject(isCancellation(err) ? err : new CommandFailure(2, err)));
  try {
    api.events.on('log', (l) => ctx.stderr.write(`${l.line}\n`));
    const done = await api
      .invokeFunction(ctx.options.function, event)
      .catch((err: unknown) => Promise.reject(new CommandFailure(2, err)));
    ctx.stdout.write(`${JSON.stringify(done.payload)}\n`);
    return done.ok ? 0 : 1;
  } finally {
    await api.stop();
  }
}
