/** Leak detection: live libuv resources (sockets, servers, timers, file requests) by type. */
export type ResourceCounts = Map<string, number>;

export function activeResources(): ResourceCounts {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Resource types that exist now and did not (or more of them) in `before`. */
export function leaked(before: ResourceCounts, after: ResourceCounts = activeResources()): string[] {
  const out: string[] = [];
  for (const [type, n] of after) {
    const was = before.get(type) ?? 0;
    if (n > was) out.push(`${n - was} × ${type}`);
  }
  return out;
}

/** Waits until nothing leaks or the time is up; returns what is still leaked. */
export async function settleLeaks(before: ResourceCounts, timeoutMs = 2000): Promise<string[]> {
  const start = Date.now();
  for (;;) {
    const l = leaked(before);
    if (l.length === 0 || Date.now() - start > timeoutMs) return l;
    await new Promise((r) => setTimeout(r, 25));
  }
}
