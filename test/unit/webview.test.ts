// The webview base without VS Code: the page shell's Content-Security-Policy and escaping, and the metrics page's
// message protocol, which the extension applies to everything the page sends.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, pageHtml } from '../../src/webview/html';
import { parseFromPage, parseState } from '../../src/webview/metrics/protocol';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

describe('webview page shell', () => {
  it('allows only the nonce script and the extension stylesheet: nothing remote, no inline script, no connections', () => {
    const csp = contentSecurityPolicy(SOURCE, 'abc123');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], ["'nonce-abc123'"]);
    assert.deepEqual(directives['style-src'], [SOURCE, "'nonce-abc123'"]);
    assert.deepEqual(directives['img-src'], [SOURCE, 'data:']);
    assert.deepEqual(directives['connect-src'], ["'none'"]);
    assert.doesNotMatch(csp, /unsafe-(inline|eval)|\*|https?:\/\/(?!file\+)/);
  });

  it('puts the CSP first, carries the nonce on the script, and escapes what it interpolates', () => {
    const html = pageHtml({
      cspSource: SOURCE,
      nonce: 'n0nce',
      scriptUri: `${SOURCE}/dist/webview-metrics.js`,
      styleUri: `${SOURCE}/dist/webview-metrics.css`,
      title: 'Metrics: <img src=x onerror=alert(1)> "prod"',
    });
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
    assert.match(html, /<script nonce="n0nce" src="[^"]+webview-metrics\.js" defer><\/script>/);
    assert.match(html, /<title>Metrics: &lt;img src=x onerror=alert\(1\)&gt; &quot;prod&quot;<\/title>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });
});

describe('metrics page protocol', () => {
  const target = { apiId: 'a1', apiName: 'orders-api', protocol: 'HTTP', region: 'us-east-1', stage: 'prod' };

  it('accepts the messages the page sends, field by field', () => {
    assert.deepEqual(parseFromPage({ type: 'openLogs', start: 1000, end: 2000, errorsOnly: true, extra: 1 }), {
      type: 'openLogs',
      start: 1000,
      end: 2000,
      errorsOnly: true,
    });
    assert.deepEqual(parseFromPage({ type: 'refresh', what: 'x' }), { type: 'refresh' });
    // The page names no remedy: the extension runs the one of the error it showed.
    assert.deepEqual(parseFromPage({ type: 'runFix', command: 'workbench.action.terminal.sendSequence' }), {
      type: 'runFix',
    });
    assert.deepEqual(parseFromPage({ type: 'painted', charts: 6, extra: 1 }), { type: 'painted', charts: 6 });
    assert.deepEqual(parseFromPage({ type: 'state', state: { target, preset: '1d', autoRefresh: 1 } }), {
      type: 'state',
      state: { target, preset: '1d', autoRefresh: 1, errorsOnly: false },
    });
  });

  it('drops anything else: unknown types, bad times, ranges, targets, routes without a stage', () => {
    for (const bad of [
      null,
      'refresh',
      { type: 'eval', code: '1' },
      { type: 'openLogs', start: 'now' },
      { type: 'openLogs', start: -1 },
      { type: 'openLogs', start: 1, end: Number.NaN },
      { type: 'state', state: { target, preset: '2y', autoRefresh: 0 } },
      { type: 'state', state: { target: { ...target, protocol: 'REST' }, preset: '1h' } },
      { type: 'state', state: { target: { ...target, stage: undefined, route: 'GET /' }, preset: '1h' } },
      { type: 'showRoute', route: 42 },
      { type: 'painted', charts: -1 },
      { type: 'painted', charts: 1.5 },
      { type: 'painted' },
    ])
      assert.equal(parseFromPage(bad), undefined, JSON.stringify(bad));
    assert.equal(parseState({ target, preset: '1h', autoRefresh: 5 })?.autoRefresh, 0);
  });

  it('keeps a custom range of five minutes or more, in order; refuses any other', () => {
    const custom = { start: 1_700_000_000_000, end: 1_700_000_300_000 };
    assert.deepEqual(parseState({ target, preset: '1h', custom })?.custom, custom);
    for (const bad of [
      { start: custom.start, end: custom.end - 1 },
      { start: custom.end, end: custom.start },
      { start: custom.start },
      'last week',
    ])
      assert.equal(parseState({ target, preset: '1h', custom: bad }), undefined, JSON.stringify(bad));
  });
});
