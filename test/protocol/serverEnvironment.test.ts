import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { HUGE_PAGE_TUNABLE, serverEnvironment } from '../../server/src/lsp/serverEnvironment';

suite('server environment: malloc asks for huge pages', () => {
  test('the tunable is added, appended to tunables already set, and a user\'s own hugetlb setting stands', () => {
    assert.deepEqual(serverEnvironment({}), { GLIBC_TUNABLES: HUGE_PAGE_TUNABLE });
    assert.deepEqual(serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }), { GLIBC_TUNABLES: `glibc.malloc.arena_max=2:${HUGE_PAGE_TUNABLE}` });
    assert.deepEqual(serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }), {});
  });

  test('a process started with it gets its large buffers in huge pages where the kernel grants them on request', function () {
    this.timeout(20_000);
    // A buffer of 64 MB, touched, then the process's own count of anonymous huge pages.
    const script = "const b = Buffer.alloc(64 << 20, 1); const m = /AnonHugePages:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/smaps_rollup', 'utf8')); console.log(m ? m[1] : 'none', b[7]);";
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...serverEnvironment(process.env) } });
    assert.equal(run.status, 0, run.stderr);
    const [hugeKb, byte] = run.stdout.trim().split(' ');
    assert.equal(byte, '1', 'the buffer reads back');
    const mode = existsSync('/sys/kernel/mm/transparent_hugepage/enabled') ? readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8') : '';
    const granted = /\[(always|madvise)\]/.test(mode) && existsSync('/proc/self/smaps_rollup');
    // Where the kernel grants none on request, the variable must still harm nothing: the buffer above read back.
    if (granted) assert.ok(Number(hugeKb) >= 2048, `AnonHugePages ${hugeKb} kB with THP ${mode.trim()}`);
  });
});
