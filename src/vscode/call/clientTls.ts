// The TLS a Send presents and trusts over HTTPS, as curl's `--cert`, `--key` and `--cacert` give it: a client
// certificate for a custom domain with mutual TLS, from `apigw.call.clientCertificates` (by host), and the CA of a
// local API this window runs over HTTPS (Run Spec Locally as a domain with mutual TLS), trusted by itself.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ClientTls } from '../../aws/call';
import { WorkbenchError } from '../../core/errors';
import { Setting, value } from '../config';
import type { Runtime } from '../runtime';

/** One host's entry of `apigw.call.clientCertificates`: file paths. */
interface CertificateFiles {
  cert?: string;
  key?: string;
  ca?: string;
}

/** What a Send to `url` presents and trusts, read from disk now; undefined for plain HTTP or nothing configured. */
export async function clientTlsFor(rt: Runtime, url: string, doc: vscode.Uri): Promise<ClientTls | undefined> {
  const u = new URL(url);
  if (u.protocol !== 'https:') return undefined;
  const local = rt.local.list().find((e) => e.serverCaFile && new URL(e.url).origin === u.origin);
  const files = configuredFor(u, doc);
  if (!local && !files) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(doc)?.uri.fsPath ?? path.dirname(doc.fsPath);
  const [cert, key, ca] = await Promise.all(
    [files?.cert, files?.key, files?.ca ?? local?.serverCaFile].map((f) => readPem(folder, f)),
  );
  return { ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(ca ? { ca } : {}) };
}

/** The setting's entry for the URL's `host:port`, else for its host name. */
function configuredFor(u: URL, doc: vscode.Uri): CertificateFiles | undefined {
  const byHost = value<Record<string, CertificateFiles>>(Setting.callClientCertificates, {}, doc);
  return byHost[u.host] ?? byHost[u.hostname];
}

/** The text of a PEM file the setting names (relative to `folder`), or undefined when it names none. */
async function readPem(folder: string, relative: string | undefined): Promise<string | undefined> {
  if (relative === undefined) return undefined;
  const file = path.resolve(folder, relative);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new WorkbenchError('NotFound', `Cannot read the certificate file ${file} (apigw.call.clientCertificates).`, {
      hint: 'Paths are relative to the workspace folder.',
      fix: { label: 'Open the setting', setting: `apigw.${Setting.callClientCertificates}` },
      cause: err,
    });
  }
}
