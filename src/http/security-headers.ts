/**
 * Security headers for pages and API responses. Scripts and styles are files served by us, so
 * the CSP needs no 'unsafe-inline'; the chat page may be framed by the origins the bureau lists.
 */

/** Origins allowed to frame the web chat, cleaned so a bad value cannot inject CSP directives. */
export function frameAncestors(origins: string[]): string {
  const ok = origins.filter((o) => /^https?:\/\/[A-Za-z0-9.*-]+(:\d+)?$/.test(o) || o === "'self'");
  return ["'self'", ...ok.filter((o) => o !== "'self'")].join(' ');
}

/** Headers for an HTML page; `framing` is the frame-ancestors source list (or 'none'). */
export function pageHeaders(framing: string): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${framing}`,
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cache-Control': 'no-cache',
  };
  if (framing === "'none'") headers['X-Frame-Options'] = 'DENY';
  return headers;
}

/** Headers for every API response. */
export const apiHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
