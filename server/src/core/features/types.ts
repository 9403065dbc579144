/** Results of the editing features, in core terms (spans, not LSP ranges); the wiring converts them. */
import type { Span } from '../model';

/** Replace the text of a span. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** What a completion item completes. */
export type CompletionKind = 'tag' | 'event' | 'path' | 'date' | 'publisher';

/** One completion proposal. */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown, already escaped. */
  readonly documentation?: string;
  readonly sortText: string;
  readonly filterText?: string;
  readonly edit: TextEdit;
  /** True when `edit.newText` is a snippet with tab stops. */
  readonly snippet?: boolean;
  readonly additionalEdits?: readonly TextEdit[];
  /** An editor command to run after inserting, e.g. to open suggestions again in an empty tag list. */
  readonly command?: string;
}

/** A completion answer; incomplete when more items matched than were returned. */
export interface CompletionResult {
  readonly items: readonly CompletionEntry[];
  readonly isIncomplete: boolean;
}

/** A hover: escaped Markdown and the span it applies to. */
export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}
