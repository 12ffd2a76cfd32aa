// Secrets never reach the log or a message: every line the extension writes passes through redact().

const PATTERNS: Array<[RegExp, string]> = [
  // Access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '$1****************'],
  // Authorization headers, bearer tokens and SigV4 signatures.
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, '$1[redacted]'],
  [/\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi, '$1 [redacted]'],
  [/(Signature=)[0-9a-f]{16,}/g, '$1[redacted]'],
  // Named secret fields in JSON, INI or query strings.
  [
    /((?:aws_)?(?:secret_?access_?key|session_?token|secretAccessKey|sessionToken|accessToken|refreshToken|clientSecret|X-Amz-Security-Token|x-amz-security-token)["']?\s*[:=]\s*["']?)[^"'\s,&}]+/gi,
    '$1[redacted]',
  ],
  // JWTs anywhere (header.payload.signature, base64url).
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '[redacted-jwt]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

// C0 controls but tab and newline, DEL, and the C1 controls (ESC, CSI and OSC introducers among them).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal: redacted, and with every control character that could start an escape sequence (colours,
 * OSC 8 links, title changes, cursor moves) shown as `\xNN`, so text from a spec or a log line cannot drive the
 * terminal. Every CLI write passes through this.
 */
export function forTerminal(text: string): string {
  return redact(text).replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
