// The language server process as the extension starts it, seen from the extension host that started it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateAndWaitForIndex } from './helpers';

/** The processes this one started (Linux: each thread's `children` in /proc). */
function childProcesses(): number[] {
  return fs.readdirSync('/proc/self/task').flatMap((thread) => {
    const listed = fs.readFileSync(`/proc/self/task/${thread}/children`, 'utf8').trim();
    return listed ? listed.split(/\s+/).map(Number) : [];
  });
}

/** A process's command line or environment, as its NUL-separated parts. */
function procList(pid: number, what: 'cmdline' | 'environ'): string[] {
  return fs.readFileSync(`/proc/${pid}/${what}`, 'utf8').split('\0').filter(Boolean);
}

suite('Event Entries server process (in the extension host)', () => {
  test('the server runs with malloc\'s huge-page tunable in its environment, as the client gives it', async function () {
    if (process.platform !== 'linux') {
      console.log('[event-entries-test] NOT RUN: the server process\'s environment is read from /proc, which only Linux has');
      this.skip();
    }
    await activateAndWaitForIndex();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    const serverModule = path.join(extension.extensionPath, 'dist', 'server.js');
    const servers = childProcesses().filter((pid) => {
      try {
        return procList(pid, 'cmdline').includes(serverModule);
      } catch {
        // A process that ended meanwhile.
        return false;
      }
    });
    assert.strictEqual(servers.length, 1, `one server process started from ${serverModule} among ${JSON.stringify(childProcesses())}`);
    const tunables = procList(servers[0], 'environ').find((variable) => variable.startsWith('GLIBC_TUNABLES='));
    assert.ok(tunables !== undefined && /[=:]glibc\.malloc\.hugetlb=1(:|$)/.test(tunables), `the server's GLIBC_TUNABLES: ${String(tunables)}`);
  });
});
