// A throw-away workspace for local API tests: spec, mapping file and handler sources written to a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';

export interface LocalWorkspace {
  dir: string;
  file(rel: string): string;
  write(rel: string, text: string): string;
  remove(): void;
}

export function localWorkspace(files: Record<string, string>): LocalWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-local-test-'));
  const ws: LocalWorkspace = {
    dir,
    file: (rel) => path.join(dir, rel),
    write: (rel, text) => {
      const f = path.join(dir, rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, text);
      return f;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  for (const [rel, text] of Object.entries(files)) ws.write(rel, text);
  return ws;
}

/**
 * An HTTP API spec whose routes each call the Lambda function they name (`{ 'GET /hello': 'hello' }`), through one
 * AWS_PROXY integration (payload 2.0) per function, named `FUNCTION-fn`.
 */
export function lambdaHttpSpec(apiName: string, routes: Record<string, string>, stages = ['dev']): string {
  const integration = (fn: string) =>
    `  ${fn}-fn:\n    type: AWS_PROXY\n    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:${fn}\n` +
    `    payloadFormatVersion: "2.0"\n`;
  return [
    `version: 1\napi:\n  name: ${apiName}\n  protocol: HTTP\nintegrations:\n`,
    ...[...new Set(Object.values(routes))].map(integration),
    'routes:\n',
    ...Object.entries(routes).map(([key, fn]) => `  ${key}:\n    integration: ${fn}-fn\n`),
    'stages:\n',
    ...stages.map((s) => `  ${s}: {}\n`),
  ].join('');
}

/** A clock whose time a test moves forward; timers are real (short ones only). */
export function offsetClock(): {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
  advance(ms: number): void;
} {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** A clock that stands still at `start` until a test moves it (a token bucket refills on it alone); timers are real. */
export function stoppedClock(start: number): ReturnType<typeof offsetClock> {
  let now = start;
  return {
    now: () => now,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Resolves with the first event of `name` that `pred` accepts. */
export function nextEvent<T>(
  emitter: { on(n: string, f: (v: T) => void): unknown; off(n: string, f: (v: T) => void): unknown },
  name: string,
  pred: (v: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, on);
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (v: T) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      emitter.off(name, on);
      resolve(v);
    };
    emitter.on(name, on);
  });
}

/**
 * A WebSocket client that keeps what it receives: resolves once open (with the subprotocols offered, if any), rejects
 * with `HTTP STATUS` when the upgrade is refused, or with the client's error.
 */
export function openWebSocket(
  url: string,
  protocols?: string[],
  headers?: Record<string, string>,
): Promise<{ ws: WebSocket; messages: string[]; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, headers ? { headers } : {});
    const messages: string[] = [];
    ws.on('message', (d) => messages.push(d.toString()));
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
    );
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/**
 * Leaves this process (node --test runs each file in its own) without AWS credentials the SDKs would find — none in
 * the environment, no shared files, no EC2 instance metadata — as on a CI runner: handlers then sign with the local
 * API's own key pair.
 */
export function withoutMachineCredentials(): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  const nowhere = path.join(os.tmpdir(), 'apigw-no-such-dir');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(nowhere, 'credentials');
  process.env.AWS_CONFIG_FILE = path.join(nowhere, 'config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}
