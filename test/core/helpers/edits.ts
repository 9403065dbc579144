/** Applies the core's edits and completion items to text, as an editor would, so that tests can assert exact results. */
import type { CompletionEntry, TextEdit } from '../../../server/src/core/features/types';

/** Applies edits whose spans refer to the original text; throws when two of them overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // Last edit first, so that earlier offsets stay valid; inserts at one offset keep their array order.
  const ordered = edits.map((edit, position) => ({ edit, position })).sort((a, b) => b.edit.span.start - a.edit.span.start || b.position - a.position);
  let out = text;
  let limit = text.length;
  for (const { edit } of ordered) {
    if (edit.span.start > edit.span.end || edit.span.end > limit) throw new Error(`overlapping or invalid edit at ${edit.span.start}-${edit.span.end}`);
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
    limit = edit.span.start;
  }
  return out;
}

/** The plain text a snippet inserts: tab stops (`$0`, `$1`, `${1}`) vanish, placeholders (`${1:x}`) keep their text, `\$ \} \\` unescape. */
export function expandSnippet(snippet: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < snippet.length; i++) {
    const char = snippet[i];
    const rest = snippet.slice(i);
    if (char === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (/^\$\d+/.test(rest)) {
      i += /^\$\d+/.exec(rest)![0].length - 1;
    } else if (/^\$\{\d+\}/.test(rest)) {
      i += /^\$\{\d+\}/.exec(rest)![0].length - 1;
    } else if (/^\$\{\d+:/.test(rest)) {
      open++;
      i += /^\$\{\d+:/.exec(rest)![0].length - 1;
    } else if (char === '}' && open > 0) {
      open--;
    } else {
      out += char;
    }
  }
  if (open > 0) throw new Error(`unclosed placeholder in snippet ${JSON.stringify(snippet)}`);
  return out;
}

/** The text after accepting a completion item: its edit (snippet expanded) and its additional edits. */
export function applyCompletion(text: string, item: CompletionEntry): string {
  const main = { span: item.edit.span, newText: item.snippet ? expandSnippet(item.edit.newText) : item.edit.newText };
  return applyEdits(text, [main, ...(item.additionalEdits ?? [])]);
}
