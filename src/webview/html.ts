// The HTML shell of every webview page, pure so it is unit-tested: a Content-Security-Policy that allows nothing but
// the page's own bundle (by the nonce) and its stylesheet from the extension (by the webview's cspSource), no remote
// resource of any kind, no inline script without the nonce, no plugins, no frames, no form posts.

export interface PageShell {
  /** The webview's `cspSource`: the origin its local resources are served from. */
  cspSource: string;
  /** A fresh random nonce per render (base64). */
  nonce: string;
  /** The page bundle and its stylesheet, as webview URIs of files under the extension's dist/. */
  scriptUri: string;
  styleUri: string;
  title: string;
  /** `lang` of the document. */
  lang?: string;
}

/** The policy, one directive per kind: what is not named is refused by `default-src 'none'`. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // No 'unsafe-inline': uPlot sizes and moves its elements through the CSSOM (element.style), which CSP allows.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The document: the CSP first, then the stylesheet and the script (deferred), and an empty `#app` the page fills. */
export function pageHtml(p: PageShell): string {
  const attr = (v: string) => escapeHtml(v);
  return `<!DOCTYPE html>
<html lang="${attr(p.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>${escapeHtml(p.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}" defer></script>
</body>
</html>
`;
}
