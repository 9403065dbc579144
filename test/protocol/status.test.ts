import * as assert from 'node:assert/strict';
import { dated } from '../core/helpers/fixture';
import { startServer, type ServerSession } from './helpers/lspClient';

suite('protocol: the status bar\'s notifications', function () {
  this.timeout(30_000);
  let server: ServerSession | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('a cold index reports its share of files read as it goes, rising to 100, then ready with every entry', async () => {
    const files = Object.fromEntries(Array.from({ length: 600 }, (_, i) => dated(`2016-07-${String(1 + (i % 28)).padStart(2, '0')}`, `Event number ${i} happens.`)));
    server = await startServer(files);
    await server.ready(600);
    const indexing = server.statuses.filter((status) => status.state === 'indexing');
    const percents = indexing.map((status) => status.percent);
    assert.equal(percents[0], 0, JSON.stringify(indexing));
    assert.equal(percents[percents.length - 1], 100, JSON.stringify(percents));
    assert.ok(percents.length > 3, `only ${JSON.stringify(percents)}`);
    assert.ok(percents.every((percent, i) => i === 0 || percent! > percents[i - 1]!), `not rising: ${JSON.stringify(percents)}`);
    assert.deepEqual(server.statuses[server.statuses.length - 1], { state: 'ready', entries: 600, verified: true });
  });
});
