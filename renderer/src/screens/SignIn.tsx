import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { Role } from '../api/bridge-types.js';
import { useApp } from '../store.js';
import { useT, roleName } from '../i18n.js';
import { BannerView } from '../components/ui.js';
import { pickWorkDate } from '../workdate.js';

export function SignIn() {
  const t = useT();
  const { lang, host } = useApp();
  const { setLang, setUser, setDate, showError, go } = useApp.getState();
  const [users, setUsers] = useState<{ login: string; name: string; role: Role }[] | null>(null);
  const [login, setLogin] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('session.users').then(
      (list) => {
        setUsers(list);
        const first = list.find((u) => u.role !== 'admin') ?? list[0];
        if (first) setLogin(first.login);
      },
      (error: unknown) => {
        setUsers([]);
        showError(error);
      },
    );
  }, [showError]);

  const signIn = async (who = login) => {
    if (!who) return;
    setBusy(true);
    try {
      const user = await call('session.signIn', { login: who });
      setDate(await pickWorkDate());
      setUser(user);
      go('today');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin-page">
      <div className="signin-card" data-testid="signin">
        <div className="signin-head">
          <div className="brand">
            <span className="brand-mark">PD</span>
            <span className="brand-name">PayDesk</span>
          </div>
          <div className="lang-switch" role="group" aria-label="language">
            <button type="button" className={lang === 'zh' ? 'on' : ''} onClick={() => setLang('zh')}>中文</button>
            <button type="button" className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')}>EN</button>
          </div>
        </div>
        <h1>{t('signin.title')}</h1>
        <p className="muted">{t('signin.lead')}</p>
        <BannerView />
        {users === null ? <p className="muted">{t('app.loading')}</p> : users.length === 0 ? (
          <p className="warn-text">{t('signin.noUsers')}</p>
        ) : (
          <form onSubmit={(e) => { e.preventDefault(); void signIn(); }}>
            <ul className="user-list" role="listbox" aria-label={t('signin.pick')}>
              {users.map((u) => (
                <li key={u.login}>
                  <button
                    type="button"
                    role="option"
                    aria-selected={login === u.login}
                    className={login === u.login ? 'user-option on' : 'user-option'}
                    onClick={() => setLogin(u.login)}
                    onDoubleClick={() => void signIn(u.login)}
                    data-testid={`user-${u.login}`}
                  >
                    <span className="user-option-name">{u.name}</span>
                    <span className="user-option-login">{u.login}</span>
                    <span className={`role role-${u.role}`}>{roleName(t, u.role)}</span>
                  </button>
                </li>
              ))}
            </ul>
            <button type="submit" className="btn btn-primary btn-block" disabled={!login || busy} data-testid="signin-submit">
              {busy ? t('common.working') : t('signin.submit')}
            </button>
          </form>
        )}
        {host ? <p className="signin-foot muted">{t('app.db')}: {host.dbFile} · {host.mode} · v{host.version}</p> : null}
      </div>
    </div>
  );
}
