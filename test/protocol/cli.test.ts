import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeCorpus } from '../../bench/corpus/generate';
import { entry, relatedItem } from '../core/helpers/fixture';
import { repoRoot } from '../core/helpers/paths';

const GOOD = 'news/2016/07/10/another-event.md';
const BAD = 'news/2016/07/11/a-test-event-happens.md';

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'event-entries-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

suite('cli: event-entries check', function () {
  this.timeout(30_000);
  let folder: string;
  setup(() => {
    folder = folderWith({
      [GOOD]: entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'Another event.' }),
      [BAD]: entry({ sources: null, related: relatedItem(1, 'Another event.', '/news/2016/07/10/another-event.md') + '\n' + relatedItem(2, 'Gone.', '/news/2016/07/9/gone.md') }),
    });
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('text output is path:line:col: severity code message, exit 1 on errors', () => {
    const { status, stdout, stderr } = cli(['check', '.'], folder);
    assert.equal(status, 1);
    assert.deepEqual(stdout.trim().split('\n'), [
      `${BAD}:3:1: warning source.missing No sources: add a "### Source:" section with at least one link.`,
      `${BAD}:10:12: error related.dangling Related link target not found in the workspace: /news/2016/07/9/gone.md`,
    ]);
    assert.match(stderr, /2 files checked \(2 entries indexed, 0 proven clean while indexed\), 1 error, 1 warning/);
  });

  test('json and sarif', () => {
    const json = JSON.parse(cli(['check', '--format', 'json'], folder).stdout) as { code: string; line: number; column: number }[];
    assert.deepEqual(json.map((p) => [p.code, p.line, p.column]), [['source.missing', 3, 1], ['related.dangling', 10, 12]]);
    const sarif = JSON.parse(cli(['check', folder, '--format=sarif'], folder).stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[]; tool: { driver: { rules: unknown[] } } }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine]), [['source.missing', 'warning', 3], ['related.dangling', 'error', 10]]);
    assert.ok(sarif.runs[0].tool.driver.rules.length > 20);
  });

  test('exit 0 without errors, 2 on bad usage or a missing folder', () => {
    rmSync(join(folder, BAD));
    assert.equal(cli(['check'], folder).status, 0);
    assert.equal(cli(['check', '--format', 'xml'], folder).status, 2);
    assert.equal(cli(['check', join(folder, 'nope')], folder).status, 2);
    assert.equal(cli(['lint'], folder).status, 2);
  });

  test('--changed checks changed entries and the entries linking to them', () => {
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: folder, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'start');
    assert.equal(cli(['check', '--changed', 'HEAD'], folder).stdout, '', 'nothing changed, nothing checked');
    writeFileSync(join(folder, GOOD), entry({ date: '2016-07-10', dayLink: '/news/2016/07/10/index.md', headline: 'A retitled event.' }));
    const { stdout } = cli(['check', '--changed', 'HEAD', '--format', 'json'], folder);
    const codes = (JSON.parse(stdout) as { file: string; code: string }[]).map((p) => `${p.file} ${p.code}`);
    assert.deepEqual(codes, [`${BAD} source.missing`, `${BAD} related.staleTitle`, `${BAD} related.dangling`]);
    assert.equal(cli(['check', '--changed', 'no-such-revision'], folder).status, 2);
  });

  test('--changed works in a folder whose name needs escaping in a URI', () => {
    const odd = join(folder, 'archive (copy) @1, +more!');
    mkdirSync(odd);
    for (const path of [GOOD, BAD]) {
      mkdirSync(dirname(join(odd, path)), { recursive: true });
      writeFileSync(join(odd, path), readFileSync(join(folder, path)));
    }
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: odd, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'start');
    writeFileSync(join(odd, BAD), `${readFileSync(join(odd, BAD), 'utf8')}\n`);
    const { status, stdout } = cli(['check', '--changed', 'HEAD', '--format', 'json'], odd);
    assert.equal(status, 1, 'the changed entry still has its dangling link');
    assert.deepEqual((JSON.parse(stdout) as { code: string }[]).map((p) => p.code), ['source.missing', 'related.dangling']);
  });
});

suite('cli: the check in worker threads', function () {
  this.timeout(120_000);
  let folder: string;
  setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'event-entries-cli-workers-'));
    writeCorpus(folder, { entries: 1500, seed: 9, faults: true });
    // A file the workers must report as a whole-file problem.
    mkdirSync(join(folder, 'news/2016/07/11'), { recursive: true });
    writeFileSync(join(folder, 'news/2016/07/11/binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01]));
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('workers (which prove most files clean while indexing) and the in-process check report exactly the same problems, in the same order', () => {
    const viaWorkers = cli(['check', folder, '--format', 'json'], folder, { EVENT_ENTRIES_WORKER_THRESHOLD: '1' });
    const inProcess = cli(['check', folder, '--format', 'json'], folder, { EVENT_ENTRIES_WORKER_THRESHOLD: '1000000' });
    assert.equal(viaWorkers.status, inProcess.status, viaWorkers.stderr);
    assert.doesNotMatch(viaWorkers.stderr, /failed, checking in process/, 'the workers did the check');
    const proven = Number(/(\d+) proven clean while indexed/.exec(viaWorkers.stderr)?.[1]);
    assert.ok(proven > 1400, `the workers proved ${proven} of 1501 files clean: ${viaWorkers.stderr}`);
    assert.match(inProcess.stderr, / 0 proven clean while indexed/, 'the in-process load proves nothing: every file was diagnosed');
    const problems = JSON.parse(viaWorkers.stdout) as { code: string }[];
    assert.ok(problems.length >= 7, `the planted faults and the binary file: ${viaWorkers.stdout.slice(0, 500)}`);
    assert.ok(problems.some((problem) => problem.code === 'file.binary'));
    assert.equal(viaWorkers.stdout, inProcess.stdout);
    // As a user runs it: the load in workers proves files clean, and the few left are checked in process.
    const asUsual = cli(['check', folder, '--format', 'json'], folder);
    assert.match(asUsual.stderr, /1501 files checked \(1500 entries indexed, 14\d\d proven clean while indexed\)/);
    assert.equal(asUsual.stdout, inProcess.stdout);
  });

  test('nested folders (every entry listed twice) give the same problems with proofs as without', () => {
    const nested = [folder, join(folder, 'news')];
    const withProofs = cli(['check', ...nested, '--format', 'json'], folder);
    const inProcess = cli(['check', ...nested, '--format', 'json'], folder, { EVENT_ENTRIES_WORKER_THRESHOLD: '1000000' });
    assert.match(withProofs.stderr, /1501 files checked \(1500 entries indexed, 14\d\d proven clean while indexed\)/);
    assert.equal(withProofs.stdout, inProcess.stdout);
    assert.equal(withProofs.status, inProcess.status);
  });
});
