// How much a sidecar counter grew within the last `window` (a PromQL range, e.g. "5m"). A series is
// born at its first event, already at 1 or more, and increase() cannot see that first step: a call
// made once and never again would count as nothing. So series that did not exist at the window's
// start count whole (their sidecar started them at zero within the window).
export function grewWithin(metric: string, window: string): string {
  return `((increase(${metric}[${window}]) and ${metric} offset ${window}) or (${metric} unless ${metric} offset ${window}))`;
}
