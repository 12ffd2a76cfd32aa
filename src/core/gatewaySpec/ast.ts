// The syntax tree every spec format parses into (JSON, JSON with comments, YAML): the offset and length of every key
// and value, so that any problem found on the plain value can be pointed at exactly. Shared by the parsers
// (json.ts, yaml.ts) and the document (document.ts), so none of them imports another for its types.
import type { DiagnosticCode } from './diagnostics';

export type SpecFormat = 'json' | 'jsonc' | 'yaml';

export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface AstNode {
  kind: NodeKind;
  offset: number;
  length: number;
  /** Scalars: the value. */
  value?: string | number | boolean | null;
  /** Objects: every property in document order, duplicates included. */
  properties?: AstProperty[];
  /** Objects: property by name (the last one wins, as with JSON.parse). */
  index?: Map<string, AstProperty>;
  /** Arrays. */
  items?: AstNode[];
  /** Strings written with quotes. */
  quoted?: boolean;
}

export interface AstProperty {
  key: string;
  keyOffset: number;
  keyLength: number;
  keyQuoted: boolean;
  /** Missing after a syntax error (`"a": ` at the end of the text). */
  value: AstNode | undefined;
  /** The whole property, key to end of value. */
  offset: number;
  length: number;
}

export interface SyntaxProblem {
  kind: 'syntax' | 'duplicate' | 'nonStringKey';
  message: string;
  offset: number;
  length: number;
  severity: 'error' | 'warning';
  /** Problems of the input itself (encoding, a limit of the spec input budget) carry their own code. */
  code?: DiagnosticCode;
  /** Duplicates: the first occurrence. */
  firstOffset?: number;
  firstLength?: number;
}

/** What a parser hands the document: the tree (undefined when the text holds no value) and its problems. */
export interface ParseResult {
  root: AstNode | undefined;
  problems: SyntaxProblem[];
  /** Values the text writes (objects, arrays, scalars, aliases; keys are not values). */
  nodes: number;
  /** Values YAML aliases add when expanded, beyond the alias itself. */
  aliasNodes: number;
  /** Steps the parser took: the front end's measure of its own work, for the linear-time checks. */
  work: number;
}
