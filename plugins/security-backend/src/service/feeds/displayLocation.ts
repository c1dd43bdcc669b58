/**
 * Where a feed reads from, as every signed-in user may see it in the feed status: a URL
 * without credentials, query or fragment (a mirror's URL may carry a token, e.g. a presigned
 * download link), a file path as it is.
 */
export function displayLocation(location: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return location;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return location;
  }
  return `${url.protocol}//${url.host}${url.pathname}`;
}
