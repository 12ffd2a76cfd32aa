// Why a text is not JSON, without quoting it. Its own module: jsonc-parser stays out of the extension's activation
// bundle (dist/extension.js), which imports src/core/text.ts.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Where a text that JSON.parse refused stops being JSON (`InvalidSymbol at character 27`): by position only, never
 * the text around it as JSON.parse's own message quotes it (`…"STRIPE": sk_live_…"… is not valid JSON`), since the
 * text may hold secrets (an env file, an event with a token).
 */
export function jsonProblem(text: string): string {
  const errors: ParseError[] = [];
  parse(text.replace(/^\uFEFF/, ''), errors, { disallowComments: true });
  const first = errors[0];
  return first ? `${printParseErrorCode(first.error)} at character ${first.offset + 1}` : 'not valid JSON';
}
