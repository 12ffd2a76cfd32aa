// What a picker shows leaves through the Runtime's prompts like every other text: its items' label, description and
// detail redacted (an endpoint URL with a password in Select Profile's list and the connection menu was shown as it
// is), while the caller gets back the item it passed, with its own fields untouched.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shownItems } from '../../src/vscode/capabilities/shownItems';

// Built at run time: no credential-shaped literal is committed.
const PASSWORD = ['hunter', '2', 'pw'].join('');
const URL_WITH_PASSWORD = `http://admin:${PASSWORD}@localhost:4566`;

describe('picker items as shown', () => {
  it('redacts a URL password in the label, description and detail', () => {
    const items = [
      { label: 'dev', description: `access keys · ${URL_WITH_PASSWORD}`, detail: `endpoint_url ${URL_WITH_PASSWORD}` },
      { label: `$(settings-gear) Endpoint URL…`, description: URL_WITH_PASSWORD },
      { label: URL_WITH_PASSWORD },
    ];
    const { shown } = shownItems(items);
    const texts = shown.flatMap((i) => [i.label, i.description ?? '', i.detail ?? '']).join('\n');
    assert.ok(!texts.includes(PASSWORD), texts);
    assert.equal(shown[0]!.detail, 'endpoint_url http://admin:****@localhost:4566');
    assert.equal(shown[1]!.label, '$(settings-gear) Endpoint URL…');
  });

  it('gives back the caller’s own item, whichever shown item is picked', () => {
    const run = () => 'ran';
    type Item = { label: string; description?: string; detail?: string; run: () => string };
    const secret: Item = { label: 'dev', detail: `endpoint_url ${URL_WITH_PASSWORD}`, run };
    const plain: Item = { label: 'prod', description: 'us-east-1', run };
    const { shown, original } = shownItems<Item>([secret, plain]);
    assert.equal(original(shown[0]), secret);
    assert.equal(original(shown[1]), plain);
    assert.equal(original(undefined), undefined);
    const typed: Item = { label: 'eu-south-2', run };
    assert.equal(original(typed), typed, 'an item made of what was typed is its own');
    assert.equal(secret.detail, `endpoint_url ${URL_WITH_PASSWORD}`, "the caller's item is not changed");
  });

  it('keeps an item that has nothing to redact as it is (a separator, a button row)', () => {
    const separator = { label: 'Deployed', kind: -1 };
    const { shown } = shownItems([separator]);
    assert.equal(shown[0], separator);
  });
});
