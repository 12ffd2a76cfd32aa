// "Show Logs for This Request": the access log line and the Lambda log lines of the request a response document
// shows, found by the engine (one FilterLogEvents per log group when the lines are there; it waits out CloudWatch's
// ingestion delay with the progress notification saying what is still awaited) and printed in the tail's format into
// an output channel of our own (redacted on the way in, and scrubbed of the values the call sent).
import * as vscode from 'vscode';
import type { RequestLogs } from '../../aws/call';
import { WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import type { CallFeature } from './feature';
import type { ResponseRecord } from './responses';

export const REQUEST_LOGS_CHANNEL = 'API Gateway Request Logs';

/** `apigw.showRequestLogs({ response })`: the response document's URI; without it, the active editor's. */
export interface LogsArgs {
  response: string;
}

function recordOf(inv: Invocation<'none', LogsArgs>, f: CallFeature): ResponseRecord {
  const uri =
    typeof inv.args.response === 'string'
      ? vscode.Uri.parse(inv.args.response)
      : vscode.window.activeTextEditor?.document.uri;
  const rec = uri ? f.responses.record(uri) : undefined;
  if (!rec)
    throw new WorkbenchError('InvalidArgument', 'Show Logs for This Request needs an open response of a call.', {
      hint: 'Send a request from a .http file, then use the lens at the top of its response.',
    });
  if (!rec.requestId)
    throw new WorkbenchError(
      'NotFound',
      'The response carries no request id (apigw-requestid): its logs cannot be found.',
    );
  if (!rec.ctx.live)
    throw new WorkbenchError(
      'Unsupported',
      `${rec.ctx.target.label} is the local API: its requests are in its own output, not in CloudWatch Logs.`,
      { hint: 'Call a deployed stage (another @baseUrl line of the file) to see a request’s CloudWatch lines.' },
    );
  return rec;
}

export async function showRequestLogs(inv: Invocation<'none', LogsArgs>, f: CallFeature): Promise<RequestLogs> {
  const { rt } = inv;
  const rec = recordOf(inv, f);
  const { api } = rec.ctx;
  const functions = (rec.routeKey ? api.functions.get(rec.routeKey) : undefined) ?? {};
  if (!api.accessLogGroup && !functions.integration && !functions.authorizer)
    throw new WorkbenchError(
      'NotFound',
      `Stage ${api.stage} has no access logging and ${rec.routeKey ?? 'the request'} runs no Lambda function: no logs to show.`,
      {
        hint: 'Tail Stage Logs offers to turn access logging on.',
        fix: { label: 'Tail Stage Logs…', command: { id: 'apigw.tailStage' } },
      },
    );
  const session = await rt.connection.session();
  const call = rt.aws().call;
  const logs = await inv.step(`Finding the logs of request ${rec.requestId}…`, (progress) =>
    call.logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      connection: session.connection,
      requestId: rec.requestId!,
      startedAt: rec.startedAt,
      endedAt: rec.startedAt + rec.totalMs,
      ...(api.accessLogGroup ? { accessLogGroup: api.accessLogGroup } : {}),
      ...(api.accessLogFormat ? { accessLogFormat: api.accessLogFormat } : {}),
      functions,
      onProgress: (p) =>
        progress.report(
          `waiting for CloudWatch Logs: ${p.waitingFor.join(', ')} (${Math.round(p.elapsedMs / 1000)} s)`,
        ),
      signal: inv.signal,
    }),
  );
  const lines = call.requestLogLines(logs, {});
  const out = rt.outputs.channel(REQUEST_LOGS_CHANNEL);
  const head = `── request ${rec.requestId} · ${rec.routeKey ?? ''} · ${api.name}/${api.stage} ──`;
  out.append(rec.scrub(`${head}\n${lines.length ? `${lines.join('\n')}\n` : ''}${logs.message}\n\n`));
  out.show();
  return logs;
}
