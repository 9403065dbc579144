/**
 * The requests the server is answering, seen through the connection's message strategy, so that background
 * work (the diagnostics after an edit) can let them go first: a completion sent with a keystroke should not wait
 * behind the diagnostics of that keystroke, nor its answer behind theirs on the wire.
 */
import { Message, type MessageStrategy } from 'vscode-languageserver';

type Dispatched = ReturnType<MessageStrategy['handleMessage']>;

/** Counts requests from their dispatch until their answer is written. */
export class RequestsInFlight implements MessageStrategy {
  private count = 0;
  private readonly waiting = new Set<() => void>();

  /** Called by the connection for every message it dispatches, in the order received. */
  handleMessage(message: Message, next: (message: Message) => Dispatched): Dispatched {
    const result = next(message);
    // A request's promise settles once its answer has been written.
    if (!Message.isRequest(message) || !(result instanceof Promise)) return result;
    this.count++;
    return result.finally(() => {
      if (--this.count === 0) for (const wake of [...this.waiting]) wake();
    });
  }

  /**
   * Runs `task` once the messages received so far have been dispatched and the requests among them answered,
   * or after `limitMs` when a request takes longer (a workspace check runs for minutes).
   */
  afterRequests(task: () => void, limitMs: number): void {
    // Two turns of the loop: the connection dispatches one message per turn, each turn queueing the next one's,
    // so a request that came with the caller's notification (or in the next read) is in flight by then.
    setImmediate(() => setImmediate(() => {
      if (this.count === 0) {
        task();
        return;
      }
      const wake = (): void => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        task();
      };
      const timer = setTimeout(wake, limitMs);
      this.waiting.add(wake);
    }));
  }
}
