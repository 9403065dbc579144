import * as assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { isDayPage } from '../../server/src/core/format';
import { excludeMatcher, matcherFor } from '../../server/src/core/folderWalk';
import { WORKSPACE_URI } from './helpers/memoryFs';

/** VS Code's default `files.exclude`, the project's own excludes, and globs of every other shape the matcher may meet. */
const GLOBS = [
  '**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db', '**/node_modules/**', '**/.git/**',
  '**/*.tmp.md', '**/[Dd]rafts', '**/{a,b}.md', '**/{x,y/z}', '**/@(old|older)/**', '**/!(keep).md', '**/\\*.md',
  '**/**', '**/*', '**/*/**', 'news/tmp/**', 'news/**/draft-*.md', '*.md', '**/.*', '**/news', '**/a+b', '**/(c)', '**/x.y/**',
];
const SEGMENTS = ['news', '2016', '07', '10', 'a.md', 'b.md', '.git', 'node_modules', 'Drafts', 'drafts', 'x', 'y', 'z', 'old', 'keep.md', 'draft-1.md', 'tmp', 'x.tmp.md', '*.md', '.hidden.md', 'Thumbs.db', 'index.md', 'é.md', 'with space.md', 'a+b', '(c)', 'x.y', 'xay'];
const ODD = ['', '.', '..', '/', 'news//a.md', 'news/./a.md', 'news/../a.md', '/news/a.md', 'news\\a.md', 'news/a.md/', 'news/', 'a\n/b.md', 'news/.git/', 'a\u2028/b.md'];

/** The matcher as it was written before its fast path: every glob through picomatch against the whole path. */
function reference(globs: readonly string[]): { matches(relative: string): boolean; excludesFolder(relative: string): boolean } {
  const include = picomatch([...DEFAULT_CONFIG.include], { dot: false, nocase: false });
  const all = [...DEFAULT_CONFIG.exclude, ...globs];
  const exclude = picomatch(all, { dot: true, nocase: false });
  return {
    matches: (relative) => include(relative) && !exclude(relative) && !isDayPage(relative),
    excludesFolder: (relative) => exclude(relative) || exclude(`${relative}/`) || /(^|\/)\.(git|hg|svn)$/.test(relative),
  };
}

/** Every path of up to three segments from `SEGMENTS`, and some of four, each also with a trailing slash. */
function paths(): string[] {
  const out: string[] = [...ODD];
  const add = (path: string): void => void out.push(path, `${path}/`);
  for (const a of SEGMENTS) {
    add(a);
    for (const b of SEGMENTS) {
      add(`${a}/${b}`);
      for (const c of SEGMENTS) add(`${a}/${b}/${c}`);
    }
  }
  for (const c of SEGMENTS) add(`news/2016/07/${c}`);
  return out;
}

suite('folder matcher: the fast exclude test answers as picomatch does', () => {
  const all = paths();

  test('the exclude test alone, glob by glob, on every path (whatever the include globs let through)', () => {
    for (const glob of GLOBS) {
      const fast = excludeMatcher([glob], { dot: true, nocase: false });
      const slow = picomatch(glob, { dot: true, nocase: false });
      for (const path of all) assert.equal(fast(path), slow(path), `${glob} on ${JSON.stringify(path)}`);
    }
  });

  test('each glob alone, for files and for folders', () => {
    for (const glob of GLOBS) {
      const fast = matcherFor({ uri: WORKSPACE_URI, config: DEFAULT_CONFIG, excludeGlobs: [glob] });
      const slow = reference([glob]);
      for (const path of all) {
        assert.equal(fast(path), slow.matches(path), `${glob} on file ${JSON.stringify(path)}`);
        assert.equal(fast.excludesFolder(path), slow.excludesFolder(path), `${glob} on folder ${JSON.stringify(path)}`);
      }
    }
  });

  test('all globs together, as files.exclude gives them', () => {
    const fast = matcherFor({ uri: WORKSPACE_URI, config: DEFAULT_CONFIG, excludeGlobs: GLOBS });
    const slow = reference(GLOBS);
    for (const path of all) {
      assert.equal(fast(path), slow.matches(path), `file ${JSON.stringify(path)}`);
      assert.equal(fast.excludesFolder(path), slow.excludesFolder(path), `folder ${JSON.stringify(path)}`);
    }
  });

  test('the segment globs do exclude what they name', () => {
    const matcher = matcherFor({ uri: WORKSPACE_URI, config: DEFAULT_CONFIG, excludeGlobs: ['**/.git', '**/[Dd]rafts', '**/old/**'] });
    assert.equal(matcher('news/2016/07/10/a.md'), true);
    assert.equal(matcher('news/2016/old/10/a.md'), false);
    assert.equal(matcher.excludesFolder('news/Drafts'), true);
    assert.equal(matcher.excludesFolder('news/.git'), true);
    assert.equal(matcher.excludesFolder('news/2016'), false);
  });
});
