const WEB_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * The URL to put in an `href`, or undefined when it must be shown as text. URLs reach the tab
 * from uploaded reports, signature bundles and sources, so any of them may be hostile: only an
 * absolute http(s) URL becomes a link. Parsing with the URL constructor (rather than matching
 * a prefix) sees the scheme the browser would, whatever its case, whitespace or control
 * characters; a relative URL has no scheme to check and stays text too.
 */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // The serialised form is what was checked; the raw string could be read differently.
  return WEB_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
}
