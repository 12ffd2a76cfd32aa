import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: { write: (t: string) => { out.stdout += t; } }, stderr: { write: (t: string) => { out.stderr += t; } } },
  };
}

describe('cli', () => {
  it('prints usage for help', async () => {
    const { out, io: i } = io();
    assert.equal(await main(['--help'], i), 0);
    assert.match(out.stdout, /Usage: apigw <command>/);
  });

  it('exits 2 on an unknown command', async () => {
    const { out, io: i } = io();
    assert.equal(await main(['frobnicate'], i), 2);
    assert.match(out.stderr, /unknown command 'frobnicate'/);
  });
});
