// App state: who is signed in, the work date, the screen, the banner and the progress of long work.
import { create } from 'zustand';
import type { HostInfo, MethodName, PayDeskProgress, SignedInUser } from './api/bridge-types.js';
import { CallError, toCallError } from './api/errors.js';
import type { Lang } from './i18n.js';

export const SCREENS = ['today', 'import', 'recon', 'orders', 'balances', 'vouchers', 'suspense', 'settlement', 'ledger', 'reports', 'charts', 'trainer', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Banner {
  kind: 'error' | 'ok' | 'info';
  code?: string;
  text: string;
  /** an error's reason and params (core/shared/errors.ts): the banner words it in the desk's language */
  reason?: CallError['reason'];
  params?: CallError['params'];
  /** where in a file, for file input */
  where?: string;
}

export interface AppState {
  lang: Lang;
  user: SignedInUser | null;
  host: HostInfo | null;
  /** the accounting date every screen works on */
  date: string;
  screen: Screen;
  banner: Banner | null;
  /** the latest progress report, cleared when the work ends */
  progress: PayDeskProgress | null;
  /** what is running now, shown beside the progress bar */
  busy: string | null;
  /** bumped after any change to the books, so screens reload */
  revision: number;
  setLang(lang: Lang): void;
  setUser(user: SignedInUser | null): void;
  setHost(host: HostInfo | null): void;
  setDate(date: string): void;
  go(screen: Screen): void;
  showError(error: unknown): void;
  showOk(text: string): void;
  clearBanner(): void;
  setProgress(progress: PayDeskProgress | null): void;
  changed(): void;
  /** Run one piece of work: marks it busy, shows any failure in the banner, returns undefined on failure. */
  run<T>(label: string, work: () => Promise<T>): Promise<T | undefined>;
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem('paydesk.lang');
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // storage unavailable: fall through
  }
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function screenFromHash(): Screen {
  const name = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'today';
}

export function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const useApp = create<AppState>()((set, get) => ({
  lang: initialLang(),
  user: null,
  host: null,
  date: localToday(),
  screen: screenFromHash(),
  banner: null,
  progress: null,
  busy: null,
  revision: 0,
  setLang(lang) {
    try {
      localStorage.setItem('paydesk.lang', lang);
    } catch {
      // not saved: the switch still applies to this window
    }
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    set({ lang });
  },
  setUser(user) {
    set({ user, banner: null });
  },
  setHost(host) {
    set({ host });
  },
  setDate(date) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) set({ date });
  },
  go(screen) {
    if (location.hash !== `#/${screen}`) history.replaceState(null, '', `#/${screen}`);
    set({ screen, banner: get().banner?.kind === 'error' ? get().banner : null });
  },
  showError(error) {
    const e: CallError = toCallError(error);
    const where = e.location ? [e.location.file, e.location.row !== undefined ? `row ${e.location.row}` : '', e.location.column ?? ''].filter(Boolean).join(' · ') : undefined;
    // a cancel is what the user asked for, not a failure: said plainly, not as an alert
    const kind = e.code === 'CANCELLED' || e.reason === 'SESSION_EXPIRED' ? 'info' : 'error';
    const banner = { kind, code: e.code, text: e.text, reason: e.reason, params: e.params, ...(where ? { where } : {}) } as const;
    // the sign-in ran out: back to the sign-in screen, saying why
    if (e.reason === 'SESSION_EXPIRED') set({ user: null, banner });
    else set({ banner });
  },
  showOk(text) {
    set({ banner: { kind: 'ok', text } });
  },
  clearBanner() {
    set({ banner: null });
  },
  setProgress(progress) {
    set({ progress });
  },
  changed() {
    set({ revision: get().revision + 1 });
  },
  async run(label, work) {
    // a success message of earlier work is not left standing while new work runs (an error stays)
    set({ busy: label, progress: null, banner: get().banner?.kind === 'error' ? get().banner : null });
    try {
      return await work();
    } catch (error) {
      get().showError(error);
      return undefined;
    } finally {
      set({ busy: null, progress: null });
    }
  },
}));

/**
 * Whether the signed-in user's role may call `method`: the core's own list for that user (sent at
 * sign-in, worked out from the registry it enforces). Screens show an action only where this holds;
 * the core refuses everyone else anyway.
 */
export function may(user: SignedInUser | null, method: MethodName): boolean {
  return !!user && user.methods.includes(method);
}
