import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { Role } from '../api/bridge-types.js';
import { useApp } from '../store.js';
import { useT, roleName } from '../i18n.js';
import { BannerView, Field } from '../components/ui.js';
import { pickWorkDate } from '../workdate.js';

interface Listed {
  login: string;
  name: string;
  role: Role;
  hasPassword: boolean;
}

/** Sign in with a login and password; on a new desk, first give the admin a password. */
export function SignIn() {
  const t = useT();
  const { lang, host } = useApp();
  const { setLang, setUser, setDate, showError, go } = useApp.getState();
  const [users, setUsers] = useState<Listed[] | null>(null);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('session.users').then(
      (list) => {
        setUsers(list);
        const first = list.find((u) => u.role !== 'admin' && u.hasPassword) ?? list.find((u) => u.hasPassword) ?? list[0];
        if (first) setLogin(first.login);
      },
      (error: unknown) => {
        setUsers([]);
        showError(error);
      },
    );
  }, [showError]);

  const admin = users?.find((u) => u.login === 'admin');
  const settingUp = admin !== undefined && !admin.hasPassword;

  const enter = async (work: () => ReturnType<typeof call<'session.signIn'>>) => {
    setBusy(true);
    try {
      const user = await work();
      setPassword('');
      setDate(await pickWorkDate());
      setUser(user);
      go('today');
    } catch (error) {
      setPassword('');
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    if (settingUp) {
      if (password !== repeat) return showError(new Error(t('signin.repeatDiffers')));
      return void enter(() => call('session.setUp', { password }));
    }
    if (login && password) void enter(() => call('session.signIn', { login, password }));
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
        <h1>{settingUp ? t('signin.setUpTitle') : t('signin.title')}</h1>
        <p className="muted">{settingUp ? t('signin.setUpLead') : t('signin.lead')}</p>
        <BannerView />
        {users === null ? <p className="muted">{t('app.loading')}</p> : users.length === 0 ? (
          <p className="warn-text">{t('signin.noUsers')}</p>
        ) : (
          <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
            {settingUp ? null : (
              <ul className="user-list" role="listbox" aria-label={t('signin.pick')}>
                {users.map((u) => (
                  <li key={u.login}>
                    <button
                      type="button"
                      role="option"
                      aria-selected={login === u.login}
                      className={login === u.login ? 'user-option on' : 'user-option'}
                      onClick={() => setLogin(u.login)}
                      disabled={!u.hasPassword}
                      title={u.hasPassword ? undefined : t('signin.noPassword')}
                      data-testid={`user-${u.login}`}
                    >
                      <span className="user-option-name">{u.name}</span>
                      <span className="user-option-login">{u.hasPassword ? u.login : `${u.login} · ${t('signin.noPassword')}`}</span>
                      <span className={`role role-${u.role}`}>{roleName(t, u.role)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <Field wide label={settingUp ? t('signin.newPassword') : t('signin.password')}>
              <input type="password" autoComplete={settingUp ? 'new-password' : 'current-password'} value={password}
                onChange={(e) => setPassword(e.target.value)} data-testid="signin-password" autoFocus />
            </Field>
            {settingUp ? (
              <Field wide label={t('signin.repeatPassword')}>
                <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="signin-repeat" />
              </Field>
            ) : null}
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || !password || (!settingUp && !login)} data-testid="signin-submit">
              {busy ? t('common.working') : settingUp ? t('signin.setUpSubmit') : t('signin.submit')}
            </button>
          </form>
        )}
        {host ? <p className="signin-foot muted">{t('app.db')}: {host.dbFile} · {host.mode} · v{host.version}</p> : null}
      </div>
    </div>
  );
}
