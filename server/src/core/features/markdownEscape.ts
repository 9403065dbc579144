/** Escaping of entry text for hovers and completion documentation: nothing from an entry may become markup. */

// `:` too: GFM autolinks a bare `https://…` even when its dots are escaped.
const SPECIAL = /[\\`*_{}[\]()#+\-.!<>|~&"'$:]/g;

/** Text shown literally in Markdown: every character that could start markup, HTML or a link is escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}
