import * as assert from 'node:assert/strict';
import type { NotificationMessage, RequestMessage } from 'vscode-languageserver';
import { RequestsInFlight } from '../../server/src/lsp/requestsInFlight';

const COMPLETION: RequestMessage = { jsonrpc: '2.0', id: 1, method: 'textDocument/completion' };
const CHANGE: NotificationMessage = { jsonrpc: '2.0', method: 'textDocument/didChange' };

/** Dispatches a request whose answer is written after `ms`, as the connection would, recording when. */
function dispatch(inFlight: RequestsInFlight, ms: number, log: string[]): void {
  void inFlight.handleMessage(COMPLETION, () => new Promise<void>((resolve) => setTimeout(() => {
    log.push('answer');
    resolve();
  }, ms)));
}

function ran(log: string[], count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (log.length < count) return;
      clearInterval(check);
      resolve();
    }, 1);
  });
}

suite('requests in flight', () => {
  test('work after an edit waits for a request dispatched with it (the next turn) until its answer is written', async () => {
    const inFlight = new RequestsInFlight();
    const log: string[] = [];
    inFlight.afterRequests(() => log.push('diagnostics'), 1000);
    setImmediate(() => dispatch(inFlight, 30, log));
    await ran(log, 2);
    assert.deepEqual(log, ['answer', 'diagnostics']);
  });

  test('without requests the work runs at once, and notifications do not hold it', async () => {
    const inFlight = new RequestsInFlight();
    const log: string[] = [];
    void inFlight.handleMessage(CHANGE, () => new Promise<void>(() => undefined));
    inFlight.afterRequests(() => log.push('diagnostics'), 1000);
    setTimeout(() => log.push('5 ms later'), 5);
    await ran(log, 2);
    assert.deepEqual(log, ['diagnostics', '5 ms later']);
  });

  test('a request slower than the limit does not hold the work past it', async () => {
    const inFlight = new RequestsInFlight();
    const log: string[] = [];
    dispatch(inFlight, 300, log);
    const started = Date.now();
    inFlight.afterRequests(() => log.push('diagnostics'), 20);
    await ran(log, 1);
    assert.deepEqual(log, ['diagnostics']);
    assert.ok(Date.now() - started < 250, 'ran at the limit, not after the request');
    await ran(log, 2);
  });
});
