/** The messages this server adds to LSP; the client imports them from here so both sides agree. */

/** Server to client: the index state, for the status bar. */
export const STATUS_NOTIFICATION = 'eventEntries/status';

/** Parameters of the status notification. */
export interface StatusParams {
  readonly state: 'starting' | 'indexing' | 'ready';
  /** Entries in the index. */
  readonly entries: number;
  /** False while a cached index is being checked against the disk. */
  readonly verified: boolean;
  /** While indexing: the share of the files read so far, 0 to 100. */
  readonly percent?: number;
}

/** Client to server: where and what to insert for a source template (with a URL: from that URL). */
export const SOURCE_TEMPLATE_REQUEST = 'eventEntries/sourceTemplate';

/** Parameters of the source template request. */
export interface SourceTemplateParams {
  readonly uri: string;
  readonly url?: string;
}

/** The snippet and its insert position; null when the document is not an entry or the URL is not http(s). */
export interface SourceTemplateResult {
  readonly position: { readonly line: number; readonly character: number };
  readonly snippet: string;
}

/** Client to server: check every entry and publish the problems of all of them. */
export const VALIDATE_WORKSPACE_REQUEST = 'eventEntries/validateWorkspace';

/** What the workspace check found. */
export interface ValidateWorkspaceResult {
  readonly files: number;
  readonly problems: number;
  readonly cancelled: boolean;
}
