// A local mapping's env files: `.env` text as the dotenv package reads it, AWS SAM's env-vars JSON, their errors
// (naming the file and line), and linear time on hostile text.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotenv, samEnvVars, samUnknownKeys } from '../../src/core/local/envFile';
import { hangGuard } from './hangGuard';

describe('a .env file, as dotenv reads it', () => {
  it('KEY=value lines, export, comments, blanks, quotes of three kinds, a value over lines, KEY: value', () => {
    const text = [
      '# the shop',
      '',
      'TABLE=orders-local',
      'export REGION = eu-west-1   # inline comment',
      "GREETING='hello # not a comment'",
      'MULTI="line one\\nline two"',
      'SPANNING="first',
      'second"',
      'RAW=`it\'s "quoted"`',
      'EMPTY=',
      'HASHED=abc#123',
      'COLON: yes',
      '\uFEFF',
    ].join('\r\n');
    assert.deepEqual(parseDotenv(`\uFEFF${text}`, '.env'), {
      TABLE: 'orders-local',
      REGION: 'eu-west-1',
      GREETING: 'hello # not a comment',
      MULTI: 'line one\nline two',
      SPANNING: 'first\nsecond',
      RAW: 'it\'s "quoted"',
      EMPTY: '',
      HASHED: 'abc',
      COLON: 'yes',
    });
  });

  it('refuses what is not KEY=value, naming the file and the line (after a value over lines)', () => {
    assert.throws(
      () => parseDotenv('A=1\nB="x\ny"\nnot a line\n', 'svc/.env'),
      /svc\/\.env, line 4: no = or : after a variable name \(the line is not shown: it may be a secret\)\.$/,
    );
    assert.throws(() => parseDotenv('1ABC=1\n', '.env'), /line 1: the text before = is not a variable name/);
    assert.throws(() => parseDotenv('A="open\nB=2\n', '.env'), /line 1: the value's " is never closed/);
    assert.throws(() => parseDotenv('A="x" y\n', '.env'), /line 1: text after the quoted value/);
  });

  it(
    'takes linear time on long lines without #, a quote never closed, and runs of blanks',
    hangGuard(60_000, () => {
      const n = 200_000;
      const many = Array.from({ length: n }, (_v, i) => `K${i}=${'v'.repeat(5)}`).join('\n');
      assert.equal(Object.keys(parseDotenv(many, '.env')).length, n);
      assert.throws(() => parseDotenv(`A="${'\\"'.repeat(n)}`, '.env'), /never closed/);
      assert.deepEqual(parseDotenv(`${' '.repeat(n)}A=${' '.repeat(n)}b${' '.repeat(n)}`, '.env'), { A: 'b' });
    }),
  );
});

describe("AWS SAM's env-vars file", () => {
  it('Parameters for every function, then the function its own, numbers and booleans as text', () => {
    const file = { Parameters: { STAGE: 'local', RETRIES: 3 }, orders: { STAGE: 'orders-local', DEBUG: true } };
    assert.deepEqual(samEnvVars(file, ['orders'], 'env.json'), { STAGE: 'orders-local', RETRIES: '3', DEBUG: 'true' });
    assert.deepEqual(samEnvVars(file, ['users'], 'env.json'), { STAGE: 'local', RETRIES: '3' });
    assert.throws(() => samEnvVars([], ['orders'], 'env.json'), /env\.json: the top level is not an object/);
    assert.throws(() => samEnvVars({ orders: { A: { b: 1 } } }, ['orders'], 'env.json'), /orders\.A is not a string/);
  });

  it('lists the objects keyed by no known function, Parameters aside', () => {
    const file = { Parameters: {}, OrdersFunction: {}, OrdrsFunction: {}, users: {} };
    assert.deepEqual(samUnknownKeys(file, new Set(['OrdersFunction', 'users'])), ['OrdrsFunction']);
    assert.deepEqual(samUnknownKeys([], new Set()), []);
  });

  it("the function's object by its logical ID first, then by its name, as SAM looks them up; one object, not both", () => {
    const file = { OrdersFunction: { STAGE: 'by-id' }, 'orders-dev': { STAGE: 'by-name', ONLY_NAME: 'x' } };
    assert.deepEqual(samEnvVars(file, ['OrdersFunction', 'orders-dev'], 'env.json'), { STAGE: 'by-id' });
    assert.deepEqual(samEnvVars(file, ['UsersFunction', 'orders-dev'], 'env.json'), {
      STAGE: 'by-name',
      ONLY_NAME: 'x',
    });
    // `Parameters` is every function's, never one function's own.
    assert.deepEqual(samEnvVars({ Parameters: { A: '1' } }, ['Parameters'], 'env.json'), { A: '1' });
  });
});
