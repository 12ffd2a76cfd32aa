// The Velocity syntax of a mapping template, as velocityjs parses it, with the block structure Velocity insists on:
// each #if, #foreach, #macro and #define closed by one #end. velocityjs alone takes an unclosed block (rendering what
// follows twice) and a #end that closes nothing (dropping what follows) without a word. The spec's rules warn of a
// template that does not parse (APIGW514); the local API fails each message it serves, with the reason.
// https://velocity.apache.org/engine/2.3/vtl-reference.html

type Velocity = typeof import('velocityjs');
let loaded: Velocity | undefined;

/**
 * velocityjs, loaded on first use: some 20 ms (its `debug` dependency half of it) that activation, the spec bundle's
 * load and specs without templates never pay.
 */
export function velocity(): Velocity {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('velocityjs') as Velocity);
}

export type TemplateAst = ReturnType<Velocity['parse']>;
export type TemplateSyntax =
  | { ok: true; ast: TemplateAst }
  /** `line` (1-based): where the parser stopped, when it says. */
  | { ok: false; problem: string; line?: number };

/** A spec's templates are few and checked or rendered again and again: each text is parsed once (this many kept). */
const KEPT = 1024;
const parsedTemplates = new Map<string, TemplateSyntax>();

/**
 * The most punctuation (characters other than letters, digits, `_` and blanks) a template may have for the spec's
 * rules to check its syntax. velocityjs's parse takes time that grows with the square of a template's tokens (2,000
 * of them: some 7 ms, 8,000: some 170 ms, here), and every token is punctuation or lies between two: the bound
 * keeps the check within a few milliseconds a template, so validation stays linear in the spec's size. Real
 * templates are far below it (a 2 KB JSON template has some 300).
 */
export const SYNTAX_CHECK_MAX_PUNCTUATION = 1000;

/** Whether the spec's rules check this template's syntax (SYNTAX_CHECK_MAX_PUNCTUATION). One pass, stops early. */
export function syntaxCheckable(template: string): boolean {
  let punctuation = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!word && c !== 32 && c !== 9 && c !== 10 && c !== 13 && ++punctuation > SYNTAX_CHECK_MAX_PUNCTUATION)
      return false;
  }
  return true;
}

/** The template's syntax tree, or what keeps it from parsing (with the line, where the parser knows it). */
export function parseTemplate(template: string): TemplateSyntax {
  let syntax = parsedTemplates.get(template);
  if (syntax) return syntax;
  syntax = parseUncached(template);
  if (parsedTemplates.size >= KEPT) parsedTemplates.delete(parsedTemplates.keys().next().value!);
  parsedTemplates.set(template, syntax);
  return syntax;
}

function parseUncached(template: string): TemplateSyntax {
  let ast: TemplateAst;
  try {
    ast = velocity().parse(template);
  } catch (err) {
    return parseFailure(err);
  }
  const unbalanced = blockProblem(template);
  return unbalanced ? { ok: false, problem: unbalanced } : { ok: true, ast };
}

interface ParserErrorHash {
  text?: string;
  token?: string;
  loc?: { first_line?: number };
}

/** The parser's error as a sentence: the line, and what it found there (its columns are not reliable, so not said). */
function parseFailure(err: unknown): Extract<TemplateSyntax, { ok: false }> {
  const hash = (err as { hash?: ParserErrorHash }).hash;
  const line = hash?.loc?.first_line;
  if (!hash || !line) return { ok: false, problem: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  const found = hash.token === 'EOF' || !hash.text ? 'the end of the template' : `'${hash.text}'`;
  return { ok: false, problem: `Velocity cannot parse line ${line}: ${found} is not what may come there`, line };
}

const SENTINEL_ID = '__apigwTemplateEnd';
const SENTINEL = `\n$${SENTINEL_ID}`;

/**
 * Unclosed blocks and a #end too many, which velocityjs's parse does not report. A reference appended to the text
 * is the last node of its tree when the blocks balance; a #end that closes nothing drops it (with all that follows
 * that #end), and one more #end appended keeps it only when some block was left open.
 */
function blockProblem(template: string): string | undefined {
  if (endsWithSentinel(template + SENTINEL) === false)
    return 'a #end closes no #if, #foreach, #macro or #define: Velocity refuses the template';
  if (endsWithSentinel(`${template}\n#end${SENTINEL}`) === true)
    return 'an #if, #foreach, #macro or #define has no #end: Velocity refuses the template';
  return undefined;
}

/** Whether the appended reference ends the tree; undefined when the longer text does not parse (no verdict). */
function endsWithSentinel(text: string): boolean | undefined {
  try {
    const ast = velocity().parse(text);
    const last: unknown = ast[ast.length - 1];
    return typeof last === 'object' && last !== null && (last as { id?: unknown }).id === SENTINEL_ID;
  } catch {
    return undefined;
  }
}
