// Percentiles over raw samples (milliseconds). autocannon's own histogram keeps whole
// milliseconds, which rounds a sub-millisecond hop to 0 or 1; the bench keeps every sample as
// measured and sorts once.
export type Summary = { count: number; p50: number; p99: number; mean: number };

// Nearest-rank percentile of sorted values: the smallest value with at least p% of samples at or below it.
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : Number.NaN;
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}
