import * as assert from 'node:assert/strict';
import { generateCorpus, plantedFaults } from '../../bench/corpus/generate';
import { checkWorkspace } from '../../server/src/core/workspaceCheck';
import { NEVER_CANCELLED } from '../../server/src/core/workspace';
import { workspace } from './helpers/fixture';
import { WORKSPACE_URI } from './helpers/memoryFs';

suite('whole-workspace check on a generated archive', () => {
  test('finds exactly the planted faults, each with its code, and nothing else', async () => {
    const options = { entries: 600, seed: 11, faults: true };
    const files: Record<string, string> = {};
    for (const file of generateCorpus(options)) files[file.path] = file.text;
    const fixture = await workspace(files);
    assert.equal(fixture.service.index.size, 600);
    const found: string[] = [];
    await checkWorkspace(fixture.service, NEVER_CANCELLED, (report) => {
      for (const d of report.diagnostics) found.push(`${report.uri.slice(WORKSPACE_URI.length + 1)} ${d.code}`);
    });
    const expected = plantedFaults(options).map((fault) => `${fault.path} ${fault.code}`);
    assert.deepEqual(found.sort(), expected.sort());
  });
});
