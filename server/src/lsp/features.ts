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

/** Wires the features of one service to a connection. */
export function registerFeatures(connection: Connection, service: EntriesService): void {
  /** The service's view of an open entry with its line index, or undefined for other documents. */
  const open = (uri: string): { document: OpenDocument; lines: LineIndex } | undefined => {
    const document = service.document(uri);
    return document?.isEntry ? { document, lines: new LineIndex(document.text) } : undefined;
  };
  const isEntry = (uri: string): boolean => service.document(uri)?.isEntry === true;
  const toEdits = (lines: LineIndex, edits: readonly TextEdit[]) => edits.map((edit) => ({ range: toRange(lines, edit.span), newText: edit.newText }));

  // These read the backlinks and the word index: a request that comes while they are being built (seconds after
  // indexing at 100,000 entries) waits for them, and other requests are answered meanwhile.
  const lookupsBuilt = (token: CancellationToken): Promise<boolean> => service.lookups.whenBuilt(token);

  connection.onCompletion(async (params, token) => {
    if (!isEntry(params.textDocument.uri) || !(await lookupsBuilt(token))) return cancelledOrNull(token);
    // Opened again: the buffer may have changed while the lookups were being built.
    const found = open(params.textDocument.uri);
    if (!found) return null;
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
    if (!isEntry(params.textDocument.uri) || !(await lookupsBuilt(token))) return cancelledOrNull(token);
    const found = open(params.textDocument.uri);
    if (!found) return null;
    const result = await hover(service, found.document, found.lines.offsetAt(params.position), token);
    return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(found.lines, result.span) } : null;
  });

  connection.onCodeAction(async (params, token) => {
    if (!isEntry(params.textDocument.uri) || !(await lookupsBuilt(token))) return cancelledOrNull(token);
    const found = open(params.textDocument.uri);
    if (!found) return null;
    const { document, lines } = found;
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const entries: CodeActionEntry[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const refs = params.context.diagnostics.filter((d) => d.source === 'event-entries' && typeof d.code === 'string').map((d) => ({
        code: d.code as string, span: { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) }, data: d.data as Record<string, unknown> | undefined,
      }));
      entries.push(...quickFixes(service, document, refs));
    }
    // Fix-all diagnoses the whole entry: only when source actions are asked for, not on every cursor move.
    if (only?.some((requested) => FIX_ALL_KIND.startsWith(requested) || requested.startsWith(FIX_ALL_KIND))) entries.push(...fixAll(service, document));
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

/** What a request answers when it stopped early: cancelled, if it was, else nothing. */
function cancelledOrNull(token: CancellationToken): ResponseError<void> | null {
  return token.isCancellationRequested ? new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled') : null;
}

function sameRange(diagnostic: Diagnostic, lines: LineIndex, span: { start: number; end: number }): boolean {
  return lines.offsetAt(diagnostic.range.start) === span.start && lines.offsetAt(diagnostic.range.end) === span.end;
}
