/**
 * Links in text, and the allow-list of hosts an answer may carry (`ALLOWED_LINK_HOSTS`). A
 * knowledge document can be written by anyone who can drop a file into `knowledge/`; a phishing
 * URL in it must not reach investors as part of a cited answer, and ingest flags it for review.
 */

// http(s) URLs and bare "www." hosts a reader would click as well; ASCII only, so a Chinese comma ends one.
const URL_RE = /\bhttps?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&*+,;=%]+|\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][A-Za-z0-9\-._~:/?#[\]@!$&*+,;=%]*)?/gi;
/** What replaces a link whose host is not allowed. */
export const LINK_REMOVED = '[链接已隐去 link removed]';

/** The host of a URL found in text, lower case, or undefined when it has none. */
export function linkHost(url: string): string | undefined {
  try {
    return new URL(/^https?:\/\//i.test(url) ? url : `http://${url}`).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Every link in `text`, with its host. */
export function findLinks(text: string): { url: string; host: string | undefined; index: number }[] {
  return [...text.normalize('NFKC').matchAll(URL_RE)].map((m) => ({ url: m[0], host: linkHost(m[0]), index: m.index }));
}

/** True when `host` is an allowed host or a subdomain of one. */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  return allowed.some((a) => {
    const h = a.trim().toLowerCase().replace(/^\*\./, '');
    return h !== '' && (host === h || host.endsWith(`.${h}`));
  });
}

/** Links in `text` whose host is not allowed. */
export function disallowedLinks(text: string, allowed: readonly string[]): string[] {
  return findLinks(text)
    .filter((l) => !hostAllowed(l.host, allowed))
    .map((l) => l.url);
}

/** `text` with every link whose host is not allowed replaced by a notice. */
export function removeDisallowedLinks(text: string, allowed: readonly string[]): string {
  const replace = (t: string) => t.replace(URL_RE, (url) => (hostAllowed(linkHost(url), allowed) ? url : LINK_REMOVED));
  const out = replace(text);
  // A link typed in full-width letters ("ｈｔｔｐ：／／…") is only seen after NFKC: then the whole text is folded.
  return disallowedLinks(out, allowed).length > 0 ? replace(out.normalize('NFKC')) : out;
}

/** The hosts answers may link to: ALLOWED_LINK_HOSTS plus this server's own public host. */
export function allowedLinkHosts(config: { ALLOWED_LINK_HOSTS: string[]; PUBLIC_BASE_URL?: string | undefined }): string[] {
  const own = config.PUBLIC_BASE_URL ? linkHost(config.PUBLIC_BASE_URL) : undefined;
  return [...config.ALLOWED_LINK_HOSTS, ...(own ? [own] : [])];
}
