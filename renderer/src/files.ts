/** A file name as people know it: the browser host keeps uploads as `<16 hex>-<name>`. */
export function displayFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/^[0-9a-f]{16}-/, '');
}

/** A message naming an uploaded file, with the host's `<16 hex>-` prefix taken off the name. */
export function withoutUploadPrefix(text: string): string {
  return text.replace(/(^|[\s/\\:("'“])[0-9a-f]{16}-(?=\S)/g, '$1');
}
