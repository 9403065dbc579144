import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import { childUri, NodeFileSystem } from '../../server/src/lsp/nodeFileSystem';

const ODD_NAMES = ['plain.md', 'with space.md', 'per%cent.md', 'hash#.md', 'question?.md', 'colon:.md', 'accent-é.md', '[brackets].md', 'semi;colon.md', 'a+b.md', '~tilde', '.hidden'];

suite('node file system: fast paths agree with vscode-uri', () => {
  let folder: string;
  let folderUri: string;
  setup(() => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'event-entries-nodefs-')));
    folderUri = URI.file(folder).toString();
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('a child URI is what joinPath writes, for plain and odd names', () => {
    for (const parent of [folderUri, `${folderUri}/`, 'file:///c%3A/archive', 'file://server/share/news']) {
      for (const name of ODD_NAMES) {
        assert.equal(childUri(parent, name), Utils.joinPath(URI.parse(parent), name).toString(), `${parent} + ${name}`);
      }
    }
  });

  test('listing odd names gives URIs that stat and statMany both find, with the same answers', async () => {
    mkdirSync(join(folder, 'news'));
    for (const name of ODD_NAMES) writeFileSync(join(folder, 'news', name), name);
    const fs = new NodeFileSystem();
    fs.setRoots([folderUri]);
    const listed = await fs.readDirectory(Utils.joinPath(URI.parse(folderUri), 'news').toString());
    assert.deepEqual(listed.map((child) => child.name).sort(), [...ODD_NAMES].sort());
    const uris = listed.map((child) => child.uri);
    const one = await Promise.all(uris.map((uri) => fs.stat(uri)));
    const many = await fs.statMany(uris);
    assert.deepEqual(many, one);
    assert.ok(many.every((stat) => stat?.type === 'file'), JSON.stringify(many));
  });

  test('statMany refuses what stat refuses: outside the roots, climbing out, through a linked folder', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'event-entries-nodefs-outside-')));
    try {
      writeFileSync(join(outside, 'secret.md'), 'secret');
      symlinkSync(outside, join(folder, 'linked'));
      mkdirSync(join(folder, 'a\n'));
      mkdirSync(join(folder, 'b\u2028'));
      const fs = new NodeFileSystem();
      fs.setRoots([folderUri]);
      const uris = [
        URI.file(join(outside, 'secret.md')).toString(),
        `${folderUri}/../${outside.split('/').pop()}/secret.md`,
        `${folderUri}/linked/secret.md`,
        `${folderUri}/missing.md`,
        // A line break before `..` must not hide the climb from the fast path's check (the folder exists).
        `${folderUri}/a\n/../..`,
        `${folderUri}/b\u2028/../..`,
      ];
      const refused = uris.map(() => undefined);
      assert.deepEqual(await fs.statMany(uris), refused);
      assert.deepEqual(await Promise.all(uris.map((uri) => fs.stat(uri))), refused);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('after a file deep down was read, a linked folder beside it or above it is still refused', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'event-entries-nodefs-outside-')));
    try {
      writeFileSync(join(outside, 'secret.md'), 'secret');
      mkdirSync(join(outside, 'day'));
      writeFileSync(join(outside, 'day', 'secret.md'), 'secret');
      mkdirSync(join(folder, 'news', '2016', '07', '10'), { recursive: true });
      writeFileSync(join(folder, 'news', '2016', '07', '10', 'a.md'), 'a');
      symlinkSync(outside, join(folder, 'news', 'linked'));
      symlinkSync(join(outside, 'day'), join(folder, 'news', '2016', '07', '11'));
      const uri = (...parts: string[]): string => Utils.joinPath(URI.parse(folderUri), ...parts).toString();
      for (const synchronous of [false, true]) {
        const fs = new NodeFileSystem(synchronous);
        fs.setRoots([folderUri]);
        // A walk first, then a file deep down: the folders listed and those on the file's way are then known to be
        // inside, which must not let their linked neighbours in.
        assert.deepEqual((await fs.readDirectory(uri('news'))).map((child) => `${child.name} ${child.type}`).sort(), ['2016 directory', 'linked symlink']);
        assert.deepEqual((await fs.readDirectory(uri('news', '2016', '07'))).map((child) => `${child.name} ${child.type}`).sort(), ['10 directory', '11 symlink']);
        assert.equal((await fs.readFile(uri('news', '2016', '07', '10', 'a.md')))?.toString(), 'a');
        assert.equal(await fs.readFile(uri('news', '2016', '07', '11', 'secret.md')), undefined, 'a linked day folder');
        assert.equal(await fs.readFile(uri('news', 'linked', 'secret.md')), undefined, 'a linked folder higher up');
        assert.deepEqual(await fs.readDirectory(uri('news', 'linked')), []);
        assert.deepEqual(await fs.statMany([uri('news', 'linked', 'day', 'secret.md'), uri('news', '2016', '07', '11', 'secret.md')]), [undefined, undefined]);
        assert.equal(fs.readFileWithStamp(uri('news', '2016', '07', '11', 'secret.md'), 1000), undefined);
        assert.equal(fs.readFileWithStamp(uri('news', '2016', '07', '10', 'a.md'), 1000)?.stamp.size, 1);
      }
      // A folder checked before and then replaced by a link leads nowhere new: a folder below it is checked on its own.
      const fs = new NodeFileSystem(true);
      fs.setRoots([folderUri]);
      assert.equal((await fs.readFile(uri('news', '2016', '07', '10', 'a.md')))?.toString(), 'a');
      mkdirSync(join(outside, 'moved', '2016', '07', '12'), { recursive: true });
      writeFileSync(join(outside, 'moved', '2016', '07', '12', 'secret.md'), 'secret');
      renameSync(join(folder, 'news'), join(outside, 'news-before'));
      symlinkSync(join(outside, 'moved'), join(folder, 'news'));
      assert.equal(await fs.readFile(uri('news', '2016', '07', '12', 'secret.md')), undefined, 'read through a folder swapped for a link');
      assert.deepEqual(await fs.statMany([uri('news', '2016', '07', '12', 'secret.md')]), [undefined]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('files read one after another into one buffer each come back whole, the buffer growing for a larger one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'event-entries-read-buffer-'));
    try {
      const contents = ['short', 'x'.repeat(5000), '', 'é'.repeat(40), 'y'.repeat(300)];
      contents.forEach((content, i) => writeFileSync(join(folder, `${i}.md`), content));
      const fs = new NodeFileSystem(true);
      fs.setRoots([URI.file(folder).toString()]);
      const scratch = { bytes: Buffer.alloc(16) };
      contents.forEach((content, i) => {
        const file = fs.readFileWithStamp(URI.file(join(folder, `${i}.md`)).toString(), 1 << 20, scratch);
        assert.equal(Buffer.from(file?.bytes ?? []).toString('utf8'), content);
        assert.equal(file?.stamp.size, Buffer.byteLength(content));
      });
      assert.ok(scratch.bytes.length >= 5000, `the buffer grew to ${scratch.bytes.length}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
