/**
 * A sentence in both of the desk's languages, made where its figures are known, so no screen ever
 * reads an English sentence back to translate it (docs/architecture.md, errors and reasons as data).
 */
export interface Said {
  en: string;
  zh: string;
}

export function said(en: string, zh: string): Said {
  return { en, zh };
}
