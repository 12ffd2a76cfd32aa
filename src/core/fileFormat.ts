// The format a file's name asks for, for what the workbench writes (specs, OpenAPI documents): one reading for the
// CLI (`-o FILE`) and the editor (the file picked in a save dialog).

export type WrittenFormat = 'yaml' | 'json';

/** `.yaml`/`.yml` → yaml, `.json`/`.jsonc` → json (any case); undefined when the name says neither. */
export function writtenFormatOf(fileName: string): WrittenFormat | undefined {
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  if (/\.jsonc?$/i.test(fileName)) return 'json';
  return undefined;
}
