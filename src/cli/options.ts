// The CLI's one argument parser, over typed option declarations (`flag()`, `value()`, `list()`), and the usage text
// generated from the same declarations.
//
//   --name value, --name=value        a value option (the last one given wins; a list option keeps each)
//   --flag, --flag=true|false         a boolean flag; yes/no and 1/0 are accepted too, anything else is refused
//   --no-flag                         the same as --flag=false
//   -h, -y, -o FILE                   the short forms an option declares
//   --                                the end of the options: what follows is operands
//
// A value option followed by what reads as an option (`--stage -y`, `-o --yes`) is missing its value: any `--name`,
// and a short form the command declares, are refused there ("--stage needs a value"); `--stage=-y` gives such a
// value. Anything else that starts with `-` is a value (`-o -`, `--since -5m`).
import { WorkbenchError } from '../core/errors';

export interface FlagOption {
  readonly kind: 'flag';
  readonly summary: string;
  readonly short?: string;
  /** A flag that is on unless turned off; its usage line shows the `--no-` form. */
  readonly default?: boolean;
}

export interface ValueOption {
  readonly kind: 'value';
  readonly summary: string;
  readonly valueName: string;
  readonly short?: string;
  /** Required: `true`, or what the option is for, shown in the error ("--stage NAME is required: the stage to deploy"). */
  readonly required?: true | string;
  readonly choices?: readonly string[];
}

export interface ListOption {
  readonly kind: 'list';
  readonly summary: string;
  readonly valueName: string;
  readonly short?: string;
}

export type OptionSpec = FlagOption | ValueOption | ListOption;
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The parsed value of each declared option, typed by its declaration. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K] extends FlagOption
    ? boolean
    : T[K] extends ListOption
      ? string[]
      : T[K] extends { readonly choices: readonly (infer C)[] }
        ? T[K] extends { readonly required: true | string }
          ? C
          : C | undefined
        : T[K] extends { readonly required: true | string }
          ? string
          : string | undefined;
};

export function flag(summary: string, o: { short?: string; default?: boolean } = {}): FlagOption {
  return { kind: 'flag', summary, ...o };
}

export function value<const O extends Omit<ValueOption, 'kind' | 'summary' | 'valueName'> = object>(
  valueName: string,
  summary: string,
  o?: O,
): ValueOption & O {
  return { kind: 'value', valueName, summary, ...(o as O) };
}

export function list(valueName: string, summary: string, o: { short?: string } = {}): ListOption {
  return { kind: 'list', valueName, summary, ...o };
}

/** Bad arguments: the runner prints the message and the command's usage, exit 2. */
export class UsageError extends WorkbenchError {
  constructor(message: string) {
    super('InvalidArgument', message);
  }
}

export const BOOLEAN_VALUES = 'true or false (also yes/no, 1/0)';

/** How flags are written, for the usage texts. */
export const FLAG_SYNTAX =
  'A flag is on with --flag or --flag=true, off with --no-flag or --flag=false (yes/no and 1/0 work too).';

/** `--flag=VALUE`: the values a boolean flag understands; undefined for any other. */
export function parseBoolean(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  return undefined;
}

export interface ParsedArgs<T extends OptionTable> {
  values: OptionValues<T>;
  operands: string[];
}

/** Parses `args` against `table`; throws UsageError on anything the table does not declare. */
export function parseOptions<T extends OptionTable>(args: readonly string[], table: T): ParsedArgs<T> {
  const values = initialValues(table);
  const operands: string[] = [];
  const shorts = shortNames(table);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const inline = eq < 0 ? undefined : a.slice(eq + 1);
      i = take(table, shorts, values, name, inline, args, i);
    } else if (a.startsWith('-') && a !== '-') {
      const name = shorts.get(a.slice(1));
      if (name === undefined) throw new UsageError(`unknown option ${a}`);
      i = take(table, shorts, values, name, undefined, args, i);
    } else {
      operands.push(a);
    }
  }
  return { values: values as OptionValues<T>, operands };
}

/** The short forms `table` declares (`y` → `yes`). */
function shortNames(table: OptionTable): Map<string, string> {
  return new Map(Object.entries(table).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
}

/** Whether an argument reads as an option of the command: any `--name`, or a short form it declares (`-y`). */
function isOptionLike(arg: string, shorts: ReadonlyMap<string, string>): boolean {
  return arg.startsWith('--') || (arg.startsWith('-') && shorts.has(arg.slice(1)));
}

function initialValues(table: OptionTable): Record<string, unknown> {
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, o] of Object.entries(table)) {
    if (o.kind === 'flag') values[name] = o.default ?? false;
    else if (o.kind === 'list') values[name] = [];
  }
  return values;
}

/** Stores option `name` (with its `--name=` value when given); returns the index of the last argument used. */
function take(
  table: OptionTable,
  shorts: ReadonlyMap<string, string>,
  values: Record<string, unknown>,
  name: string,
  inline: string | undefined,
  args: readonly string[],
  i: number,
): number {
  const o = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!o) {
    const negated = name.startsWith('no-') && Object.hasOwn(table, name.slice(3)) ? table[name.slice(3)] : undefined;
    if (negated?.kind !== 'flag' || name === 'no-help') throw new UsageError(`unknown option --${name}`);
    if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
    values[name.slice(3)] = false;
    return i;
  }
  if (o.kind === 'flag') {
    if (inline === undefined) values[name] = true;
    else {
      const b = parseBoolean(inline);
      if (b === undefined)
        throw new UsageError(
          `--${name} takes ${BOOLEAN_VALUES}, not ${inline === '' ? 'an empty value' : `'${inline}'`}`,
        );
      values[name] = b;
    }
    return i;
  }
  const v = inline ?? args[i + 1];
  if (v === undefined || v === '') throw new UsageError(`--${name} needs a value (${o.valueName})`);
  if (inline === undefined && isOptionLike(v, shorts))
    throw new UsageError(
      `--${name} needs a value (${o.valueName}): ${v} is an option (a value that starts with - is joined with =)`,
    );
  if (o.kind === 'value' && o.choices && !o.choices.includes(v))
    throw new UsageError(`--${name} must be ${orList(o.choices)}, not ${v}`);
  if (o.kind === 'list') (values[name] as string[]).push(v);
  else values[name] = v;
  return inline === undefined ? i + 1 : i;
}

/** The required options that are missing, as one usage error. */
export function checkRequired(values: Record<string, unknown>, table: OptionTable): void {
  const missing = Object.entries(table).filter(
    (e): e is [string, ValueOption] => e[1].kind === 'value' && e[1].required !== undefined && !values[e[0]],
  );
  if (missing.length === 0) return;
  const names = missing.map(([n]) => `--${n}`).join(', ');
  const [first, o] = missing[0]!;
  throw new UsageError(
    missing.length === 1 && typeof o.required === 'string'
      ? `missing --${first}: --${first} ${o.valueName} is required: ${o.required}`
      : `missing ${names}: ${names} ${missing.length === 1 ? 'is' : 'are'} required`,
  );
}

export function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

const LEFT = 24;
/** The width usage text is wrapped to. */
export const WIDTH = 116;

/** The usage lines of `table`: `  -y, --yes   summary`, summaries wrapped under their column. */
export function optionLines(table: OptionTable): string {
  return Object.entries(table)
    .map(([name, o]) => {
      const left = `${o.short ? `-${o.short}, ` : ''}--${o.kind === 'flag' && o.default ? 'no-' : ''}${name}${
        o.kind === 'flag' ? '' : ` ${o.kind === 'value' && o.choices ? o.choices.join('|') : o.valueName}`
      }`;
      const body = wrap(o.summary, WIDTH - LEFT - 2);
      return left.length < LEFT
        ? `  ${left.padEnd(LEFT)}${body.join(`\n${' '.repeat(LEFT + 2)}`)}`
        : `  ${left}\n${body.map((l) => `${' '.repeat(LEFT + 2)}${l}`).join('\n')}`;
    })
    .join('\n');
}

/** How a required option reads in a synopsis: `--stage NAME`. */
export function requiredSynopsis(table: OptionTable): string[] {
  return Object.entries(table)
    .filter(([, o]) => o.kind === 'value' && o.required !== undefined)
    .map(([name, o]) => `--${name} ${(o as ValueOption).valueName}`);
}

export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
