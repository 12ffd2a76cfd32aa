// REST Client's request variables: a request named with `# @name login` is remembered with its response after it is
// sent, and a later request reads it — `{{login.response.body.$.token}}` (a JSON path, ./jsonPath.ts; `asJson.`
// before it reads a body of any content type as JSON), `{{login.response.body.*}}` (the whole body),
// `{{login.response.headers.Location}}`, and the same of `request`
// (https://github.com/Huachao/vscode-restclient#request-variables). XPath into XML bodies (`//token`, `asXml.…`) is
// not read: such a reference has no value, and xPathReference() lets the refusal say why.
import { firstAtJsonPath } from './jsonPath';
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
  const json = path.startsWith('asJson.') ? path.slice('asJson.'.length) : path;
  if (xPath(json)) return undefined;
  try {
    return firstAtJsonPath(JSON.parse(body), json);
  } catch {
    // Not JSON, or nested deeper than the evaluator's stack.
    return undefined;
  }
}

/** A body path REST Client reads as XPath: `asXml.…`, or one that starts with `/` (`//reply[1]/@id`). */
function xPath(path: string): boolean {
  return path.startsWith('asXml.') || path.startsWith('/');
}

/** Whether `{{expr}}` reads a body by XPath, which the workbench does not (the refusal says so). */
export function xPathReference(expr: string): boolean {
  const m = REFERENCE.exec(expr);
  return m?.[3] === 'body' && xPath(m[4]!);
}
