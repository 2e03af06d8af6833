/**
 * Builds the function that replaces machine-specific folders in trace text
 * with stable names, such as the working directory with `$PWD`. A folder
 * is replaced only where a whole path component ends (`/work/a` does not
 * touch `/work/ab`), and the root `/` is never replaced.
 */
export function pathRewriter(replacements: [folder: string, shownAs: string][]): (text: string) => string {
  const usable = replacements
    .filter(([folder]) => folder !== '' && folder !== '/')
    .map(([folder, shownAs]) => [folder.replace(/\/+$/, ''), shownAs] as const)
    .sort(([a], [b]) => b.length - a.length);

  if (usable.length === 0) {
    return (text) => text;
  }

  const alternatives = usable.map(([folder]) => folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${alternatives.join('|')})(?=/|$|[^A-Za-z0-9._-])`, 'g');
  const shown = new Map<string, string>(usable);

  return (text) => text.replace(pattern, (folder) => shown.get(folder) ?? folder);
}
