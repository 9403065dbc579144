/**
 * Lets the event loop handle what arrived (requests, file events) before long work goes on.
 * `setImmediate` runs right after pending I/O; `setTimeout(0)` waits at least a millisecond,
 * which over a hundred chunks of indexing adds up. Hosts without it get the timer.
 */
export function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
