// How the extension asks and tells: modals, typed confirmations, pickers, input, messages, progress and the clipboard,
// behind one interface. Features get it from the Runtime; the extension-host tests swap in a fake. Every text that
// leaves through it is redacted here (redacting()), so no call site has to remember.
import * as vscode from 'vscode';
import { redact } from '../../core/redact';
import { shownItems } from './shownItems';

/** A button on a message: its label, and what choosing it does. */
export interface Action {
  readonly label: string;
  run(): unknown;
}

export type MessageLevel = 'info' | 'warning' | 'error';

export interface PickOptions {
  readonly title: string;
  readonly placeHolder?: string;
  readonly matchOnDescription?: boolean;
  readonly matchOnDetail?: boolean;
}

export interface InputOptions {
  readonly title?: string;
  readonly prompt: string;
  readonly placeHolder?: string;
  readonly value?: string;
  /** Typed characters are hidden (a token, a key); the value never leaves through a message. */
  readonly password?: boolean;
  /** An error text for the value, or undefined when it is acceptable. */
  readonly validate?: (value: string) => string | undefined;
}

export interface ProgressOptions {
  readonly title: string;
  /** A notification (default), the status bar, or a view's progress bar. */
  readonly where?: 'notification' | 'window' | { readonly viewId: string };
}

export interface ProgressReport {
  report(message: string, increment?: number): void;
}

export interface Prompts {
  /** A modal that names the target and offers one verb button ("Delete stage prod"): true only when it is chosen. */
  confirm(message: string, verb: string, detail?: string): Promise<boolean>;
  /** Asks for a name to be typed (a protected stage): true only when exactly `expected` is entered. */
  confirmByTyping(prompt: string, expected: string, title?: string): Promise<boolean>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined>;
  /** A pick that also offers what the user types, when `typed` makes an item of it (Select Region). */
  pickOrType<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: PickOptions,
    typed: (value: string) => T | undefined,
  ): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** One file to open, or undefined when dismissed. */
  openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri | undefined>;
  /** A notification with buttons; the chosen button's action runs. Never awaited: the command goes on. */
  notify(level: MessageLevel, message: string, ...actions: Action[]): void;
  /** A short-lived status bar message. */
  status(message: string): void;
  copy(text: string, what: string): Promise<void>;
  /** Runs `task` under a progress indicator; with `cancel`, it has a Cancel button that calls it. */
  progress<T>(options: ProgressOptions, task: (report: ProgressReport) => Promise<T>, cancel?: () => void): Promise<T>;
}

function location(where: ProgressOptions['where']): vscode.ProgressLocation | { viewId: string } {
  if (where === 'window') return vscode.ProgressLocation.Window;
  if (where === undefined || where === 'notification') return vscode.ProgressLocation.Notification;
  return { viewId: where.viewId };
}

const SHOW = {
  info: vscode.window.showInformationMessage,
  warning: vscode.window.showWarningMessage,
  error: vscode.window.showErrorMessage,
} as const;

/** Waits for a quick pick that offers the typed value as an item when `typed` makes one of it. */
function quickPickOrType<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: PickOptions,
  typed: (value: string) => T | undefined,
): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  Object.assign(qp, { title: options.title, placeholder: options.placeHolder, items });
  qp.matchOnDescription = options.matchOnDescription ?? false;
  qp.onDidChangeValue((v) => {
    const extra = typed(v.trim());
    qp.items = extra ? [extra, ...items] : items;
  });
  return new Promise<T | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** The prompts of VS Code itself. */
export const vscodePrompts: Prompts = {
  async confirm(message, verb, detail) {
    const choice = await vscode.window.showWarningMessage(
      message,
      { modal: true, ...(detail ? { detail } : {}) },
      verb,
    );
    return choice === verb;
  },
  async confirmByTyping(prompt, expected, title) {
    const typed = await vscode.window.showInputBox({
      ...(title ? { title } : {}),
      prompt,
      placeHolder: expected,
      ignoreFocusOut: true,
      validateInput: (v) => (v === '' || v === expected ? undefined : `Type ${expected} exactly`),
    });
    return typed === expected;
  },
  pick: async (items, options) => vscode.window.showQuickPick([...items], options),
  pickOrType: quickPickOrType,
  input: async (o) =>
    vscode.window.showInputBox({
      ...(o.title ? { title: o.title } : {}),
      prompt: o.prompt,
      ...(o.placeHolder ? { placeHolder: o.placeHolder } : {}),
      ...(o.value !== undefined ? { value: o.value } : {}),
      ...(o.password ? { password: true } : {}),
      ignoreFocusOut: true,
      ...(o.validate ? { validateInput: o.validate } : {}),
    }),
  saveDialog: async (options) => vscode.window.showSaveDialog(options),
  openDialog: async (options) => (await vscode.window.showOpenDialog({ ...options, canSelectMany: false }))?.[0],
  notify(level, message, ...actions) {
    void SHOW[level](message, ...actions.map((a) => a.label)).then((choice) =>
      actions.find((a) => a.label === choice)?.run(),
    );
  },
  status(message) {
    vscode.window.setStatusBarMessage(message, 4000);
  },
  async copy(text, what) {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${what}: ${text}`, 4000);
  },
  progress: async (options, task, cancel) =>
    vscode.window.withProgress(
      { location: location(options.where), title: options.title, cancellable: cancel !== undefined },
      (progress, token) => {
        if (cancel) token.onCancellationRequested(cancel);
        return task({ report: (message, increment) => progress.report({ message, increment }) });
      },
    ),
};

function pickedOptions(o: PickOptions): PickOptions {
  return {
    ...o,
    title: redact(o.title),
    ...(o.placeHolder !== undefined ? { placeHolder: redact(o.placeHolder) } : {}),
  };
}

/** A pick of redacted items that answers with the caller's own item. */
async function redactedPick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  ask: (shown: readonly T[]) => Promise<T | undefined>,
): Promise<T | undefined> {
  const { shown, original } = shownItems(items);
  return original(await ask(shown));
}

/** The same prompts with every text that leaves redacted: what the Runtime hands to features. */
export function redacting(p: Prompts): Prompts {
  const r = (s: string | undefined) => (s === undefined ? undefined : redact(s));
  return {
    confirm: (message, verb, detail) => p.confirm(redact(message), verb, r(detail)),
    confirmByTyping: (prompt, expected, title) => p.confirmByTyping(redact(prompt), expected, r(title)),
    pick: (items, options) => redactedPick(items, (shown) => p.pick(shown, pickedOptions(options))),
    pickOrType: (items, options, typed) =>
      redactedPick(items, (shown) => p.pickOrType(shown, pickedOptions(options), typed)),
    input: (o) => p.input({ ...o, prompt: redact(o.prompt) }),
    saveDialog: (o) => p.saveDialog(o),
    openDialog: (o) => p.openDialog(o),
    notify: (level, message, ...actions) => p.notify(level, redact(message), ...actions),
    status: (message) => p.status(redact(message)),
    copy: (text, what) => p.copy(redact(text), what),
    progress: (options, task, cancel) =>
      p.progress(
        { ...options, title: redact(options.title) },
        (report) => task({ report: (m, i) => report.report(redact(m), i) }),
        cancel,
      ),
  };
}

/** Prompts whose methods come from `override` where it has them, else from `base`. */
export function layered(base: Prompts, override: Partial<Prompts>): Prompts {
  const out = { ...base } as Record<keyof Prompts, unknown>;
  for (const [k, fn] of Object.entries(override))
    if (typeof fn === 'function') out[k as keyof Prompts] = fn.bind(override);
  return out as unknown as Prompts;
}

/**
 * The Runtime's prompts: VS Code's, or a test double put in front of them with use(); redacted either way, so a
 * test sees exactly what a user would.
 */
export class SwappablePrompts {
  private current: Prompts = vscodePrompts;
  readonly prompts: Prompts = redacting(forwarding(() => this.current));

  /** Answers with `fake` where it has a method, VS Code elsewhere; returns the function that undoes it. */
  use(fake: Partial<Prompts>): () => void {
    const before = this.current;
    this.current = layered(vscodePrompts, fake);
    return () => {
      this.current = before;
    };
  }
}

function forwarding(target: () => Prompts): Prompts {
  const names: Array<keyof Prompts> = [
    'confirm',
    'confirmByTyping',
    'pick',
    'pickOrType',
    'input',
    'saveDialog',
    'openDialog',
    'notify',
    'status',
    'copy',
    'progress',
  ];
  return Object.fromEntries(
    names.map((n) => [n, (...args: unknown[]) => (target()[n] as (...a: unknown[]) => unknown)(...args)]),
  ) as unknown as Prompts;
}
