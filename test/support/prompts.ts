// A test double for the extension's prompts (src/vscode/capabilities/prompts.ts): records every modal, typed
// confirmation, message, status text and copied text as the user would have seen it (redacted: the Runtime redacts
// before its prompts), and answers them by rule. Whatever it does not answer goes to VS Code's own prompts.
import type { QuickPickItem } from 'vscode';
import type { Action, InputOptions, MessageLevel, PickOptions, Prompts } from '../../src/vscode/capabilities/prompts';

export interface Shown {
  kind: 'confirm' | 'typed' | 'notify' | 'pick' | 'status' | 'copy';
  /** The message, the prompt, the pick's title, or the copied text. */
  text: string;
  /** The verb button, or the name to type. */
  verb?: string;
  detail?: string;
  level?: MessageLevel;
  /** A message's buttons; run() chooses one. */
  actions?: Action[];
}

export interface Answers {
  /** Modals (with their verb) and typed names (with the name to type): true to go on. Default: no. */
  confirm?: (message: string, verb: string) => boolean;
  /** Picks (and pick-or-type): the item to choose, or undefined to dismiss. Without it, VS Code's own quick pick shows. */
  pick?: (items: readonly QuickPickItem[], options: PickOptions) => QuickPickItem | undefined;
  /** Input boxes (a token, a connection id): the value to enter, or undefined to dismiss. Without it, VS Code's own. */
  input?: (options: InputOptions) => string | undefined;
}

export class FakePrompts {
  readonly shown: Shown[] = [];
  readonly confirm: Prompts['confirm'];
  readonly confirmByTyping: Prompts['confirmByTyping'];
  readonly notify: Prompts['notify'];
  readonly status: Prompts['status'];
  readonly copy: Prompts['copy'];
  readonly pick?: Prompts['pick'];
  readonly pickOrType?: Prompts['pickOrType'];
  readonly input?: Prompts['input'];
  /** The input boxes asked (with whether they hid the text), oldest first. */
  readonly inputs: InputOptions[] = [];

  constructor(answers: Answers = {}) {
    this.confirm = async (text, verb, detail) => {
      this.shown.push({ kind: 'confirm', text, verb, ...(detail ? { detail } : {}) });
      return answers.confirm?.(text, verb) ?? false;
    };
    this.confirmByTyping = async (text, expected) => {
      this.shown.push({ kind: 'typed', text, verb: expected });
      return answers.confirm?.(text, expected) ?? false;
    };
    this.notify = (level, text, ...actions) => {
      this.shown.push({ kind: 'notify', level, text, actions });
    };
    this.status = (text) => {
      this.shown.push({ kind: 'status', text });
    };
    this.copy = async (text) => {
      this.shown.push({ kind: 'copy', text });
    };
    const pick = answers.pick;
    if (pick) {
      this.pick = async <T extends QuickPickItem>(items: readonly T[], options: PickOptions) => {
        this.shown.push({ kind: 'pick', text: options.title });
        return pick(items, options) as T | undefined;
      };
      this.pickOrType = (items, options) => this.pick!(items, options);
    }
    const input = answers.input;
    if (input)
      this.input = async (o) => {
        this.inputs.push(o);
        return input(o);
      };
  }

  /** The messages shown (optionally of one level), oldest first. */
  messages(level?: MessageLevel): Shown[] {
    return this.shown.filter((s) => s.kind === 'notify' && (level === undefined || s.level === level));
  }

  /** The modals and typed names asked, as [message, verb] pairs. */
  asked(): Array<[string, string]> {
    return this.shown.filter((s) => s.kind === 'confirm' || s.kind === 'typed').map((s) => [s.text, s.verb ?? '']);
  }
}

/** Prompts that answer modals and typed names with `answer` (and record them); everything else as VS Code does. */
export function confirmations(answer: (message: string, verb: string) => boolean): FakePrompts {
  return new FakePrompts({ confirm: answer });
}
