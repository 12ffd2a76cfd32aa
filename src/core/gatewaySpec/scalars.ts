// How a string value or key is written into a spec's text: as JSON in JSON, plain in YAML where a plain scalar keeps
// its meaning (quoted otherwise). The quick fixes, renames, completion and the spec edits write through it.
import { inFlowCollection } from './ast';
import type { SpecDocument } from './document';

/**
 * How a string is written in this document's format; `at`, where it goes: inside a YAML flow collection a plain
 * scalar cannot hold `, [ ] { }` (a route key's `{id}`), so there it is quoted.
 */
export function scalarText(doc: SpecDocument, value: string, quoted: boolean, at?: number): string {
  if (doc.format !== 'yaml') return JSON.stringify(value);
  if (!quoted && isPlainYamlSafe(value, at !== undefined && inFlowCollection(doc.text, doc.root, at))) return value;
  return JSON.stringify(value);
}

/**
 * Strings a YAML plain scalar can hold without changing meaning (conservative); `inFlow`: inside a flow collection,
 * where `, [ ] { }` end it.
 */
export function isPlainYamlSafe(value: string, inFlow = false): boolean {
  if (value === '' || /^[\s]|[\s]$/.test(value)) return false;
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  // Indicator characters cannot start a plain scalar; `-x` can (a dash not followed by a space).
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return /^-[^\s-]/.test(value) && !/^-?\d/.test(value);
  if (/: |\s#|[\n\r\t]/.test(value) || value.endsWith(':')) return false;
  if (/^(true|false|null|~|yes|no|on|off|y|n)$/i.test(value)) return false;
  if (
    /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value) ||
    /^0[xob]/i.test(value) ||
    /^[-+]?\.(inf|nan)$/i.test(value)
  )
    return false;
  return true;
}
