// Text edits that quick fixes and rename need, written the way the document is written: JSON with its indentation,
// YAML in block style. They work on any spec the parser accepted, however it is formatted.
import type { JsonPath, TextEdit } from './diagnostics';
import { inFlowCollection, isFlowCollection, propertyOf, type AstNode, type AstProperty } from './ast';
import type { SpecDocument } from './document';
import { scalarText } from './scalars';

/**
 * The start of the line holding `offset`. Scans back to the previous line break only: two lastIndexOf() calls (one
 * per break character) would each run to the start of a text without that character, on every call.
 */
export function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** The text after the edits (applied from the last, so each offset is still the original text's). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** End of the line holding `offset`, past its line break. */
function nextLineStart(text: string, offset: number): number {
  let i = lineEnd(text, offset);
  if (text[i] === '\r') i++;
  if (text[i] === '\n') i++;
  return i;
}

function onlyWhitespaceBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

function indentOf(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset), offset))![0];
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The document's indentation unit: the indent of the first nested key, else two spaces. */
function indentUnit(doc: SpecDocument): string {
  const first = doc.root?.properties?.find((p) => onlyWhitespaceBefore(doc.text, p.keyOffset));
  if (doc.format === 'yaml') {
    for (const p of doc.root?.properties ?? []) {
      const child = p.value?.properties?.[0];
      if (child && onlyWhitespaceBefore(doc.text, child.keyOffset)) {
        const diff = indentOf(doc.text, child.keyOffset).length - indentOf(doc.text, p.keyOffset).length;
        if (diff > 0) return ' '.repeat(diff);
      }
    }
    return '  ';
  }
  const ind = first ? indentOf(doc.text, first.keyOffset) : '';
  return ind.length ? ind : '  ';
}

function keyText(doc: SpecDocument, key: string): string {
  return doc.format === 'yaml' ? scalarText(doc, key, false) : JSON.stringify(key);
}

/** YAML block lines for a value placed under a key at `indent` (returns the text after `key:`). */
function yamlValue(doc: SpecDocument, value: unknown, indent: string, unit: string, nl: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    // Items that are collections are written in flow style (JSON is valid YAML): stubs only hold simple lists.
    return value
      .map((v) => `${nl}${indent}${unit}- ${typeof v === 'string' ? scalarText(doc, v, false) : JSON.stringify(v)}`)
      .join('');
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries
      .map(([k, v]) => `${nl}${indent}${unit}${keyText(doc, k)}:${yamlValue(doc, v, indent + unit, unit, nl)}`)
      .join('');
  }
  if (typeof value === 'string') return ` ${scalarText(doc, value, false)}`;
  return ` ${String(value)}`;
}

/** JSON text for a value placed at `indent`. */
function jsonValue(value: unknown, indent: string, unit: string, nl: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`${nl}${indent}`);
}

/** What every insertion needs: the document, its line break and indentation unit, and the entry to add. */
interface Insertion {
  doc: SpecDocument;
  text: string;
  nl: string;
  unit: string;
  section: string;
  name: string;
  body: unknown;
}

/**
 * Adds `name: body` to the top-level map `section` (creating the section when it is missing), after its last
 * entry, in the document's own style.
 */
export function insertEntry(doc: SpecDocument, section: string, name: string, body: unknown): TextEdit[] {
  const root = doc.root;
  const ins: Insertion = { doc, text: doc.text, nl: eol(doc.text), unit: indentUnit(doc), section, name, body };
  // A YAML document that holds no value yet (nothing, blanks, comments) gets the section at its end.
  if (!root)
    return doc.format === 'yaml' && !doc.syntaxProblems.some((p) => p.severity === 'error')
      ? insertYaml(ins, undefined)
      : [];
  if (root.kind !== 'object') return [];
  const sectionProp = propertyOf(root, section);
  if (doc.format === 'yaml') return insertYaml(ins, sectionProp);
  if (sectionProp?.value?.kind === 'object')
    return insertJsonInSection(ins, indentOf(doc.text, sectionProp.keyOffset), sectionProp.value);
  if (sectionProp) return [];
  return insertJsonSection(ins, root);
}

/**
 * Adds `name: body` to the object at `path` (`[]`: the top level, where it goes first), after its last property, in
 * the document's own style: for a missing required property. Nothing when there is no such object.
 */
export function insertProperty(doc: SpecDocument, path: JsonPath, name: string, body: unknown): TextEdit[] {
  const ins: Insertion = { doc, text: doc.text, nl: eol(doc.text), unit: indentUnit(doc), section: '', name, body };
  if (path.length === 0) return doc.root?.kind === 'object' ? prependToTopLevel(ins, doc.root) : [];
  if (typeof path[path.length - 1] === 'number') return insertIntoItem(ins, doc.nodeAt(path));
  const prop = doc.propertyAt(path);
  if (!prop || (prop.value && prop.value.kind !== 'object' && prop.value.kind !== 'null')) return [];
  if (doc.format === 'yaml' && prop.value?.kind === 'object' && !prop.value.properties?.length)
    return fillEmptyYamlMapping(ins, prop, prop.value);
  if (doc.format === 'yaml') return insertYaml(ins, prop);
  return prop.value?.kind === 'object' ? insertJsonInSection(ins, indentOf(doc.text, prop.keyOffset), prop.value) : [];
}

/**
 * Gives the property at `path`, whose value is null or missing (`jwt:`), the value `value`, in the document's style:
 * for an object that must be filled in. Nothing when the property has another value.
 */
export function fillNullValue(doc: SpecDocument, path: JsonPath, value: unknown): TextEdit[] {
  const prop = typeof path[path.length - 1] === 'string' ? doc.propertyAt(path) : undefined;
  if (!prop || (prop.value && prop.value.kind !== 'null')) return [];
  const text = doc.text;
  const v = prop.value;
  if (doc.format === 'json')
    return v
      ? [
          {
            offset: v.offset,
            length: v.length,
            newText: jsonValue(value, indentOf(text, prop.keyOffset), indentUnit(doc), eol(text)),
          },
        ]
      : [];
  if (inFlowCollection(text, doc.root, prop.keyOffset))
    return v && v.length ? [{ offset: v.offset, length: v.length, newText: JSON.stringify(value) }] : [];
  const written = yamlValue(doc, value, indentOf(text, prop.keyOffset), indentUnit(doc), eol(text));
  // A block (it starts on the next line) goes after the key's line, so a comment there stays; `null` or `~` goes.
  const at = lineEnd(text, prop.keyOffset + prop.keyLength);
  const colonEnd = text.indexOf(':', prop.keyOffset + prop.keyLength) + 1;
  if (/^\r?\n/.test(written))
    return [
      ...(v && v.length ? [{ offset: colonEnd, length: v.offset + v.length - colonEnd, newText: '' }] : []),
      { offset: at, length: 0, newText: written },
    ];
  return v && v.length ? [{ offset: v.offset, length: v.length, newText: written.trimStart() }] : [];
}

/**
 * `key: {}`: inside a flow collection the `{}` takes the entry in flow style (a block there is not YAML); elsewhere
 * the entry goes on the next line, as a section's first.
 */
function fillEmptyYamlMapping(ins: Insertion, prop: AstProperty, v: AstNode): TextEdit[] {
  if (!inFlowCollection(ins.text, ins.doc.root, prop.keyOffset)) return fillYamlSection(ins, prop);
  return flowMappingInPlace(ins, v);
}

/** An empty flow mapping `{}` rewritten to hold the entry. */
function flowMappingInPlace(ins: Insertion, v: AstNode): TextEdit[] {
  return [
    { offset: v.offset, length: v.length, newText: `{ ${JSON.stringify(ins.name)}: ${JSON.stringify(ins.body)} }` },
  ];
}

/** An array's item that is a mapping (a domain's mapping): after its last property, or into its `{}`. */
function insertIntoItem(ins: Insertion, item: AstNode | undefined): TextEdit[] {
  if (item?.kind !== 'object') return [];
  if (ins.doc.format === 'json') return insertJsonInSection(ins, indentOf(ins.text, item.offset), item);
  if (!item.properties?.length) return isFlowCollection(ins.text, item) ? flowMappingInPlace(ins, item) : [];
  return appendToBlockMapping(ins, item) ?? appendToFlowMapping(ins, item);
}

/** A top-level property goes first (`version`, `api`), on its own line when the first one is on its own. */
function prependToTopLevel(ins: Insertion, root: AstNode): TextEdit[] {
  const { doc, text, nl, unit, name, body } = ins;
  const first = root.properties?.[0];
  if (!first) return doc.format === 'json' ? insertJsonInSection(ins, '', root) : [];
  const ownLine = onlyWhitespaceBefore(text, first.keyOffset);
  const indent = ownLine ? indentOf(text, first.keyOffset) : '';
  const at = ownLine ? lineStart(text, first.keyOffset) : first.offset;
  const newText =
    doc.format === 'yaml'
      ? `${indent}${keyText(doc, name)}:${yamlValue(doc, body, indent, unit, nl)}${ownLine ? nl : ', '}`
      : `${indent}${JSON.stringify(name)}: ${jsonValue(body, indent, unit, nl)},${ownLine ? nl : ' '}`;
  return [{ offset: at, length: 0, newText }];
}

/**
 * The indentation of a block mapping's keys, from its first key: the spaces before it, or as many as the columns of
 * the `- ` that open the array's item it starts. Undefined when something else precedes it on its line.
 */
function blockKeyIndent(text: string, keyOffset: number): string | undefined {
  const start = lineStart(text, keyOffset);
  return /^[ \t]*(?:-[ \t]+)*$/.test(text.slice(start, keyOffset)) ? ' '.repeat(keyOffset - start) : undefined;
}

/** A flow mapping: JSON is valid YAML flow syntax, so the entry goes after its last one in that style. */
function appendToFlowMapping(ins: Insertion, v: AstNode): TextEdit[] {
  const props = v.properties ?? [];
  const last = props[props.length - 1];
  if (!last) return [];
  return [
    {
      offset: last.offset + last.length,
      length: 0,
      newText: `, ${JSON.stringify(ins.name)}: ${JSON.stringify(ins.body)}`,
    },
  ];
}

/** A block mapping with entries: a line after its last entry, at its entries' indentation. */
function appendToBlockMapping(ins: Insertion, v: AstNode): TextEdit[] | undefined {
  const { doc, text, nl, unit, name, body } = ins;
  const props = v.properties ?? [];
  const indent = props.length && !isFlowCollection(text, v) ? blockKeyIndent(text, props[0]!.keyOffset) : undefined;
  if (indent === undefined) return undefined;
  const last = props[props.length - 1]!;
  const at = lineEnd(text, last.offset + last.length);
  return [
    {
      offset: at,
      length: 0,
      newText: `${nl}${indent}${keyText(doc, name)}:${yamlValue(doc, body, indent, unit, nl)}`,
    },
  ];
}

function insertYaml(ins: Insertion, sectionProp: AstProperty | undefined): TextEdit[] {
  const { doc, text, nl, unit, name, body } = ins;
  const v = sectionProp?.value;
  const appended = v?.kind === 'object' ? appendToBlockMapping(ins, v) : undefined;
  if (appended) return appended;
  if (sectionProp && (!v || v.kind === 'null' || (v.kind === 'object' && v.properties!.length === 0)))
    return fillYamlSection(ins, sectionProp);
  if (sectionProp) return appendToFlowMapping(ins, v!);
  const end = text.length;
  const lead = end > 0 && !/[\r\n]$/.test(text) ? nl : '';
  return [
    {
      offset: end,
      length: 0,
      newText: `${lead}${keyText(doc, ins.section)}:${nl}${unit}${keyText(doc, name)}:${yamlValue(doc, body, unit, unit, nl)}${nl}`,
    },
  ];
}

/** `section:` with nothing (or `{}`) after it: the entry goes on the next line, one unit in. */
function fillYamlSection(ins: Insertion, sectionProp: AstProperty): TextEdit[] {
  const { doc, text, nl, unit, name, body } = ins;
  const indent = indentOf(text, sectionProp.keyOffset);
  const from = sectionProp.keyOffset + sectionProp.keyLength;
  const v = sectionProp.value;
  const to = v && v.kind === 'object' ? v.offset + v.length : lineEnd(text, from);
  return [
    {
      offset: from,
      length: to - from,
      newText: `:${nl}${indent}${unit}${keyText(doc, name)}:${yamlValue(doc, body, indent + unit, unit, nl)}`,
    },
  ];
}

/** Into a JSON object whose key (or the top level's start) is indented by `sectionIndent`. */
function insertJsonInSection(ins: Insertion, sectionIndent: string, obj: AstNode): TextEdit[] {
  const { text, nl, unit, name, body } = ins;
  const props = obj.properties!;
  if (props.length > 0) {
    const last = props[props.length - 1]!;
    // An object written on one line stays on one.
    if (!onlyWhitespaceBefore(text, last.keyOffset) && !text.slice(obj.offset, last.keyOffset).includes('\n'))
      return [
        { offset: last.offset + last.length, length: 0, newText: `, ${JSON.stringify(name)}: ${JSON.stringify(body)}` },
      ];
    const indent = onlyWhitespaceBefore(text, last.keyOffset) ? indentOf(text, last.keyOffset) : sectionIndent + unit;
    return [
      {
        offset: last.offset + last.length,
        length: 0,
        newText: `,${nl}${indent}${JSON.stringify(name)}: ${jsonValue(body, indent, unit, nl)}`,
      },
    ];
  }
  const indent = sectionIndent + unit;
  return [
    {
      offset: obj.offset + 1,
      length: Math.max(0, obj.length - 2),
      newText: `${nl}${indent}${JSON.stringify(name)}: ${jsonValue(body, indent, unit, nl)}${nl}${sectionIndent}`,
    },
  ];
}

/** No such section yet: it is added at the end of the top-level object, with the entry in it. */
function insertJsonSection(ins: Insertion, root: AstNode): TextEdit[] {
  const { nl, unit } = ins;
  const props = root.properties!;
  const last = props[props.length - 1];
  const entry = jsonValue({ [ins.name]: ins.body }, unit, unit, nl);
  if (!last)
    return [
      {
        offset: root.offset + 1,
        length: Math.max(0, root.length - 2),
        newText: `${nl}${unit}${JSON.stringify(ins.section)}: ${entry}${nl}`,
      },
    ];
  return [
    { offset: last.offset + last.length, length: 0, newText: `,${nl}${unit}${JSON.stringify(ins.section)}: ${entry}` },
  ];
}

/** Removes the entry `name` from the object `parent` (with its comma in JSON, its lines in YAML). */
export function removeEntry(
  doc: SpecDocument,
  parent: AstNode,
  name: string,
  parentProperty?: AstProperty,
): TextEdit[] {
  const props = parent.properties ?? [];
  const i = props.findIndex((p) => p.key === name);
  if (i < 0) return [];
  const p = props[i]!;
  const next = props[i + 1];
  const prev = props[i - 1];
  const text = doc.text;
  if (doc.format === 'yaml') {
    // A flow mapping may put each entry on a line of its own, and its `}` on another.
    const flow = isFlowCollection(text, parent);
    if (!next && !prev && parentProperty && onlyWhitespaceBefore(text, parentProperty.keyOffset)) {
      // Leaving `section:` empty would make it null: remove the section.
      const start = lineStart(text, parentProperty.keyOffset);
      const end = flow ? parent.offset + parent.length : p.offset + p.length;
      return [{ offset: start, length: nextLineStart(text, end) - start, newText: '' }];
    }
    if (!flow && onlyWhitespaceBefore(text, p.keyOffset)) {
      const start = lineStart(text, p.keyOffset);
      const end = next ? lineStart(text, next.keyOffset) : nextLineStart(text, p.offset + p.length);
      return [{ offset: start, length: end - start, newText: '' }];
    }
    // Flow style.
    if (next) return [{ offset: p.offset, length: next.offset - p.offset, newText: '' }];
    if (prev)
      return [
        { offset: prev.offset + prev.length, length: p.offset + p.length - prev.offset - prev.length, newText: '' },
      ];
    return [{ offset: p.offset, length: p.length, newText: '' }];
  }
  if (next) {
    const start =
      onlyWhitespaceBefore(text, p.offset) && onlyWhitespaceBefore(text, next.offset)
        ? lineStart(text, p.offset)
        : p.offset;
    const end = start === p.offset ? next.offset : lineStart(text, next.offset);
    return [{ offset: start, length: end - start, newText: '' }];
  }
  if (prev)
    return [
      { offset: prev.offset + prev.length, length: p.offset + p.length - prev.offset - prev.length, newText: '' },
    ];
  const start = onlyWhitespaceBefore(text, p.offset) ? lineStart(text, p.offset) : p.offset;
  const end = start === p.offset ? p.offset + p.length : lineEnd(text, p.offset + p.length);
  return [{ offset: start, length: end - start, newText: '' }];
}

/**
 * Removes item `index` of the array `list`, which has an item before it: in block YAML its `- ` line (to the next
 * item's line); in a flow list or JSON the item and the separator after it, or, for the last, the one before it.
 * Undefined for a block item that does not start its own `- ` line.
 */
export function removeLaterItem(doc: SpecDocument, list: AstNode, index: number): TextEdit[] | undefined {
  const items = list.items ?? [];
  const item = items[index];
  const prev = items[index - 1];
  if (!item || !prev) return undefined;
  const text = doc.text;
  const end = item.offset + item.length;
  const next = items[index + 1];
  if (doc.format === 'yaml' && !isFlowCollection(text, list)) {
    const start = lineStart(text, item.offset);
    if (!/^[ \t]*-[ \t]+$/.test(text.slice(start, item.offset))) return undefined;
    const stop = next ? lineStart(text, next.offset) : nextLineStart(text, end);
    return [{ offset: start, length: stop - start, newText: '' }];
  }
  if (next) return [{ offset: item.offset, length: next.offset - item.offset, newText: '' }];
  return removeLastFlowItem(text, prev, item);
}

/**
 * The last item of a flow list or JSON array and the comma before it. On a line of its own (with perhaps a comment
 * after it), the line goes and the comment after the comma stays with the item before.
 */
function removeLastFlowItem(text: string, prev: AstNode, item: AstNode): TextEdit[] {
  const prevEnd = prev.offset + prev.length;
  const end = item.offset + item.length;
  const comma = /^[ \t]*,/.exec(text.slice(prevEnd, item.offset));
  const ownLine =
    onlyWhitespaceBefore(text, item.offset) && /^[ \t]*((\/\/|#).*)?$/.test(text.slice(end, lineEnd(text, end)));
  if (!comma || !ownLine) return [{ offset: prevEnd, length: end - prevEnd, newText: '' }];
  const start = lineStart(text, item.offset);
  return [
    { offset: prevEnd + comma[0].length - 1, length: 1, newText: '' },
    { offset: start, length: nextLineStart(text, end) - start, newText: '' },
  ];
}

/** Rewrites a key or string value in place, keeping its quoting style where the new text allows it. */
export function replaceString(
  doc: SpecDocument,
  offset: number,
  length: number,
  quoted: boolean,
  newValue: string,
): TextEdit {
  return { offset, length, newText: scalarText(doc, newValue, quoted, offset) };
}
