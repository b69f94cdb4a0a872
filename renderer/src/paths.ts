/** Paths the renderer builds for the core: same separator as the data directory (Windows or POSIX). */
export function separatorOf(dir: string): string {
  return dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
}

export function joinPath(dir: string, ...parts: string[]): string {
  const sep = separatorOf(dir);
  return [dir.replace(/[\\/]+$/, ''), ...parts].join(sep);
}

/** Is `file` inside the exports folder? Only those files the browser host offers for download. */
export function underExports(file: string, exportsDir: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const root = `${norm(exportsDir)}/`;
  return norm(file).startsWith(root) && !norm(file).slice(root.length).split('/').includes('..');
}
