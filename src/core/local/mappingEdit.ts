// The quick fix's edit of a mapping file (docs/LOCAL.md#the-mapping-file): one function added under `functions`,
// leaving the rest of the file as the user wrote it. Pure text: YAML gets an entry inserted, JSON is rewritten.

export interface TextInsert {
  /** Where to insert, as an offset into the text; `replace` true: the whole text is replaced. */
  offset: number;
  text: string;
  replace?: boolean;
}

/** `src/orders.ts#handler` → a YAML scalar (quoted when YAML would read it as something else). */
function yamlScalar(v: string): string {
  return /^[\w./@-][\w./@#-]*$/.test(v) ? v : JSON.stringify(v);
}

/** The edit that adds `functions.NAME.handler` to a mapping file's text (YAML, or JSON when `json`). */
export function addFunctionMapping(text: string, name: string, handler: string, json = false): TextInsert {
  if (json) {
    const doc = text.trim() === '' ? {} : (JSON.parse(text) as { functions?: Record<string, unknown> });
    doc.functions = { ...doc.functions, [name]: { handler } };
    return { offset: 0, text: `${JSON.stringify(doc, null, 2)}\n`, replace: true };
  }
  const key = /^[\w.-]+$/.test(name) ? name : JSON.stringify(name);
  const entry = (indent: string) => `${indent}${key}:\n${indent}  handler: ${yamlScalar(handler)}\n`;
  const functions = /^functions:[ \t]*(#.*)?$/m.exec(text);
  if (!functions) {
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return { offset: text.length, text: `${sep}functions:\n${entry('  ')}` };
  }
  const lineEnd = text.indexOf('\n', functions.index);
  if (lineEnd < 0) return { offset: text.length, text: `\n${entry('  ')}` };
  // The entries' indentation, from the first one under `functions:` (two spaces when there is none).
  const next = /^([ \t]+)\S/m.exec(text.slice(lineEnd + 1));
  const indent = next && next.index === 0 ? next[1]! : '  ';
  return { offset: lineEnd + 1, text: entry(indent) };
}
