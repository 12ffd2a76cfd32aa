import type * as vscode from 'vscode';
import { errorChain } from '../core/errors';
import { redact } from '../core/redact';

/** The extension's own diagnostic log: one LogOutputChannel, `[component]` prefixes, secrets redacted. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  /** A logger whose lines carry `[component]`. */
  child(component: string): Logger;
  show(): void;
}

export const LOG_CHANNEL_NAME = 'API Gateway Workbench';

export function createLogger(channel: vscode.LogOutputChannel, component?: string): Logger {
  const prefix = component ? `[${component}] ` : '';
  const line = (message: string) => redact(prefix + message);
  return {
    trace: (m) => channel.trace(line(m)),
    debug: (m) => channel.debug(line(m)),
    info: (m) => channel.info(line(m)),
    warn: (m) => channel.warn(line(m)),
    error: (m, err) => channel.error(line(err === undefined ? m : `${m}: ${errorChain(err)}`)),
    child: (c) => createLogger(channel, component ? `${component}/${c}` : c),
    show: () => channel.show(true),
  };
}
