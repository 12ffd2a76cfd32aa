// Secrets planted where the local API and `apigw invoke` read them (env files, the mapping's environment, handlers'
// log lines) must never reach what the workbench prints, while the handler still gets the real values.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { lambdaHttpSpec, localWorkspace, type LocalWorkspace } from '../support/localWorkspace';
import { bufferIo } from './cliHelpers';

const ECHO = `exports.handler = async () => ({ ok: true });\n`;

describe('env files: an error says where, never what the line holds', () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'svc.apigw.yaml': lambdaHttpSpec('svc', { 'GET /a': 'fn' }),
      'pem.apigw.local.yaml': 'envFile: pem.env\nfunctions:\n  fn: { handler: fn.js }\n',
      'name.apigw.local.yaml': 'envFile: name.env\nfunctions:\n  fn: { handler: fn.js }\n',
      'sam.apigw.local.yaml': 'envFile: sam.json\nfunctions:\n  fn: { handler: fn.js }\n',
      'fn.js': ECHO,
      // An unquoted PEM value: its second line is not KEY=value.
      'pem.env': 'PRIVATE_KEY=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFCANARYPEMLINE\n',
      // A base64 secret with its padding: the text before = is no variable name.
      'name.env': 'A=1\nMIIEvQIBADANBgkq+/CANARYPEMNAME==\n',
      // SAM's env-vars JSON with an unquoted value: JSON.parse's message quotes the text around it.
      'sam.json': '{"Parameters": {"STRIPE": sk_live_CANARYSAMJSON}}\n',
    });
  });
  after(() => ws?.remove());

  async function invoke(mapping: string) {
    const b = bufferIo();
    const code = await main(
      ['invoke', ws.file('svc.apigw.yaml'), '--function', 'fn', '--handlers', ws.file(mapping)],
      b.io,
    );
    return { code, ...b.out };
  }

  it('a line that is not KEY=value: its file and line, not its text', async () => {
    const r = await invoke('pem.apigw.local.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /pem\.env, line 2: no = or : after a variable name/);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY|MIIE/);
  });

  it('a name that is not a variable name: its file and line, not the name', async () => {
    const r = await invoke('name.apigw.local.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /name\.env, line 2: the text before = is not a variable name/);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY|MIIE/);
  });

  it("SAM's env-vars JSON that is not JSON: where it stops, not the text around it", async () => {
    const r = await invoke('sam.apigw.local.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /sam\.json is not JSON: InvalidSymbol at character 27\./);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY|sk_live/);
  });
});
