// Small building blocks: sections, tables, fields, pills, the banner and the progress bar.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApp } from '../store.js';
import { errorText, useT } from '../i18n.js';
import { showMinor } from '../money.js';
import { call } from '../api/client.js';

/** Long work the core can stop at a safe point, keeping nothing half done (host.cancel). */

export function Section(props: { title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`section ${props.className ?? ''}`} data-testid={props.testId}>
      <header className="section-head">
        <h2>{props.title}</h2>
        {props.actions ? <div className="section-actions">{props.actions}</div> : null}
      </header>
      <div className="section-body">{props.children}</div>
    </section>
  );
}

export interface Column<T> {
  key: string;
  head: ReactNode;
  align?: 'left' | 'right' | 'center';
  width?: number | string;
  render: (row: T, index: number) => ReactNode;
  className?: string;
}

export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  onRowClick?: (row: T) => void;
  selected?: string | number | null;
  empty?: ReactNode;
  maxHeight?: number;
  testId?: string;
  foot?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="table-wrap" style={props.maxHeight ? { maxHeight: props.maxHeight } : undefined} data-testid={props.testId}>
      <table className="grid">
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.key} className={c.align ? `a-${c.align}` : undefined} style={c.width !== undefined ? { width: c.width } : undefined}>{c.head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr className="empty"><td colSpan={props.columns.length}>{props.empty ?? t('common.none')}</td></tr>
          ) : props.rows.map((row, i) => {
            const key = props.rowKey(row, i);
            return (
              <tr
                key={key}
                className={`${props.onRowClick ? 'clickable' : ''} ${props.selected === key ? 'selected' : ''}`}
                onClick={props.onRowClick ? () => props.onRowClick!(row) : undefined}
              >
                {props.columns.map((c) => (
                  <td key={c.key} className={[c.align ? `a-${c.align}` : '', c.className ?? ''].join(' ').trim() || undefined}>{c.render(row, i)}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
        {props.foot ? <tfoot>{props.foot}</tfoot> : null}
      </table>
    </div>
  );
}

export function Amount(props: { minor: number | null | undefined; currency?: string; signed?: boolean }) {
  const negative = typeof props.minor === 'number' && props.minor < 0;
  return <span className={`num ${negative ? 'neg' : ''}`}>{showMinor(props.minor, props.currency)}</span>;
}

export function Count(props: { n: number | null | undefined }) {
  return <span className="num">{props.n === null || props.n === undefined ? '—' : props.n.toLocaleString('en-US')}</span>;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export function Pill(props: { tone: Tone; children: ReactNode; title?: string }) {
  return <span className={`pill pill-${props.tone}`} title={props.title}>{props.children}</span>;
}

export function Field(props: { label: ReactNode; children: ReactNode; hint?: ReactNode; wide?: boolean }) {
  return (
    <label className={`field ${props.wide ? 'wide' : ''}`}>
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint ? <span className="field-hint">{props.hint}</span> : null}
    </label>
  );
}

export function BannerView() {
  const banner = useApp((s) => s.banner);
  const clear = useApp((s) => s.clearBanner);
  const t = useT();
  if (!banner) return null;
  return (
    <div className={`banner banner-${banner.kind}`} role={banner.kind === 'error' ? 'alert' : 'status'} data-testid="banner">
      {banner.code ? <span className="banner-code">{banner.code}</span> : null}
      <span className="banner-text">{errorText(t, banner)}</span>
      {banner.where ? <span className="banner-where">{banner.where}</span> : null}
      <button type="button" className="link" onClick={clear} aria-label={t('common.dismiss')}>×</button>
    </div>
  );
}

export function ProgressView() {
  const busy = useApp((s) => s.busy);
  const progress = useApp((s) => s.progress);
  const t = useT();
  if (!busy) return <div className="progress-slot" />;
  const total = progress?.total ?? null;
  const percent = total && total > 0 ? Math.min(100, Math.floor((progress!.done * 100) / total)) : null;
  const cancellable = progress?.cancellable ? progress.method : null;
  return (
    <div className="progress-slot busy" data-testid="progress">
      <div className="progress-label">
        {busy}
        {progress ? ` · ${progress.phase}${progress.done > 0 || total ? ` ${progress.done.toLocaleString('en-US')}` : ''}${total ? ` / ${total.toLocaleString('en-US')}` : ''}` : ` · ${t('common.working')}`}
        {cancellable ? (
          <button
            type="button" className="btn btn-quiet btn-small progress-cancel" data-testid="progress-cancel" title={t('common.cancelHint')}
            onClick={() => { call('host.cancel', { method: cancellable }).catch((error: unknown) => useApp.getState().showError(error)); }}
          >{t('common.cancel')}</button>
        ) : null}
      </div>
      <div className={`progress-bar ${percent === null ? 'indeterminate' : ''}`}>
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function Tabs<K extends string>(props: { tabs: { key: K; label: ReactNode }[]; value: K; onChange: (key: K) => void }) {
  return (
    <div className="tabs" role="tablist">
      {props.tabs.map((tab) => (
        <button key={tab.key} type="button" role="tab" aria-selected={props.value === tab.key} className={props.value === tab.key ? 'tab active' : 'tab'} onClick={() => props.onChange(tab.key)}>
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** Loads data for the current deps; reload() runs it again. Failures go to the banner unless quiet. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], options: { quiet?: boolean } = {}): { data: T | undefined; loading: boolean; error: unknown; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; loading: boolean; error: unknown }>({ data: undefined, loading: true, error: undefined });
  const [tick, setTick] = useState(0);
  const showError = useApp((s) => s.showError);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, loading: false, error: undefined }),
      (error: unknown) => {
        if (!live) return;
        setState({ data: undefined, loading: false, error });
        if (!options.quiet) showError(error);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}
