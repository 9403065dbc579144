/**
 * What the server process's environment adds, for whoever starts it (the client, and the benchmark as the client
 * does). Kept out of the server's own code: glibc reads its tunables once, when the process starts.
 */

/**
 * glibc's malloc then asks the kernel for transparent huge pages for its large blocks (where the kernel grants them
 * on request, as Debian's does): the index's typed arrays and the cache's frames, ~50 MB at 100,000 entries, take
 * one page fault per 2 MB instead of one per 4 KB. Where a fault costs ~11 µs (the machine this was measured on),
 * a warm start answered in ~0.47 s instead of ~0.70 s. Node elsewhere, or another C library, ignores it.
 */
export const HUGE_PAGE_TUNABLE = 'glibc.malloc.hugetlb=1';

/** The variables to add to `current` (the starting process's environment); a user's own `hugetlb` setting stands. */
export function serverEnvironment(current: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const tunables = current.GLIBC_TUNABLES;
  if (tunables?.includes('glibc.malloc.hugetlb')) return {};
  return { GLIBC_TUNABLES: tunables ? `${tunables}:${HUGE_PAGE_TUNABLE}` : HUGE_PAGE_TUNABLE };
}
