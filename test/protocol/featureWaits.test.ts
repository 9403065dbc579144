import * as assert from 'node:assert/strict';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { EntriesService } from '../../server/src/core/service';
import { SILENT_LOGGER } from '../../server/src/core/workspace';
import { registerFeatures } from '../../server/src/lsp/features';
import { dated } from '../core/helpers/fixture';
import { addChain, turnsUntil } from '../core/helpers/chain';
import { MemoryFileSystem } from '../core/helpers/memoryFs';

type Handler = (params: unknown, token: CancellationToken) => unknown;

/** A connection that only keeps the handlers the features register, so that a test calls them itself. */
function fakeConnection(): { connection: Connection; handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  const register = (name: string) => (handler: Handler): void => void handlers.set(name, handler);
  const connection = {
    onCompletion: register('completion'), onHover: register('hover'), onCodeAction: register('codeAction'),
    onDefinition: register('definition'), onDocumentLinks: register('documentLinks'), onRequest: register('request'),
  } as unknown as Connection;
  return { connection, handlers };
}

function token(): CancellationToken & { isCancellationRequested: boolean } {
  return { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
}

const ENTRIES = 3000;
const URI = 'untitled:typed';
/** An entry being typed: a related item whose title is half written, the cursor at its end. */
const TYPED = dated('2016-07-11', 'Talks resume.', { related: '1. [Talks' })[1].trimEnd();
const AT_END = { line: TYPED.split('\n').length - 1, character: TYPED.split('\n').at(-1)!.length };

/** A service whose index holds `ENTRIES` entries, its lookups not built (one step a slice), and one open entry being typed. */
function serviceWithLookupsToBuild(): EntriesService {
  const service = new EntriesService({ fs: new MemoryFileSystem({}), logger: SILENT_LOGGER, lookupSliceMs: 0 });
  addChain(service.index, ENTRIES);
  service.setDocument(URI, 1, TYPED);
  return service;
}

const completionAtEnd = { textDocument: { uri: URI }, position: AT_END };

suite('features: requests that wait for the lookups built after indexing', () => {
  test('a completion waits for the lookups, then answers from them', async () => {
    const service = serviceWithLookupsToBuild();
    const { connection, handlers } = fakeConnection();
    registerFeatures(connection, service, () => true);
    const answer = handlers.get('completion')!(completionAtEnd, token());
    assert.equal(service.lookups.isBuilt, false, 'still building when the handler first lets go');
    const result = (await answer) as { items: { label: string }[] };
    assert.ok(service.lookups.isBuilt);
    assert.ok(result.items.some((item) => item.label.startsWith('Talks number')), JSON.stringify(result.items.slice(0, 3)));
  });

  test('an entry edited while its completion waits gets "content modified": the position was in the older text', async () => {
    const service = serviceWithLookupsToBuild();
    const { connection, handlers } = fakeConnection();
    registerFeatures(connection, service, () => true);
    const answer = handlers.get('completion')!(completionAtEnd, token());
    service.setDocument(URI, 2, `${TYPED} more`);
    const result = await answer;
    assert.ok(result instanceof ResponseError && result.code === LSPErrorCodes.ContentModified, String(result));
  });

  test('a completion cancelled while it waits answers "cancelled", and the lookups are built all the same', async () => {
    const service = serviceWithLookupsToBuild();
    const { connection, handlers } = fakeConnection();
    registerFeatures(connection, service, () => true);
    const cancellation = token();
    const answer = handlers.get('completion')!(completionAtEnd, cancellation);
    cancellation.isCancellationRequested = true;
    const result = await answer;
    assert.ok(result instanceof ResponseError && result.code === LSPErrorCodes.RequestCancelled, String(result));
    assert.equal(await service.lookups.whenBuilt(token()), true);
  });

  test('a code action with nothing to fix answers at once and starts no build (VS Code asks on every cursor move)', async () => {
    const service = serviceWithLookupsToBuild();
    const { connection, handlers } = fakeConnection();
    registerFeatures(connection, service, () => true);
    const range = { start: AT_END, end: AT_END };
    assert.deepEqual(await handlers.get('codeAction')!({ textDocument: { uri: URI }, range, context: { diagnostics: [] } }, token()), []);
    assert.equal(service.index.lookupsBuilt, false);
    assert.equal(service.entrySearch.isBuilt, false);
  });

  test('before the first index is ready nothing waits: the lookups are built at once, over what is indexed so far', async () => {
    const service = serviceWithLookupsToBuild();
    const { connection, handlers } = fakeConnection();
    registerFeatures(connection, service, () => false);
    let result: { items: unknown[] } | undefined;
    const answered = Promise.resolve(handlers.get('completion')!(completionAtEnd, token())).then((answer) => (result = answer as { items: unknown[] }));
    assert.equal(await turnsUntil(answered), 0, 'answered without letting go of the thread');
    assert.ok(result && result.items.length > 0);
  });
});
