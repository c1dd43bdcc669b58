const ageFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Days to one decimal, rounded up so an age just over a limit never reads as the limit. */
export function formatAgeDays(days: number): string {
  return ageFormat.format(Math.ceil(days * 10 - 1e-9) / 10);
}

export const DAY_MS = 86_400_000;
