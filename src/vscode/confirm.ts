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

/** Test-only: answers the typed-name inputs of protected stages (returns what the user would type). */
let testTyped: ((prompt: string, expected: string) => string | undefined) | undefined;

export function setTestTypedNames(answer: ((prompt: string, expected: string) => string | undefined) | undefined): void {
  testTyped = answer;
}

/**
 * An input box asking for `name` to be typed (a protected stage): resolves true only for exactly that name, false
 * when it is dismissed. The box accepts nothing else, so a typo cannot confirm.
 */
export async function confirmTypedName(name: string, prompt: string, title: string): Promise<boolean> {
  if (testTyped) return testTyped(prompt, name) === name;
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (v) => (v === name ? undefined : { message: `Type ${name} exactly to confirm (Escape cancels).`, severity: vscode.InputBoxValidationSeverity.Info }),
  });
  return typed === name;
}
