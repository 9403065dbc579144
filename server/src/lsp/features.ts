/** Registers the editing features (completion, hover, code actions, navigation) and converts their types. */
import {
  CodeActionKind, CompletionItemKind, InsertTextFormat, MarkupKind, ResponseError, LSPErrorCodes,
  type CancellationToken, type CodeAction, type CompletionItem, type Connection, type Diagnostic,
} from 'vscode-languageserver';
import { fixAll, quickFixes, type CodeActionEntry } from '../core/features/codeActions';
import { complete } from '../core/features/completion';
import { hover } from '../core/features/hover';
import { definition, documentLinks } from '../core/features/navigation';
import { sourceTemplate } from '../core/features/sourceTemplate';
import type { CompletionKind, TextEdit } from '../core/features/types';
import type { EntriesService, OpenDocument } from '../core/service';
import { LineIndex } from '../core/textLines';
import { toRange } from './convert';
import { SOURCE_TEMPLATE_REQUEST, type SourceTemplateParams, type SourceTemplateResult } from './protocol';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  tag: CompletionItemKind.Keyword,
  event: CompletionItemKind.Reference,
  path: CompletionItemKind.File,
  date: CompletionItemKind.Constant,
  publisher: CompletionItemKind.Value,
};

/** The code action kind of the fix-all source action. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.eventEntries`;

/**
 * Wires the features of one service to a connection.
 * @param indexReady true once the first index is ready (built, or restored from the cache)
 */
export function registerFeatures(connection: Connection, service: EntriesService, indexReady: () => boolean): void {
  /** The service's view of an open entry with its line index, or undefined for other documents. */
  const open = (uri: string): { document: OpenDocument; lines: LineIndex } | undefined => {
    const document = service.document(uri);
    return document?.isEntry ? { document, lines: new LineIndex(document.text) } : undefined;
  };
  const isEntry = (uri: string): boolean => service.document(uri)?.isEntry === true;
  const toEdits = (lines: LineIndex, edits: readonly TextEdit[]) => edits.map((edit) => ({ range: toRange(lines, edit.span), newText: edit.newText }));

  /**
   * `open`, once what is built after indexing (seconds at 100,000 entries) is built, for the requests that read it:
   * other requests are answered meanwhile. Before the first index is ready nothing waits: what is indexed so far is
   * read at once, and the lookups built on first read. When the wait ends early, the error to answer with: the
   * request was cancelled, or its entry changed meanwhile (its positions would point into other text).
   */
  const openWhenBuilt = async (uri: string, token: CancellationToken): Promise<ReturnType<typeof open> | ResponseError<void>> => {
    if (indexReady() && !service.lookups.isBuilt) {
      const version = service.document(uri)?.version;
      if (!(await service.lookups.whenBuilt(token))) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      if (service.document(uri)?.version !== version) return new ResponseError(LSPErrorCodes.ContentModified, 'the entry changed while the search indexes were built');
    }
    return open(uri);
  };

  connection.onCompletion(async (params, token) => {
    if (!isEntry(params.textDocument.uri)) return null;
    const found = await openWhenBuilt(params.textDocument.uri, token);
    if (!found || found instanceof ResponseError) return found ?? null;
    const result = complete(service, found.document, found.lines.offsetAt(params.position), token);
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const items = result.items.map((item): CompletionItem => ({
      label: item.label,
      kind: KINDS[item.kind],
      detail: item.detail,
      documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
      sortText: item.sortText,
      filterText: item.filterText,
      textEdit: { range: toRange(found.lines, item.edit.span), newText: item.edit.newText },
      insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      additionalTextEdits: item.additionalEdits ? toEdits(found.lines, item.additionalEdits) : undefined,
      command: item.command ? { title: 'Suggest', command: item.command } : undefined,
    }));
    return { isIncomplete: result.isIncomplete, items };
  });

  connection.onHover(async (params, token) => {
    if (!isEntry(params.textDocument.uri)) return null;
    const found = await openWhenBuilt(params.textDocument.uri, token);
    if (!found || found instanceof ResponseError) return found ?? null;
    const result = await hover(service, found.document, found.lines.offsetAt(params.position), token);
    return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(found.lines, result.span) } : null;
  });

  connection.onCodeAction(async (params, token) => {
    if (!isEntry(params.textDocument.uri)) return null;
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const ours = wants(CodeActionKind.QuickFix) ? params.context.diagnostics.filter((d) => d.source === 'event-entries' && typeof d.code === 'string') : [];
    // Fix-all diagnoses the whole entry: only when source actions are asked for, not on every cursor move.
    const fixingAll = only?.some((requested) => FIX_ALL_KIND.startsWith(requested) || requested.startsWith(FIX_ALL_KIND)) === true;
    // Asked on every move of the cursor: only a request with something to fix waits for the lookups.
    if (ours.length === 0 && !fixingAll) return [];
    const found = await openWhenBuilt(params.textDocument.uri, token);
    if (!found || found instanceof ResponseError) return found ?? null;
    const { document, lines } = found;
    const entries: CodeActionEntry[] = [];
    const refs = ours.map((d) => ({
      code: d.code as string, span: { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) }, data: d.data as Record<string, unknown> | undefined,
    }));
    entries.push(...quickFixes(service, document, refs));
    if (fixingAll) entries.push(...fixAll(service, document));
    return entries.map((entry): CodeAction => ({
      title: entry.title,
      kind: entry.kind === 'quickfix' ? CodeActionKind.QuickFix : FIX_ALL_KIND,
      isPreferred: entry.isPreferred,
      diagnostics: entry.diagnostic ? params.context.diagnostics.filter((d) => d.code === entry.diagnostic!.code && sameRange(d, lines, entry.diagnostic!.span)) : undefined,
      edit: entry.edits ? { changes: { [document.uri]: toEdits(lines, entry.edits) } } : undefined,
      command: entry.command ? { title: entry.title, command: entry.command.command, arguments: entry.command.arguments } : undefined,
    }));
  });

  connection.onDefinition(async (params) => {
    const found = open(params.textDocument.uri);
    if (!found) return null;
    const link = await definition(service, found.document, found.lines.offsetAt(params.position));
    return link ? { uri: link.target, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
  });

  connection.onDocumentLinks(async (params) => {
    const found = open(params.textDocument.uri);
    if (!found) return null;
    const links = await documentLinks(service, found.document);
    return links.map((link) => ({ range: toRange(found.lines, link.span), target: link.target, tooltip: 'Open the linked entry' }));
  });

  connection.onRequest(SOURCE_TEMPLATE_REQUEST, (params: SourceTemplateParams): SourceTemplateResult | null => {
    const found = open(params.uri);
    if (!found) return null;
    const template = sourceTemplate(found.document, params.url);
    return template ? { position: found.lines.positionAt(template.offset), snippet: template.snippet } : null;
  });
}

function sameRange(diagnostic: Diagnostic, lines: LineIndex, span: { start: number; end: number }): boolean {
  return lines.offsetAt(diagnostic.range.start) === span.start && lines.offsetAt(diagnostic.range.end) === span.end;
}
