// Field-by-field comparison of what the local AWS service answered with the SDK's own model of the operation's
// output (the schemas @aws-sdk clients are generated from): every field must be one the API reference defines, of
// the right type, and reach the SDK's parsed output unchanged.
import { NormalizedSchema } from '@smithy/core/schema';

type Schema = Parameters<typeof NormalizedSchema.of>[0];

export function outputSchema(sdk: Record<string, unknown>, operation: string): Schema {
  // The operation's own schema names its output: `CreateIntegrationResponse$` is another operation's (the
  // integration response's), not CreateIntegration's output (`CreateIntegrationResult$`).
  const op = sdk[`${operation}$`] as unknown[] | undefined;
  const out = op?.[5];
  if (typeof out === 'function') return out() as Schema;
  const s = sdk[`${operation}Response$`] ?? sdk[`${operation}Output$`];
  if (!s) throw new Error(`no output schema for ${operation}`);
  return s as Schema;
}

/** Problems found, as readable paths; empty when the raw answer matches the model and the parsed output. */
export function compareWithModel(schema: Schema, raw: unknown, parsed: unknown, path = '$'): string[] {
  const ns = NormalizedSchema.of(schema);
  const problems: string[] = [];
  if (raw === null || raw === undefined) return problems;
  if (ns.isStructSchema()) {
    if (typeof raw !== 'object' || Array.isArray(raw))
      return [`${path}: expected an object, got ${JSON.stringify(raw)}`];
    const members = new Map<string, [string, NormalizedSchema]>();
    for (const [name, m] of ns.structIterator()) {
      const t = m.getMergedTraits() as Record<string, unknown>;
      if (t.httpLabel || t.httpQuery || t.httpHeader || t.httpResponseCode) continue;
      members.set(String(t.jsonName ?? name), [name, m]);
    }
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      const member = members.get(key);
      if (!member) {
        problems.push(`${path}.${key}: not a member of ${ns.getName() ?? 'the output'}`);
        continue;
      }
      const [name, m] = member;
      problems.push(
        ...compareWithModel(
          m as unknown as Schema,
          value,
          (parsed as Record<string, unknown> | undefined)?.[name],
          `${path}.${key}`,
        ),
      );
    }
    return problems;
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(raw)) return [`${path}: expected a list`];
    raw.forEach((v, i) =>
      problems.push(
        ...compareWithModel(
          ns.getValueSchema() as unknown as Schema,
          v,
          (parsed as unknown[] | undefined)?.[i],
          `${path}[${i}]`,
        ),
      ),
    );
    return problems;
  }
  if (ns.isMapSchema()) {
    if (typeof raw !== 'object') return [`${path}: expected a map`];
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      problems.push(
        ...compareWithModel(
          ns.getValueSchema() as unknown as Schema,
          v,
          (parsed as Record<string, unknown> | undefined)?.[k],
          `${path}.${k}`,
        ),
      );
    }
    return problems;
  }
  if (ns.isTimestampSchema()) {
    const ms = typeof raw === 'number' ? raw * 1000 : Date.parse(String(raw));
    if (typeof raw === 'string' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(raw))
      problems.push(`${path}: not an ISO 8601 date-time: ${raw}`);
    if (!(parsed instanceof Date) || parsed.getTime() !== ms) problems.push(`${path}: parsed as ${String(parsed)}`);
    return problems;
  }
  const expected = ns.isBooleanSchema()
    ? 'boolean'
    : ns.isNumericSchema()
      ? 'number'
      : ns.isStringSchema()
        ? 'string'
        : undefined;
  if (expected && typeof raw !== expected) problems.push(`${path}: expected a ${expected}, got ${JSON.stringify(raw)}`);
  if (parsed !== raw)
    problems.push(`${path}: SDK parsed ${JSON.stringify(parsed)}, service sent ${JSON.stringify(raw)}`);
  return problems;
}
