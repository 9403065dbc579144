/** Text that goes into a snippet literally: `$`, `}` and `\` are escaped. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (char) => `\\${char}`);
}
