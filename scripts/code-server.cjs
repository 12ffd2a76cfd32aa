// One place that knows how to find and start code-server 4.100.3 (= VS Code 1.100.3): used by the setup script,
// `npm start`, the test runners and the bench. The recipe and its reasons: docs/DEVELOPING.md (A real VS Code).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CODE_SERVER_VERSION = '4.100.3';

/** A cache folder outside the repository, shared by every checkout; APIGW_CODE_SERVER_DIR overrides it. */
function codeServerDir() {
  if (process.env.APIGW_CODE_SERVER_DIR) return path.resolve(process.env.APIGW_CODE_SERVER_DIR);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'apigw-workbench', `code-server-${CODE_SERVER_VERSION}`);
}

function codeServerEntry(dir = codeServerDir()) {
  return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function chromiumPath() {
  return process.env.APIGW_CHROMIUM || '/usr/bin/chromium';
}

/** Quiet defaults for a workbench that nobody configured: no walkthroughs, tips, update checks or git prompts. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * Prepares a data folder (user data, extensions, XDG homes) and returns the command line and environment that
 * start code-server on 127.0.0.1:port without touching the user's home folder.
 */
function prepareServer({ port, dataDir, workspaceTrust = false, settings = {}, env = {} }) {
  for (const d of ['user-data/User', 'extensions', 'config', 'data', 'cache']) {
    fs.mkdirSync(path.join(dataDir, d), { recursive: true });
  }
  fs.writeFileSync(
    path.join(dataDir, 'user-data', 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2),
  );
  const args = [
    codeServerEntry(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    path.join(dataDir, 'user-data'),
    '--extensions-dir',
    path.join(dataDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  return {
    command: process.execPath,
    args,
    env: {
      ...process.env,
      ...env,
      XDG_CONFIG_HOME: path.join(dataDir, 'config'),
      XDG_DATA_HOME: path.join(dataDir, 'data'),
      XDG_CACHE_HOME: path.join(dataDir, 'cache'),
    },
  };
}

/** The workbench URL for a folder; the payload loads an unpacked extension and, optionally, a test module. */
function workbenchUrl(port, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = `folder=${encodeURIComponent(path.resolve(folder))}`;
  return `http://127.0.0.1:${port}/?${q}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

/** Chromium flags for this closed network (without them it keeps trying to reach Google's hosts). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

module.exports = {
  CODE_SERVER_VERSION,
  CHROMIUM_ARGS,
  DEFAULT_SETTINGS,
  codeServerDir,
  codeServerEntry,
  chromiumPath,
  prepareServer,
  workbenchUrl,
};
