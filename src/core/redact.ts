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
