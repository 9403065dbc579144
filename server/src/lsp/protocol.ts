/** The messages this server adds to LSP; the client imports them from here so both sides agree. */

/** Server to client: the index state, for the status bar. */
export const STATUS_NOTIFICATION = 'eventEntries/status';

/** Parameters of the status notification. */
export interface StatusParams {
  readonly state: 'starting' | 'indexing' | 'ready';
  /** Entries in the index. */
  readonly entries: number;
}
