/** Occupancy as the locale writes a percentage, one decimal at most; "—" without usable beds. */
export function formatOccupancy(percent: number | null): string {
  if (percent === null) return '—';
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(
    percent / 100,
  );
}

/** A number with the locale's separators, one decimal at most. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value);
}
