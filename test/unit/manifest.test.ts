// package.json is the extension's contract with VS Code: its identity, its commands (each registered, none
// missing) and settings that explain themselves.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { allContextValues } from '../../src/vscode/explorer/contextValues';
import { manifest, REPO_ROOT } from './helpers';

/** One entry of the command table as declared: the literal fields of a `command({ … })` call. */
interface DeclaredCommand {
  id: string;
  title: string;
  subject: string;
  trust: string;
  cancellable: boolean;
  palette?: boolean;
  feature?: string;
}

/**
 * Reads src/vscode/commandTable.ts as TypeScript source (the table's module needs VS Code to load): every
 * `command({ … })` in COMMANDS, with its literal policy fields. A field that is not a literal fails the test.
 */
function commandTable(): DeclaredCommand[] {
  const file = path.join(REPO_ROOT, 'src', 'vscode', 'commandTable.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: DeclaredCommand[] = [];
  const literal = (e: ts.Expression): unknown => {
    if (ts.isStringLiteral(e)) return e.text;
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    return undefined;
  };
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'command') {
      const arg = n.arguments[0];
      assert.ok(arg && ts.isObjectLiteralExpression(arg), 'command() takes an object literal');
      const entry: Record<string, unknown> = {};
      for (const p of arg.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || p.name.text === 'run') continue;
        const v = literal(p.initializer);
        assert.notEqual(v, undefined, `${p.name.text} of a command is a literal`);
        entry[p.name.text] = v;
      }
      out.push(entry as unknown as DeclaredCommand);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/** `viewItem == x` and `viewItem =~ /re/` clauses of a when expression. */
function viewItemClauses(when: string): Array<{ equals?: string; matches?: RegExp }> {
  const out: Array<{ equals?: string; matches?: RegExp }> = [];
  for (const m of when.matchAll(/viewItem\s*(==|=~)\s*(\/(?:\\.|[^/])*\/[a-z]*|[^\s&|)]+)/g)) {
    if (m[1] === '==') out.push({ equals: m[2]! });
    else {
      const body = /^\/(.*)\/([a-z]*)$/.exec(m[2]!)!;
      out.push({ matches: new RegExp(body[1]!, body[2]) });
    }
  }
  return out;
}

const NODE_ONLY = ['resource', 'node'];

/**
 * The commands that run in Restricted Mode (`trust: 'read'`), each with why that is safe: it only reads or
 * validates, reads AWS with the user's own connection settings, or changes only the user's own state (user
 * settings, this window's choices, SecretStorage). Anything that writes a file, changes AWS, calls an API's routes
 * or runs workspace code is `write`. A new `read` command must be added here, with its reason.
 */
const RESTRICTED_MODE_COMMANDS: Record<string, string> = {
  'apigw.showLog': "opens the extension's log",
  'apigw.selectProfile': 'writes the user setting (never the workspace) when untrusted',
  'apigw.selectRegion': 'writes the user setting (never the workspace) when untrusted',
  'apigw.changeConnection': 'the menu of Select Profile, Select Region and the settings editor',
  'apigw.refreshExplorer': "reads AWS with the user's connection",
  'apigw.refreshNode': "reads AWS with the user's connection",
  'apigw.loadMore': "reads AWS with the user's connection",
  'apigw.showErrorDetails': "shows an explorer node's error",
  'apigw.goToApi': "reads AWS with the user's connection",
  'apigw.copyId': 'copies what the explorer shows',
  'apigw.copyArn': 'copies what the explorer shows',
  'apigw.copyInvokeUrl': 'copies what the explorer shows',
  'apigw.openInConsole': "opens the AWS console's page of what the explorer shows",
  'apigw.showPlan': "validates the spec and reads AWS with the user's connection; a virtual document",
  'apigw.checkSpecSync': "validates the spec and reads AWS with the user's connection",
  'apigw.stopTail': 'stops a tail started while trusted',
  'apigw.showRequestLogs': "reads CloudWatch Logs with the user's connection",
  'apigw.showCallHistory': "shows (or clears) this workspace's call history; sends nothing",
  'apigw.switchRequestEnvironment': "this window's choice of environment; variables are not read untrusted",
  'apigw.forgetTokens': "deletes the user's own saved tokens",
  'apigw.stopLocalApi': 'stops a local API started while trusted',
  'apigw.showLocalTraffic': "shows a local API's output",
  'apigw.showLocalRequest': "shows a local API's recorded request",
  'apigw.localApiMenu': 'a menu of commands that each apply their own policy',
  'apigw.showApiMetrics': "reads CloudWatch with the user's connection",
  'apigw.showStageMetrics': "reads CloudWatch with the user's connection",
  'apigw.showRouteMetrics': "reads CloudWatch with the user's connection",
  'apigw.showMetricsLogs': "reads CloudWatch Logs with the user's connection",
};

/**
 * Every contributed setting, and whether Restricted Mode must ignore a workspace's value of it: `restricted` when
 * it chooses credentials, where calls go, or a file or program the extension reads or runs — a cloned repository
 * must not set those — otherwise `harmless` (what is shown, how much, how often). A new setting must be added here.
 */
const SETTING_TRUST: Record<string, 'restricted' | 'harmless'> = {
  'apigw.spec.validationDelay': 'harmless',
  'apigw.spec.outlineLimit': 'harmless',
  'apigw.profile': 'restricted', // the credentials
  'apigw.region': 'restricted', // where calls go
  'apigw.endpointUrl': 'restricted', // where signed calls go
  'apigw.pageSize': 'harmless',
  'apigw.deploy.codeLens': 'harmless',
  'apigw.keepDeployments': 'harmless', // read only by Clean Up, a write command (refused untrusted), with a modal
  'apigw.tail.mode': 'harmless',
  'apigw.tail.since': 'harmless',
  'apigw.tail.includeFunctions': 'harmless',
  'apigw.tail.includeExecutionLogs': 'harmless',
  'apigw.tail.accessLogRetentionDays': 'harmless', // named in the modal that turns access logging on
  'apigw.tail.maxLines': 'harmless',
  'apigw.call.codeLens': 'harmless',
  'apigw.call.clientCertificates': 'restricted', // key and certificate files a call reads and presents
  'apigw.local.port': 'harmless',
  'apigw.local.templateCodeLens': 'harmless',
  'apigw.local.python': 'restricted', // the program that runs handlers
  'apigw.explorer.metrics': 'harmless',
};

describe('package.json', () => {
  const pkg = manifest();

  it('has the extension identity', () => {
    assert.equal(pkg.name, 'apigw-workbench');
    assert.equal(pkg.displayName, 'API Gateway Workbench');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '~1.100.0');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description);
  });

  const table = commandTable();
  const menuEntries = Object.entries(pkg.contributes.menus ?? {}).flatMap(([menu, items]) =>
    items.map((item) => ({ menu, ...item })),
  );

  it('the command table declares every contributed command once, with its title', () => {
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    const declared = table.map((c) => c.id).sort();
    assert.deepEqual(declared, contributed);
    assert.equal(new Set(declared).size, declared.length, 'no command twice');
    for (const c of table) {
      const title = pkg.contributes.commands.find((x) => x.command === c.id)!.title;
      assert.equal(c.title, title.replace(/…$/, ''), c.id);
      assert.ok(['none', 'api', 'stage', 'wsStage', 'route', 'spec', 'resource', 'node'].includes(c.subject), c.id);
      assert.ok(['read', 'write'].includes(c.trust), c.id);
      assert.equal(typeof c.cancellable, 'boolean', c.id);
    }
  });

  it('the palette hides exactly the commands that need a tree node (or say palette: false)', () => {
    const hidden = new Set(
      menuEntries.filter((m) => m.menu === 'commandPalette' && m.when === 'false').map((m) => m.command),
    );
    for (const c of table) {
      const shouldHide = NODE_ONLY.includes(c.subject) || c.palette === false;
      assert.equal(
        hidden.has(c.id),
        shouldHide,
        `${c.id} (subject ${c.subject}) ${shouldHide ? 'is' : 'is not'} hidden`,
      );
    }
  });

  it('commands that write to AWS show only in trusted workspaces, wherever a menu offers them', () => {
    for (const c of table.filter((x) => x.trust === 'write')) {
      for (const m of menuEntries.filter((x) => x.command === c.id)) {
        assert.ok(m.when === 'false' || /\bisWorkspaceTrusted\b/.test(m.when ?? ''), `${c.id} in ${m.menu}: ${m.when}`);
      }
      assert.ok(
        menuEntries.some((m) => m.command === c.id && m.menu === 'commandPalette'),
        `${c.id} has a commandPalette entry (hidden, or only when trusted)`,
      );
    }
  });

  it("every viewItem clause matches a context value the explorer's nodes set", () => {
    const values = allContextValues();
    for (const m of menuEntries) {
      for (const clause of viewItemClauses(m.when ?? '')) {
        const hit =
          clause.equals !== undefined
            ? values.includes(clause.equals as never)
            : values.some((v) => clause.matches!.test(v));
        assert.ok(hit, `${m.command} in ${m.menu}: ${m.when} matches no context value (${values.join(', ')})`);
      }
    }
    assert.ok(
      values.includes('apigw.route.http') && values.includes('apigw.route.websocket'),
      'routes carry the protocol',
    );
  });

  it('the viewItem reader sees both clause forms', () => {
    assert.deepEqual(
      viewItemClauses('view == x && viewItem == apigw.integration').map((c) => c.equals),
      ['apigw.integration'],
    );
    assert.equal(
      viewItemClauses('viewItem =~ /^apigw\\.stage\\b/ && isWorkspaceTrusted')[0]!.matches!.source,
      '^apigw\\.stage\\b',
    );
  });

  it('commands are apigw.camelCase with the API Gateway category', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^apigw\.[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/, c.command);
      assert.equal(c.category, 'API Gateway', c.command);
    }
  });

  it('menus only name contributed commands', () => {
    const ids = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {})) {
      for (const item of items) assert.ok(ids.has(item.command), `${menu} names unknown command ${item.command}`);
    }
  });

  it('settings live under apigw. with a description and a scope', () => {
    for (const [id, s] of Object.entries(pkg.contributes.configuration.properties)) {
      assert.match(id, /^apigw\./, id);
      assert.ok(s.markdownDescription, `${id} has no markdownDescription`);
      assert.ok(s.scope, `${id} has no scope`);
    }
  });

  it('restricted mode ignores workspace values of every setting that chooses credentials, a target, a file or a program', () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const settings = Object.keys(pkg.contributes.configuration.properties).sort();
    assert.deepEqual(Object.keys(SETTING_TRUST).sort(), settings, 'every setting is classified here');
    const expected = settings.filter((id) => SETTING_TRUST[id] === 'restricted');
    assert.deepEqual([...restricted].sort(), expected);
    // ConnectionManager.settings() also reads these three with globalValue() when untrusted (test/suite/explorer.test.ts).
    for (const id of ['apigw.profile', 'apigw.region', 'apigw.endpointUrl']) assert.ok(restricted.includes(id), id);
  });

  it('only commands that read, validate or change the user’s own state run in Restricted Mode', () => {
    const read = table.filter((c) => c.trust === 'read').map((c) => c.id);
    assert.deepEqual(read.sort(), Object.keys(RESTRICTED_MODE_COMMANDS).sort());
  });

  it('activates lazily (no * or onStartupFinished)', () => {
    for (const e of pkg.activationEvents ?? []) {
      assert.notEqual(e, '*');
      assert.notEqual(e, 'onStartupFinished');
    }
  });
});
