// The command table: every `apigw` subcommand, declared once in its own module (name, summary, operands, typed
// options, run). `apigw help` is generated from it; adding a subcommand is adding its declaration here
// (docs/DEVELOPING.md).
import { callCommand } from './call';
import type { Subcommand } from './command';
import { deployCommand } from './deploy';
import { metricsCommand } from './metrics';
import { exportCommand, importCommand } from './openapi';
import { planCommand } from './plan';
import { promoteCommand, rollbackCommand } from './promote';
import { pullCommand } from './pull';
import { requestsCommand } from './requests';
import { serveCommand } from './serve';
import { tailCommand } from './tail';
import { invokeCommand } from './invoke';
import { templateCommand } from './template';
import { validateCommand } from './validate';
import { wsCommand } from './ws';

export const SUBCOMMANDS: readonly Subcommand[] = [
  validateCommand,
  planCommand,
  deployCommand,
  pullCommand,
  promoteCommand,
  rollbackCommand,
  tailCommand,
  callCommand,
  wsCommand,
  requestsCommand,
  metricsCommand,
  importCommand,
  exportCommand,
  serveCommand,
  templateCommand,
  invokeCommand,
];
