// `apigw ws --api A --stage S`: a WebSocket session with a stage (or the local API) from the terminal or a script. Each
// line of standard input is sent as a message; received frames are printed with their time. `/ping`, `/routes` (the
// messages that reach each custom route) and `/close` are commands. Ctrl+C or the end of input closes the session.
//   exit 0: closed normally, 1: refused, or closed abnormally, 2: bad arguments.
import { WebSocketSession, type WsClose, type WsFrame } from '../aws/call/websocket';
import { formatSize, hexDump } from '../core/call/format';
import { routeCompletions } from '../core/call/wsRoutes';
import { describeError, isWorkbenchError } from '../core/errors';
import { LineFormatter } from '../core/tail/format';
import { sleep } from '../core/tail/clock';
import {
  AUTH_OPTIONS,
  cliProviders,
  durationOption,
  parseHeaders,
  resolveTarget,
  TARGET_OPTIONS,
  withQuery,
  type ResolvedTarget,
} from './callTarget';
import { defineCommand, type CommandContext } from './command';
import { flag, UsageError, value } from './options';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...AUTH_OPTIONS,
  echo: flag('Print the messages sent as well (> lines), for a transcript'),
  count: value('N', 'Close once N messages have been received'),
  linger: value('DURATION', 'At the end of input, wait this long for answers before closing (default 1s)'),
  utc: flag('Times in UTC (default: local time)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const wsCommand = defineCommand({
  name: 'ws',
  summary: 'A WebSocket session with a stage or the local API: stdin lines sent, frames printed',
  description:
    "Connects to a WebSocket stage (--api and --stage) or the local API (--local ws://127.0.0.1:3000/dev) with the $connect route's auth: its Lambda authorizer's identity sources from -H and --query, or SigV4 with the connection's credentials for AWS_IAM. Each line of standard input is sent as a text message; every message received is printed with its time ('<'). Commands: /ping (round trip), /routes (a message for each custom route, from the route selection expression), /close. Ctrl+C or the end of input closes the session.",
  options: OPTIONS,
  aws: true,
  interruptible: true,
  exitCodes: '0 the session closed normally, 1 the stage refused or ended it abnormally, 2 bad arguments.',
  run: runWs,
});

interface Session {
  ctx: Ctx;
  ws: WebSocketSession;
  found: ResolvedTarget;
  format: LineFormatter;
  received: number;
  count: number | undefined;
  lastFrame: number;
}

function frameText(f: WsFrame): string {
  if (typeof f.data === 'string') return f.data;
  return `[binary, ${formatSize(f.data.length)}]\n${hexDump(f.data, 64)}`;
}

function onFrame(s: Session, f: WsFrame): void {
  if (f.kind === 'ping' || f.kind === 'pong') return;
  s.lastFrame = s.ctx.io.clock.now();
  if (f.direction === 'out' && !s.ctx.options.echo) return;
  s.ctx.stdout.write(`${s.format.time(f.time)}  ${f.direction === 'in' ? '<' : '>'} ${frameText(f)}\n`);
  if (f.direction === 'in' && ++s.received === s.count) void s.ws.close(1000, '');
}

async function command(s: Session, line: string): Promise<boolean> {
  if (line === '/close') return false;
  if (line === '/ping') {
    s.ctx.stderr.write(`pong in ${(await s.ws.ping()).toFixed(1)} ms\n`);
  } else if (line === '/routes') {
    const c = routeCompletions(s.found.api.routes.keys(), s.found.api.routeSelectionExpression);
    s.ctx.stderr.write(
      `${[...c.completions.map((x) => `${x.routeKey}: ${x.text}`), ...c.notes].join('\n') || 'No custom routes known (give --spec or --api).'}\n`,
    );
  } else if (line.trim() !== '') {
    sendLine(s, line);
  }
  return true;
}

/** Sends one line; a line over the message quota is said on stderr and the session goes on with the next one. */
function sendLine(s: Session, line: string): void {
  try {
    s.ws.send(line);
  } catch (err) {
    if (!isWorkbenchError(err) || err.code !== 'InputLimit') throw err;
    s.ctx.stderr.write(`Not sent: ${describeError(err)}\n`);
  }
}

async function* lines(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const parts = rest.split(/\r?\n/);
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

/** Sends standard input line by line; resolves at its end (true) or at /close (false). */
async function pump(s: Session): Promise<boolean> {
  const input = s.ctx.io.stdin?.();
  if (!input) return true;
  for await (const line of lines(input)) {
    if (s.ws.state !== 'open') return false;
    if (!(await command(s, line))) return false;
  }
  return true;
}

/** After the end of input: until N messages arrived (--count), or no frame came for `linger` ms. */
async function quiet(s: Session, lingerMs: number, stop: AbortSignal): Promise<void> {
  while (s.ws.state === 'open' && !stop.aborted) {
    if (s.count !== undefined && s.received >= s.count) return;
    const idle = s.ctx.io.clock.now() - s.lastFrame;
    if (idle >= lingerMs) return;
    await sleep(s.ctx.io.clock, Math.min(lingerMs - idle, 50));
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

async function runWs(ctx: Ctx): Promise<number> {
  const o = ctx.options;
  const lingerMs = durationOption(o.linger, 'linger', 1000);
  const count = o.count === undefined ? undefined : Number(o.count);
  if (count !== undefined && !(Number.isInteger(count) && count > 0))
    throw new UsageError(`--count takes a positive number, not ${o.count}`);
  const headers = parseHeaders(o.header);
  const found = await resolveTarget(o, ctx, 'ws', 'WEBSOCKET');
  if (typeof found === 'number') return found;
  const region =
    found.live?.region ??
    (ctx.options as { region?: string }).region ??
    (ctx.io.env ?? process.env).AWS_REGION ??
    'us-east-1';
  const ws = await WebSocketSession.connect({
    url: withQuery(found.target.baseUrl, o.query),
    targets: found.api.targets,
    ...(found.api.routes.get('$connect') ? { auth: found.api.routes.get('$connect')! } : {}),
    providers: cliProviders(o, ctx.io.env ?? process.env, { connect: () => ctx.connect(), region }),
    headers,
    signal: ctx.signal,
  });
  const s: Session = {
    ctx,
    ws,
    found,
    format: new LineFormatter([], { utc: o.utc }),
    received: 0,
    count,
    lastFrame: ctx.io.clock.now(),
  };
  ws.on('frame', (f) => onFrame(s, f));
  ctx.stderr.write(
    `Connected to ${ws.label}. Lines are sent as messages; /ping, /routes, /close. Ctrl+C or the end of input closes.\n`,
  );
  const stop = AbortSignal.any([ctx.signal, ctx.stdout.closed]);
  const ended = await Promise.race([pump(s), ws.whenClosed().then(() => false), aborted(stop).then(() => false)]);
  if (ended) await quiet(s, lingerMs, stop);
  return closed(ctx, await ws.close(1000, ''));
}

function closed(ctx: Ctx, c: WsClose): number {
  const normal = c.code === 1000 || c.code === 1001 || c.code === 1005;
  ctx.stderr.write(
    `Closed${c.code ? ` (${c.code}${c.reason ? ` ${c.reason}` : ''})` : ''}${c.abnormal ? ': the connection was lost' : ''}.\n`,
  );
  return normal ? 0 : 1;
}
