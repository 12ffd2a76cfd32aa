// The `apigw-local` debug configuration (F5 on a spec: "API Gateway: Run Spec Locally"): a small inline debug adapter
// is the parent session; it starts the local API with the Node handler processes under `--inspect-brk=0`, and each
// process's inspector (its "Debugger listening on ws://…" line) gets a child `pwa-node` attach session of VS Code's
// JavaScript debugger that resumes it once the breakpoints are set, so a breakpoint in a handler stops on the first
// request. Python handler processes wait in debugpy the same way, each attached by a child `debugpy` session of the
// Python Debugger extension (with its own copy of debugpy when it carries one); without that extension they run
// undebugged and the debug console says so. Stopping the session stops the local API.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, describeError, isCancellation, WorkbenchError } from '../../core/errors';
import type { Clock } from '../../core/tail/clock';
import { DEBUGPY_LISTENING } from '../../local/protocol';
import { untrusted } from '../capabilities/trust';
import { isSpecDocument } from '../gatewaySpec/engine';
import { validSpec } from '../gatewaySpec/valid';
import type { Runtime } from '../runtime';
import * as config from '../config';
import { functionRuntimes, namesIn } from './engine';
import type { LocalFeature, LocalRun } from './feature';
import { pickServed } from './pickers';

export const DEBUG_TYPE = 'apigw-local';
const DEBUG_NAME = 'API Gateway: Run Spec Locally';
// The shim listens on 127.0.0.1 only: a line naming any other host (a handler's own output) starts nothing.
const DEBUGPY = new RegExp(`^${DEBUGPY_LISTENING} 127\\.0\\.0\\.1:(\\d{1,5})$`);
/** The debug type of the Python Debugger extension (ms-python.debugpy), whose attach takes `connect`. */
const PYTHON_DEBUG_TYPE = 'debugpy';

/**
 * The engine's time while debugging: timers over a second (the integration and function timeouts, HTTP proxy
 * timeouts, WebSocket idle and duration limits) never fire, so a handler held at a breakpoint, or one whose process
 * waits for the debugger to attach, is not answered 503 and killed meanwhile. Shorter timers run as usual.
 */
const DEBUG_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => (ms > 1000 ? undefined : setTimeout(fn, ms)),
  clearTimeout: (h) => {
    if (h !== undefined) clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

interface LocalDebugConfiguration extends vscode.DebugConfiguration {
  spec?: string;
  stage?: string;
  port?: number;
}

class LocalDebugConfigurations implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: DEBUG_NAME, spec: '${file}' }];
  }

  /** F5 without a launch.json on a spec: run that spec. */
  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    c: LocalDebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    if (!c.type && !c.request && !c.name) {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !isSpecDocument(doc)) return undefined;
      return { type: DEBUG_TYPE, request: 'launch', name: DEBUG_NAME, spec: doc.uri.fsPath };
    }
    return c;
  }
}

type Message = { seq: number; type: string; command?: string; arguments?: unknown };

/** The parent session: just enough of the Debug Adapter Protocol to start, hold and stop a local API. */
class LocalDebugAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private seq = 1;
  private run: LocalRun | undefined;
  private readonly watching: vscode.Disposable;

  constructor(
    private readonly session: vscode.DebugSession,
    private readonly rt: Runtime,
    private readonly local: LocalFeature,
  ) {
    // Stopped from the status bar or the palette: the session ends with it.
    this.watching = local.onDidChange(() => {
      if (this.run && !local.list().includes(this.run)) this.terminated();
    });
  }

  handleMessage(m: vscode.DebugProtocolMessage): void {
    void this.handle(m as Message);
  }

  private async handle(m: Message): Promise<void> {
    if (m.type !== 'request') return;
    switch (m.command) {
      case 'initialize':
        this.respond(m, { supportsConfigurationDoneRequest: true });
        return this.event('initialized');
      case 'launch':
        return this.launch(m);
      case 'threads':
        return this.respond(m, { threads: [] });
      case 'setBreakpoints':
      case 'setFunctionBreakpoints':
      case 'setInstructionBreakpoints':
      case 'setDataBreakpoints':
        // The breakpoints belong to the handler processes' sessions: this one binds none.
        return this.respond(m, { breakpoints: [] });
      case 'disconnect':
      case 'terminate':
        if (this.run) await this.local.stop(this.run).catch(() => undefined);
        this.run = undefined;
        return this.respond(m, {});
      default:
        return this.respond(m, {});
    }
  }

  private async launch(m: Message): Promise<void> {
    try {
      this.run = await startDebugRun(this.rt, this.local, this.session.configuration as LocalDebugConfiguration);
      this.run.api.events.on('log', (l) => this.onLine(l.functionName, l.line, l.inspector));
      this.output(`${this.run.name} runs locally at ${this.run.api.wsUrl ?? this.run.api.url}\n`);
      this.sayWhatIsNotDebugged(this.run);
      this.respond(m, {});
    } catch (err) {
      // A refused spec (its message is shown) or a dismissed stage picker ends the session quietly.
      if (isCancellation(err)) {
        this.respond(m, {});
        return this.terminated();
      }
      this.respond(m, undefined, describeError(err));
    }
  }

  /**
   * A handler process waits for a debugger: attach VS Code's JavaScript debugger, or the Python Debugger, as a child
   * session. The process stays paused until one attaches, so a failed attach is said in the debug console rather
   * than left silent.
   */
  private onLine(functionName: string, line: string, inspector: string | undefined): void {
    const child = childSession(functionName, line, inspector);
    if (!child) return;
    vscode.debug
      .startDebugging(this.session.workspaceFolder, child, {
        parentSession: this.session,
        lifecycleManagedByParent: true,
        compact: true,
      })
      .then(
        (started) => started || this.attachFailed(functionName, `the ${child.type} debugger did not start`),
        (err: unknown) => this.attachFailed(functionName, describeError(err)),
      );
  }

  /**
   * The handlers that run without a debugger, said in the debug console: Python's without the Python Debugger, and
   * custom runtimes', whose language the session cannot know.
   */
  private sayWhatIsNotDebugged(run: LocalRun): void {
    const functions = functionRuntimes(run.key);
    const python = run.request.pythonDebugger ? [] : namesIn(functions, 'python');
    if (python.length)
      this.output(
        `The Python handlers (${python.join(', ')}) run without the debugger: install the Python Debugger extension ` +
          '(ms-python.debugpy) to stop at their breakpoints.\n',
      );
    const custom = namesIn(functions, 'provided');
    if (custom.length)
      this.output(
        `The custom runtimes (${custom.join(', ')}) run without the debugger: it debugs Node.js and Python handlers. ` +
          "Attach your language's debugger to the bootstrap's process (dlv attach PID, lldb --attach-pid PID).\n",
      );
  }

  private attachFailed(functionName: string, why: string): void {
    this.output(
      `The debugger could not attach to the handler of ${functionName} (${why}); its requests wait. Restart the session.\n`,
    );
  }

  private terminated(): void {
    this.run = undefined;
    this.event('terminated');
  }

  private respond(m: Message, body: unknown, error?: string): void {
    this.sent.fire({
      seq: this.seq++,
      type: 'response',
      request_seq: m.seq,
      command: m.command,
      success: error === undefined,
      ...(error !== undefined ? { message: error } : {}),
      ...(body !== undefined ? { body } : {}),
    } as vscode.DebugProtocolMessage);
  }

  private event(event: string, body?: unknown): void {
    this.sent.fire({ seq: this.seq++, type: 'event', event, ...(body ? { body } : {}) } as vscode.DebugProtocolMessage);
  }

  private output(text: string): void {
    this.event('output', { category: 'console', output: text });
  }

  dispose(): void {
    this.watching.dispose();
    this.sent.dispose();
  }
}

/**
 * The child session that attaches to a handler process whose log line says where its debugger listens: a Node
 * process's inspector as the engine names it (never a URL a handler's output holds), a Python one's debugpy port.
 */
function childSession(
  functionName: string,
  line: string,
  ws: string | undefined,
): vscode.DebugConfiguration | undefined {
  if (ws)
    return {
      type: 'pwa-node',
      request: 'attach',
      name: `${functionName} (local handler)`,
      websocketAddress: ws,
      continueOnAttach: true,
      // The bundles are in a temporary folder the debugger does not scan ahead (outFiles): it binds a TypeScript
      // handler's breakpoints as its bundle is about to run, which the runner lets it do (localNodeRunner.ts).
      pauseForSourceMap: true,
      skipFiles: ['<node_internals>/**'],
    };
  const py = DEBUGPY.exec(line);
  if (py)
    return {
      type: PYTHON_DEBUG_TYPE,
      request: 'attach',
      name: `${functionName} (local Python handler)`,
      connect: { host: '127.0.0.1', port: Number(py[1]) },
      justMyCode: true,
    };
  return undefined;
}

/**
 * The installed extension that debugs Python (`debugpy` sessions): Python handler processes wait for it, importing
 * the debugpy it carries (`bundled/libs`, as ms-python.debugpy ships it) when it has one, else the interpreter's.
 * Undefined without one: they then run undebugged.
 */
function pythonDebugger(): { libs?: string } | undefined {
  const ext = vscode.extensions.all.find((e) => debugTypesOf(e).includes(PYTHON_DEBUG_TYPE));
  if (!ext) return undefined;
  const libs = path.join(ext.extensionPath, 'bundled', 'libs');
  return fs.existsSync(path.join(libs, 'debugpy')) ? { libs } : {};
}

function debugTypesOf(ext: vscode.Extension<unknown>): string[] {
  const contributes = (ext.packageJSON as { contributes?: { debuggers?: Array<{ type?: unknown }> } }).contributes;
  return (contributes?.debuggers ?? []).map((d) => String(d.type));
}

/** Runs the configured spec with the handler processes waiting for a debugger (restarting a plain run of it). */
async function startDebugRun(rt: Runtime, local: LocalFeature, c: LocalDebugConfiguration): Promise<LocalRun> {
  if (!rt.trust.isTrusted()) throw untrusted('Debugging a spec locally');
  const file = c.spec && c.spec !== '${file}' ? c.spec : vscode.window.activeTextEditor?.document.uri.fsPath;
  if (!file)
    throw new WorkbenchError('InvalidArgument', 'The debug configuration names no spec.', {
      hint: 'Set "spec" in launch.json to a *.apigw.yaml or *.apigw.json file, or press F5 in a spec editor.',
    });
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.resolve(file)));
  const spec = validSpec(rt, doc, 'debugging it');
  if (doc.isDirty) await doc.save();
  const running = local.get(doc.uri.fsPath);
  if (running) await local.stop(running);
  const port = typeof c.port === 'number' ? c.port : config.value<number>(config.Setting.localPort, 3000);
  const served = await pickServed(rt, spec, { stage: c.stage, domain: c.domain });
  if (served === null) throw new CancelledError('no stage picked');
  const python = pythonDebugger();
  return local.start({
    specUri: doc.uri,
    spec,
    ...served,
    port,
    nodeArgs: ['--inspect-brk=0'],
    ...(python ? { pythonDebugger: python } : {}),
    clock: DEBUG_CLOCK,
  });
}

export function registerLocalDebugging(context: vscode.ExtensionContext, rt: Runtime, local: LocalFeature): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LocalDebugConfigurations()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) =>
        new vscode.DebugAdapterInlineImplementation(new LocalDebugAdapter(session, rt, local)),
    }),
  );
}
