// The shell: sign-in until someone is signed in, then header, navigation and the current screen.
import { useEffect, useState, type ReactNode } from 'react';
import { call, onProgress } from './api/client.js';
import { useApp, SCREENS, type Screen } from './store.js';
import { useT, roleName, type TKey } from './i18n.js';
import { BannerView, ProgressView } from './components/ui.js';
import { SignIn } from './screens/SignIn.js';
import { Today } from './screens/Today.js';
import { ImportScreen } from './screens/Import.js';
import { ReconScreen } from './screens/Recon.js';
import { BalancesScreen } from './screens/Balances.js';
import { VouchersScreen } from './screens/Vouchers.js';
import { SuspenseScreen } from './screens/Suspense.js';
import { SettlementScreen } from './screens/Settlement.js';
import { LedgerScreen } from './screens/Ledger.js';
import { ReportsScreen } from './screens/Reports.js';
import { ChartsScreen } from './screens/Charts.js';
import { TrainerScreen } from './screens/Trainer.js';
import { SettingsScreen } from './screens/Settings.js';
import { pickWorkDate } from './workdate.js';
import { Icons } from './components/icons.js';
import { OrdersScreen } from './screens/Orders.js';

/**
 * Every screen with its name, icon, view and keyboard shortcut: Alt + the letter, the same as the
 * Electron Go menu (electron/go-menu.ts). The letters avoid F, E, V, W and H, the menus' own Alt keys.
 * `code` is the physical key, so macOS's Option characters don't matter.
 */
const NAV: Record<Screen, { key: TKey; Icon: () => ReactNode; View: () => ReactNode; letter: string }> = {
  today: { key: 'nav.today', Icon: Icons.today, View: Today, letter: 'T' },
  import: { key: 'nav.import', Icon: Icons.import, View: ImportScreen, letter: 'I' },
  recon: { key: 'nav.recon', Icon: Icons.recon, View: ReconScreen, letter: 'R' },
  orders: { key: 'nav.orders', Icon: Icons.orders, View: OrdersScreen, letter: 'D' },
  balances: { key: 'nav.balances', Icon: Icons.balances, View: BalancesScreen, letter: 'B' },
  vouchers: { key: 'nav.vouchers', Icon: Icons.vouchers, View: VouchersScreen, letter: 'X' },
  suspense: { key: 'nav.suspense', Icon: Icons.suspense, View: SuspenseScreen, letter: 'S' },
  settlement: { key: 'nav.settlement', Icon: Icons.settlement, View: SettlementScreen, letter: 'M' },
  ledger: { key: 'nav.ledger', Icon: Icons.ledger, View: LedgerScreen, letter: 'L' },
  reports: { key: 'nav.reports', Icon: Icons.reports, View: ReportsScreen, letter: 'P' },
  charts: { key: 'nav.charts', Icon: Icons.charts, View: ChartsScreen, letter: 'C' },
  trainer: { key: 'nav.trainer', Icon: Icons.trainer, View: TrainerScreen, letter: 'N' },
  settings: { key: 'nav.settings', Icon: Icons.settings, View: SettingsScreen, letter: 'O' },
};

/** The screen an Alt+letter key press goes to, if any. */
export function screenForKey(event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; code: string }): Screen | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || !event.code.startsWith('Key')) return null;
  const letter = event.code.slice(3);
  return SCREENS.find((s) => NAV[s].letter === letter) ?? null;
}

export function App() {
  const user = useApp((s) => s.user);
  const [ready, setReady] = useState(false);
  const t = useT();

  useEffect(() => {
    document.documentElement.lang = useApp.getState().lang === 'zh' ? 'zh-CN' : 'en';
    const stop = onProgress((p) => {
      if (useApp.getState().busy) useApp.getState().setProgress(p);
    });
    const onHash = () => {
      const name = location.hash.replace(/^#\/?/, '');
      if ((SCREENS as readonly string[]).includes(name)) useApp.setState({ screen: name as Screen });
    };
    window.addEventListener('hashchange', onHash);
    (async () => {
      const s = useApp.getState();
      try {
        s.setHost(await call('host.info'));
      } catch (error) {
        s.showError(error);
      }
      try {
        const current = await call('session.current');
        if (current) {
          s.setUser(current);
          s.setDate(await pickWorkDate());
        }
      } catch {
        // not signed in: the sign-in screen shows
      }
      setReady(true);
    })();
    return () => {
      stop();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  if (!ready) return <div className="boot">{t('app.loading')}</div>;
  if (!user) return <SignIn />;
  return <Workbench />;
}

function Workbench() {
  const t = useT();
  const { user, host, date, screen, lang } = useApp();
  const { setDate, go, setLang, setUser } = useApp.getState();
  const [days, setDays] = useState<{ date: string; status: string }[]>([]);
  const revision = useApp((s) => s.revision);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = screenForKey(event);
      if (!target) return;
      event.preventDefault();
      useApp.getState().go(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    call('ledger.days').then((d) => setDays(d.slice(-14).reverse()), () => setDays([]));
  }, [revision]);

  const signOut = async () => {
    try {
      await call('session.signOut');
    } catch (error) {
      useApp.getState().showError(error);
    }
    setUser(null);
  };

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark">PD</span>
          <span className="brand-name">PayDesk</span>
          <span className="brand-sub">{t('app.subtitle')}</span>
        </div>
        <div className="topbar-date">
          <label>
            <span>{t('app.workDate')}</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="work-date" />
          </label>
          {days.length > 0 ? (
            <select value="" onChange={(e) => e.target.value && setDate(e.target.value)} aria-label={t('app.openDays')} title={t('app.openDays')}>
              <option value="">{t('app.openDays')}</option>
              {days.map((d) => (
                <option key={d.date} value={d.date}>{d.date} · {d.status === 'closed' ? t('day.closed') : t('day.open')}</option>
              ))}
            </select>
          ) : null}
        </div>
        <div className="topbar-user">
          <div className="lang-switch" role="group" aria-label="language">
            <button type="button" className={lang === 'zh' ? 'on' : ''} onClick={() => setLang('zh')}>中文</button>
            <button type="button" className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')}>EN</button>
          </div>
          <span className="user-name" data-testid="user-name">{user!.name}</span>
          <span className={`role role-${user!.role}`} data-testid="user-role">{roleName(t, user!.role)}</span>
          <button type="button" className="btn btn-quiet" onClick={signOut} data-testid="sign-out">{t('app.signOut')}</button>
        </div>
      </header>
      <nav className="sidenav">
        {SCREENS.map((s) => (
          <button
            key={s} type="button" className={screen === s ? 'nav-item active' : 'nav-item'} onClick={() => go(s)} data-testid={`nav-${s}`}
            aria-keyshortcuts={`Alt+${NAV[s].letter}`} title={t('nav.shortcut', { key: `Alt+${NAV[s].letter}` })}
          >
            <span className="nav-mark">{NAV[s].Icon()}</span>
            <span className="nav-label">{t(NAV[s].key)}</span>
            <kbd className="nav-key">{NAV[s].letter}</kbd>
          </button>
        ))}
        <div className="nav-foot">
          {host ? (
            <>
              <div title={host.dbFile}>{t('app.db')}: {host.dbFile.split(/[\\/]/).pop()}</div>
              <div>{host.mode} · v{host.version}</div>
            </>
          ) : null}
        </div>
      </nav>
      <main className="content">
        <ProgressView />
        <BannerView />
        {(() => {
          const View = NAV[screen].View;
          return <View key={screen} />;
        })()}
      </main>
    </div>
  );
}
