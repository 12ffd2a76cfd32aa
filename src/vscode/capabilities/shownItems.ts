// A picker's items as they are shown: their label, description and detail redacted like every other text that
// leaves through the Runtime's prompts (an endpoint URL with a password in a profile's row), while the caller gets
// back the very item it passed, with its fields as they were. Only items with something to redact are copied.
import type * as vscode from 'vscode';
import { redact } from '../../core/redact';

export interface ShownItems<T> {
  /** The items to show: the caller's own where nothing changed, redacted copies elsewhere. */
  readonly shown: T[];
  /** The caller's item for a shown one (an item made of typed text is its own). */
  original(item: T | undefined): T | undefined;
}

function redactedCopy<T extends vscode.QuickPickItem>(item: T): T | undefined {
  const label = redact(item.label);
  const description = item.description === undefined ? undefined : redact(item.description);
  const detail = item.detail === undefined ? undefined : redact(item.detail);
  if (label === item.label && description === item.description && detail === item.detail) return undefined;
  return {
    ...item,
    label,
    ...(description !== undefined ? { description } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

export function shownItems<T extends vscode.QuickPickItem>(items: readonly T[]): ShownItems<T> {
  const originals = new Map<T, T>();
  const shown = items.map((item) => {
    const copy = redactedCopy(item);
    if (!copy) return item;
    originals.set(copy, item);
    return copy;
  });
  return { shown, original: (item) => (item === undefined ? undefined : (originals.get(item) ?? item)) };
}
