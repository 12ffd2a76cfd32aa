// REST Client's request variables: a request named with `# @name login` is remembered with its response after it is
// sent, and a later request reads it — `{{login.response.body.$.token}}` (a JSON path), `{{login.response.body.*}}`
// (the whole body), `{{login.response.headers.Location}}`, and the same of `request`
// (https://github.com/Huachao/vscode-restclient#request-variables). XPath into XML bodies is not read.
import { valueAtJsonPath } from '../local/expressions';
import { headerValue } from './types';

/** What a named request sent and got back. */
export interface Exchange {
  request: { headers: ReadonlyArray<readonly [string, string]>; body?: string };
  response: { headers: ReadonlyArray<readonly [string, string]>; body: string };
}

const REFERENCE = /^([\w-]+)\.(request|response)\.(headers|body)\.(.+)$/;

/** The request a `{{name.response…}}` variable reads, or undefined for any other variable. */
export function referencedRequest(expr: string): string | undefined {
  return REFERENCE.exec(expr)?.[1];
}

/** The value of a request variable from the named requests' exchanges; undefined when it has none. */
export function referenceValue(expr: string, exchanges: ReadonlyMap<string, Exchange>): string | undefined {
  const m = REFERENCE.exec(expr);
  const exchange = m && exchanges.get(m[1]!);
  if (!m || !exchange) return undefined;
  const part = m[2] === 'request' ? exchange.request : exchange.response;
  const path = m[4]!;
  if (m[3] === 'headers') return headerValue(part.headers, path);
  const body = part.body ?? '';
  if (path === '*') return body;
  if (!path.startsWith('$')) return undefined;
  try {
    return valueAtJsonPath(JSON.parse(body), path);
  } catch {
    return undefined;
  }
}
