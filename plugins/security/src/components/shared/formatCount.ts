// Pinned so counts read the same as the rest of the (English) UI, whatever the browser locale.
const numberFormat = new Intl.NumberFormat('en-US');

/** `2734` → `"2,734"`. */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}
