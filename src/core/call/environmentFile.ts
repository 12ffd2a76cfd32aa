// A JetBrains environment file (`http-client.env.json`, `http-client.private.env.json`) read as ./environments.ts
// takes it. Apart from that module because it loads jsonc-parser: the editor's activation bundle imports
// environments.ts, while files are read by this module built as a lazy bundle of its own (dist/call-env.js, loaded
// by src/vscode/call/environments.ts on the first completion, hover or Send that reads an environment).
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { WorkbenchError } from '../errors';
import { isRecord, REST_CLIENT_SETTING } from './environments';

/**
 * A JetBrains environment file's text as JSON (comments and trailing commas allowed); `source` names it in the error.
 * An empty file defines nothing. Not JSON, or not an object of environments, is refused: sending with half an
 * environment would call the wrong place.
 */
export function parseEnvironmentFile(text: string, source: string): unknown {
  return jsonObject(text, source, {
    what: 'a JSON object of environments',
    hint: 'An environment file is one JSON object: {"dev": {"host": "…"}, "prod": {…}}.',
  });
}

/** A JSON-with-comments text that must be one object (an empty text is an empty one), or the error naming `source`. */
function jsonObject(text: string, source: string, o: { what: string; hint: string }): Record<string, unknown> {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = parse(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true });
  if (errors.length)
    throw new WorkbenchError(
      'InvalidArgument',
      `${source} is not JSON: ${printParseErrorCode(errors[0]!.error)} at character ${errors[0]!.offset + 1}.`,
      { hint: o.hint },
    );
  if (!isRecord(value)) throw new WorkbenchError('InvalidArgument', `${source} is not ${o.what}.`, { hint: o.hint });
  return value;
}

/**
 * Where the first of `paths` that the JSON text holds is defined: the offset and length of its property's key (for
 * Go to Definition in an environment file or a settings file); undefined when none is there.
 */
export function keyLocation(text: string, paths: readonly string[][]): { offset: number; length: number } | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return undefined;
  for (const p of paths) {
    const key = findNodeAtLocation(tree, p)?.parent?.children?.[0];
    if (key) return { offset: key.offset, length: key.length };
  }
  return undefined;
}

/**
 * The `rest-client.environmentVariables` of a settings file's text (JSON with comments), for the command line, which
 * has no VS Code settings to ask; undefined when the file does not set it. A file that is not JSON is refused.
 */
export function restClientSetting(text: string, source: string): unknown {
  return jsonObject(text, source, {
    what: 'a JSON object of settings',
    hint: `VS Code's workspace settings are one JSON object: {"${REST_CLIENT_SETTING}": {"dev": {"host": "…"}}}.`,
  })[REST_CLIENT_SETTING];
}
