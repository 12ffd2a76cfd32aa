import * as vscode from 'vscode';

/**
 * Test-only: answers modal confirmations without a dialog. Set through `WorkbenchApi.testing` by the extension-host
 * tests and the bench; never set in normal use, so every destructive action asks the user.
 */
let testAnswer: ((message: string, verb: string) => boolean) | undefined;

export function setTestConfirmations(answer: ((message: string, verb: string) => boolean) | undefined): void {
  testAnswer = answer;
}

/**
 * A modal that names the target and offers one verb button ("Delete stage prod"), never a bare OK. Resolves true only
 * when that button is chosen.
 */
export async function confirmModal(message: string, verb: string, detail?: string): Promise<boolean> {
  if (testAnswer) return testAnswer(message, verb);
  const choice = await vscode.window.showWarningMessage(message, { modal: true, ...(detail ? { detail } : {}) }, verb);
  return choice === verb;
}

/**
 * Asks for a name to be typed (a protected stage): resolves true only when exactly `expected` is entered. Answered by
 * the same test-only hook as the modals (the `verb` it receives is `expected`).
 */
export async function confirmByTyping(prompt: string, expected: string, title?: string): Promise<boolean> {
  if (testAnswer) return testAnswer(prompt, expected);
  const typed = await vscode.window.showInputBox({
    ...(title ? { title } : {}),
    prompt,
    placeHolder: expected,
    ignoreFocusOut: true,
    validateInput: (v) => (v === '' || v === expected ? undefined : `Type ${expected} exactly`),
  });
  return typed === expected;
}
