// A WebSocket model's schema checked as JSON Schema draft 4 (src/core/gatewaySpec/modelSchema.ts, rule APIGW512):
// the problem named and placed, what is not checked, and hostile schemas answered (depth, long lists).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSpec } from '../../src/core/gatewaySpec';
import { applyEdits } from '../../src/core/gatewaySpec/edits';
import { describesJson, modelSchemaProblems } from '../../src/core/gatewaySpec/modelSchema';
import { SpecDocument } from '../../src/core/gatewaySpec/document';
import YAML from 'yaml';
import { flowStyle } from './specBuilders';

const places = (schema: unknown) => modelSchemaProblems(schema).map((p) => p.at.join('.'));

describe('model schemas as JSON Schema draft 4', () => {
  it('takes draft 4 schemas, as objects or as JSON text, with keywords draft 4 does not know', () => {
    for (const schema of [
      {},
      { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['a'] },
      { type: ['string', 'null'], enum: ['a', null], pattern: '^[a-z]+$', example: 'x', const: 1 },
      { properties: { enum: { type: 'string' }, required: { type: 'boolean' } } },
      '{"definitions": {"id": {"type": "string"}}, "items": [{"$ref": "#/definitions/id"}]}',
    ])
      assert.deepEqual(modelSchemaProblems(schema), [], JSON.stringify(schema));
  });

  it('names the key at fault, and the whole value for schema text', () => {
    assert.deepEqual(places({ properties: { a: { required: [] } } }), ['properties.a.required']);
    assert.deepEqual(places({ items: [{ type: 'strin' }] }), ['items.0.type']);
    assert.deepEqual(places({ type: ['string', 'string'] }), ['type']);
    assert.match(modelSchemaProblems({ type: ['string', 'string'] })[0]!.message, /duplicate items/);
    assert.match(modelSchemaProblems({ type: 'strin' })[0]!.message, /allowed values \(array, boolean,/);
    assert.deepEqual(places('{"required": []}'), ['']);
    assert.match(modelSchemaProblems('{"a": 1,}')[0]!.message, /^The schema text is not JSON: /);
    assert.deepEqual(places(JSON.stringify({ 'a/b': 1, properties: { 'x~y': { minLength: -1 } } })), ['']);
    assert.deepEqual(places({ properties: { 'a/b~c': { minLength: -1 } } }), ['properties.a/b~c.minLength']);
  });

  it('finds a repeated enum value as deep equality does: key order ignored, array order and types kept', () => {
    assert.deepEqual(
      places({
        enum: [
          { a: 1, b: [1, 2] },
          { b: [1, 2], a: 1 },
        ],
      }),
      ['enum'],
    );
    assert.deepEqual(places({ enum: [{ a: [1, 2] }, { a: [2, 1] }, 1, '1', null, [null], 0, false] }), []);
  });

  it('answers a 100,000-value enum in one pass and names the repeated pair', () => {
    const values: unknown[] = Array.from({ length: 100_000 }, (_, i) => ({ id: i, tags: [String(i), { n: i }] }));
    assert.deepEqual(modelSchemaProblems({ enum: values }), []);
    values.push({ tags: ['5', { n: 5 }], id: 5 });
    assert.match(modelSchemaProblems({ enum: values })[0]!.message, /items ## 5 and 100000 are identical/);
  });

  it('says a schema nests too deeply to check rather than overflowing the stack', () => {
    const deep = `${'{"items":'.repeat(100_000)}{}${'}'.repeat(100_000)}`;
    assert.deepEqual(modelSchemaProblems(deep), [
      { message: 'The schema nests too deeply to check as JSON Schema draft 4: flatten it.', at: [] },
    ]);
  });

  it("offers to remove an empty 'required' (the commonest refusal), in YAML and JSON, and nothing else", () => {
    const spec = (schema: object) => ({
      version: 1,
      api: { name: 'chat', protocol: 'WEBSOCKET' },
      models: { Order: { schema } },
      integrations: { app: { type: 'MOCK', requestTemplates: { $default: '{}' } } },
      routes: {
        send: { integration: 'app', modelSelectionExpression: '$default', requestModels: { $default: 'Order' } },
      },
    });
    const texts = [
      [
        'yaml',
        'version: 1\napi: {name: chat, protocol: WEBSOCKET}\nmodels:\n  Order:\n    schema:\n      type: object\n      required: []\nintegrations:\n  app: {type: MOCK, requestTemplates: {$default: "{}"}}\nroutes:\n  send: {integration: app, modelSelectionExpression: $default, requestModels: {$default: Order}}\n',
      ],
      ['json', JSON.stringify(spec({ type: 'object', required: [] }), null, 2)],
    ] as const;
    for (const [format, text] of texts) {
      const d = validateSpec(text, { format }).diagnostics.find((x) => x.code === 'APIGW512');
      assert.deepEqual(
        d?.fixes?.map((f) => [f.title, f.preferred]),
        [["Remove the empty 'required'", true]],
        format,
      );
      const fixed = applyEdits(text, d!.fixes![0]!.edits);
      assert.deepEqual(validateSpec(fixed, { format }).diagnostics, [], format);
    }
    const unclear = JSON.stringify(spec({ type: 'object', required: 'id' }));
    const d = validateSpec(unclear, { format: 'json' }).diagnostics.find((x) => x.code === 'APIGW512');
    assert.deepEqual(d?.fixes, []);
  });

  // Each list with an item twice, the later one in the middle or at the end, a string or an object written with its
  // keys in another order; in every style the spec editor's oracles use.
  it('offers to remove the later of a repeated item, which gives the list without it, in every style', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ enum: ['a', 'b', 'a'] }, { enum: ['a', 'b'] }],
      [{ enum: ['a', 'a', 'b'] }, { enum: ['a', 'b'] }],
      [{ enum: [{ x: 1, y: [1, 2] }, 'b', { y: [1, 2], x: 1 }, 'c'] }, { enum: [{ x: 1, y: [1, 2] }, 'b', 'c'] }],
      [
        { properties: { id: { type: 'string' } }, required: ['id', 'id'] },
        { properties: { id: { type: 'string' } }, required: ['id'] },
      ],
      [{ type: ['string', 'null', 'string'] }, { type: ['string', 'null'] }],
    ];
    const value = {
      version: 1,
      api: { name: 'chat', protocol: 'WEBSOCKET' },
      models: Object.fromEntries(cases.map(([schema], i) => [`M${i}`, { schema }])),
    };
    const json = JSON.stringify(value, null, 2);
    const styles = [
      ['json', json],
      ['json', JSON.stringify(value)],
      ['yaml', YAML.stringify(value)],
      ['yaml', flowStyle(json, 'json')],
      ['yaml', flowStyle(json, 'json', 'sections')],
    ] as const;
    for (const [format, text] of styles) {
      const found = validateSpec(text, { format }).diagnostics.filter((x) => x.code === 'APIGW512');
      assert.equal(found.length, cases.length, text);
      found.forEach((d, i) => {
        assert.equal(d.fixes?.length, 1, `${text}\nM${i}`);
        assert.match(d.fixes![0]!.title, /^Remove the repeated ('a'|\{|'id'|'string')/);
        const fixed = applyEdits(text, d.fixes![0]!.edits);
        const after = new SpecDocument(fixed, format).value as typeof value;
        assert.deepEqual(
          after.models,
          { ...value.models, [`M${i}`]: { schema: cases[i]![1] } },
          `${text}\n→\n${fixed}`,
        );
      });
    }
  });

  it('keeps the comments of the items that stay when it removes a repeated one', () => {
    const head = 'version: 1\napi: {name: chat, protocol: WEBSOCKET}\nmodels:\n  M:\n    schema:\n      enum:\n';
    const jsonc = (items: string) =>
      `{"version": 1, "api": {"name": "chat", "protocol": "WEBSOCKET"},\n "models": {"M": {"schema": {"enum": [\n${items}]}}}}`;
    const cases = [
      [
        'yaml',
        `${head}        - a   # first\n        - a   # again\n        - b\n`,
        `${head}        - a   # first\n        - b\n`,
      ],
      ['jsonc', jsonc('  "a", // first\n  "b",\n  "a" // again\n'), jsonc('  "a", // first\n  "b"\n')],
      ['jsonc', jsonc('  "a", // first\n  "a", // again\n  "b"\n'), jsonc('  "a", // first\n  "b"\n')],
      ['jsonc', jsonc('  "a", "b", "a" // again\n'), jsonc('  "a", "b" // again\n')],
    ] as const;
    for (const [format, text, expected] of cases) {
      const d = validateSpec(text, { format }).diagnostics.find((x) => x.code === 'APIGW512');
      assert.equal(applyEdits(text, d!.fixes![0]!.edits), expected);
    }
  });

  it('checks application/json models only, the default content type', () => {
    assert.equal(describesJson(undefined), true);
    assert.equal(describesJson('Application/JSON; charset=utf-8'), true);
    assert.equal(describesJson('application/jsonx'), false);
    assert.equal(describesJson('text/plain'), false);
  });
});
