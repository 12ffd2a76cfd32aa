// The quick fix's edit of a mapping file (docs/LOCAL.md#the-mapping-file): one function added under `functions`,
// leaving the rest of the file as the user wrote it. The file is read by the spec's front end (its limits included)
// and edited as the spec's own quick fixes edit a spec (gatewaySpec/edits.ts): block or flow YAML, JSON with its
// indentation, an empty `functions:`, a file with no `functions` yet, an empty file.
import type { TextEdit } from '../gatewaySpec/diagnostics';
import { applyEdits, insertEntry } from '../gatewaySpec/edits';
import { openSpec } from '../gatewaySpec/input';

/**
 * The edits that add `functions.NAME` to a mapping file's text (YAML, or JSON when `json`): a handler path, or a
 * whole entry (a FunctionMapping read from a SAM template; the type is not imported: handlers.ts imports this
 * module). None when the text does not parse or its top level or `functions` is not a mapping (parseMapping says
 * why).
 */
export function addFunctionMapping(text: string, name: string, entry: string | object, json = false): TextEdit[] {
  // A blank JSON file (which parseMapping reads as empty) becomes the object with the entry.
  if (json && text.trim() === '') {
    const object = applyEdits('{}', addFunctionMapping('{}', name, entry, true));
    return [{ offset: 0, length: text.length, newText: `${object}\n` }];
  }
  const doc = openSpec(text, { format: json ? 'json' : 'yaml' });
  if (doc.syntaxProblems.some((p) => p.severity === 'error')) return [];
  return insertEntry(doc, 'functions', name, typeof entry === 'string' ? { handler: entry } : entry);
}
