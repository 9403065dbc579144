/** Conversions between the core's spans and problems and LSP's ranges and diagnostics. */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, type Severity } from '../core/diagnostics/catalog';
import type { EntryDiagnostic } from '../core/diagnostics/diagnose';
import type { Span } from '../core/model';
import type { LineIndex } from '../core/textLines';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** An LSP range of a span. */
export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

/** An LSP diagnostic of a core diagnostic; `data` carries the code action's payload. */
export function toDiagnostic(lines: LineIndex, diagnostic: EntryDiagnostic): Diagnostic {
  return {
    range: toRange(lines, diagnostic.span),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    data: diagnostic.data,
  };
}
