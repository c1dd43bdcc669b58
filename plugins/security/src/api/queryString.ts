type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * `?a=1&b=x,y`, or `''` when nothing is set. Unset and empty values are left out rather
 * than sent empty, because the backend reads `severity=` as "no severity matches".
 */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') {
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > 0) {
        search.set(key, value.join(','));
      }
      continue;
    }
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
