import type * as vscode from 'vscode';
import { errorChain } from '../core/errors';
import { redact } from '../core/redact';

/** The extension's own diagnostic log: one LogOutputChannel, `[component]` prefixes, secrets redacted. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** Logs a failure and returns its reference (`#7`), which the line carries: error nodes and messages point to it. */
  error(message: string, err?: unknown): string;
  /** A logger whose lines carry `[component]`. */
  child(component: string): Logger;
  show(): void;
}

export const LOG_CHANNEL_NAME = 'API Gateway Workbench';

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return componentLogger(channel, undefined, { next: 1 });
}

function componentLogger(
  channel: vscode.LogOutputChannel,
  component: string | undefined,
  refs: { next: number },
): Logger {
  const prefix = component ? `[${component}] ` : '';
  const line = (message: string) => redact(prefix + message);
  return {
    trace: (m) => channel.trace(line(m)),
    debug: (m) => channel.debug(line(m)),
    info: (m) => channel.info(line(m)),
    warn: (m) => channel.warn(line(m)),
    error: (m, err) => {
      const ref = `#${refs.next++}`;
      channel.error(line(`${m} (${ref})${err === undefined ? '' : `: ${errorChain(err)}`}`));
      return ref;
    },
    child: (c) => componentLogger(channel, component ? `${component}/${c}` : c, refs),
    show: () => channel.show(true),
  };
}
