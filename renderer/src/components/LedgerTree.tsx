// 科目树: general subjects → detail subjects → accounts, with the balance at the end of the work
// date and the date's debits and credits. A keyboard tree (WAI-ARIA): arrows move, → expands,
// ← collapses or goes to the parent, Enter opens an account's detail.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp } from '../store.js';
import { Amount, Pill, useLoad } from './ui.js';
import { useLedgerT } from './LedgerWords.js';

type TbRow = AppOutput<'ledger.trialBalance'>['rows'][number];
type AccountAt = AppOutput<'ledger.accountsAt'>['accounts'][number];

const PAGE = 100;

type Node =
  | { kind: 'subject'; key: string; level: number; row: TbRow; parent: string | null; expandable: boolean }
  | { kind: 'account'; key: string; level: number; account: AccountAt; parent: string }
  | { kind: 'more'; key: string; level: number; parent: string; left: number }
  | { kind: 'empty'; key: string; level: number; parent: string };

/** Balance on the subject's normal side from the closing debit/credit pair. */
function normal(row: TbRow): number {
  const net = row.closing.debit - row.closing.credit;
  return row.balanceDirection === 'D' ? net : -net;
}

function isZero(row: TbRow): boolean {
  return row.opening.debit === 0 && row.opening.credit === 0 && row.period.debit === 0 && row.period.credit === 0 && row.closing.debit === 0 && row.closing.credit === 0;
}

export function LedgerTree(props: { date: string; onOpenAccount: (id: number) => void }) {
  const t = useLedgerT();
  const lang = useApp((s) => s.lang);
  const revision = useApp((s) => s.revision);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [hideZero, setHideZero] = useState(true);
  const [accounts, setAccounts] = useState<Record<string, { rows: AccountAt[]; total: number }>>({});
  const [focus, setFocus] = useState(0);
  const rowRefs = useRef<(HTMLDivElement | null)[]>([]);
  const tb = useLoad(() => call('ledger.trialBalance', { date: props.date }), [props.date, revision]);

  // Balances are as of the date: a new date or a change to the books reloads the accounts shown.
  useEffect(() => setAccounts({}), [props.date, revision]);

  const loadAccounts = async (code: string, offset: number) => {
    try {
      const page = await call('ledger.accountsAt', { subjectCode: code, date: props.date, limit: PAGE, offset });
      setAccounts((m) => ({ ...m, [code]: { rows: [...(offset > 0 ? m[code]?.rows ?? [] : []), ...page.accounts], total: page.total } }));
    } catch (error) {
      useApp.getState().showError(error);
    }
  };

  useEffect(() => {
    for (const code of expanded) {
      const row = tb.data?.rows.find((r) => r.code === code);
      if (row?.isLeaf && !accounts[code]) void loadAccounts(code, 0);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expanded, accounts, tb.data]);

  const nodes = useMemo<Node[]>(() => {
    const rows = tb.data?.rows ?? [];
    const out: Node[] = [];
    const parentOf = (code: string) => rows.find((r) => r.code === code)?.code ?? null;
    const shown = (r: TbRow) => !hideZero || !isZero(r);
    for (const r of rows) {
      if (!shown(r)) continue;
      const parentCode = r.level > 1 ? r.code.slice(0, r.code.lastIndexOf('.')) : null;
      // Visible only when every ancestor is expanded.
      let visible = true;
      for (let p = parentCode; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : null) if (!expanded.has(p)) visible = false;
      if (!visible) continue;
      out.push({ kind: 'subject', key: `s:${r.code}`, level: r.level, row: r, parent: parentCode ? parentOf(parentCode) : null, expandable: true });
      if (r.isLeaf && expanded.has(r.code)) {
        const list = accounts[r.code];
        for (const a of list?.rows ?? []) out.push({ kind: 'account', key: `a:${a.id}`, level: r.level + 1, account: a, parent: r.code });
        if (list && list.total === 0) out.push({ kind: 'empty', key: `e:${r.code}`, level: r.level + 1, parent: r.code });
        if (list && list.rows.length < list.total) out.push({ kind: 'more', key: `m:${r.code}`, level: r.level + 1, parent: r.code, left: list.total - list.rows.length });
      }
    }
    return out;
  }, [tb.data, expanded, accounts, hideZero]);

  const at = Math.min(focus, Math.max(0, nodes.length - 1));
  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(nodes.length - 1, i));
    setFocus(next);
    rowRefs.current[next]?.focus();
  };
  const toggle = (code: string, open?: boolean) => setExpanded((s) => {
    const n = new Set(s);
    if (open ?? !n.has(code)) n.add(code);
    else n.delete(code);
    return n;
  });
  const activate = (node: Node) => {
    if (node.kind === 'subject') toggle(node.row.code);
    else if (node.kind === 'account') props.onOpenAccount(node.account.id);
    else if (node.kind === 'more') void loadAccounts(node.parent, accounts[node.parent]?.rows.length ?? 0);
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const node = nodes[at];
    if (!node) return;
    const parentIndex = () => nodes.findIndex((n) => n.kind === 'subject' && n.row.code === node.parent);
    switch (e.key) {
      case 'ArrowDown': moveTo(at + 1); break;
      case 'ArrowUp': moveTo(at - 1); break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(nodes.length - 1); break;
      case 'ArrowRight':
        if (node.kind === 'subject') {
          if (!expanded.has(node.row.code)) toggle(node.row.code, true);
          else moveTo(at + 1);
        }
        break;
      case 'ArrowLeft':
        if (node.kind === 'subject' && expanded.has(node.row.code)) toggle(node.row.code, false);
        else if (node.parent) moveTo(parentIndex());
        break;
      case 'Enter':
      case ' ':
        activate(node);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const expandAll = () => setExpanded(new Set((tb.data?.rows ?? []).filter((r) => !r.isLeaf && (!hideZero || !isZero(r))).map((r) => r.code)));
  const name = (zh: string, en: string) => (lang === 'zh' ? zh : en);

  return (
    <div className="lg-tree-wrap">
      <div className="form-row lg-toolbar">
        <button type="button" className="btn" onClick={expandAll} data-testid="tree-expand-all">{t('lg.expandAll')}</button>
        <button type="button" className="btn" onClick={() => setExpanded(new Set())}>{t('lg.collapseAll')}</button>
        <label className="lg-check"><input type="checkbox" checked={hideZero} onChange={(e) => setHideZero(e.target.checked)} /> {t('lg.hideZero')}</label>
        <span className="muted small grow">{t('lg.treeHint')}</span>
        {tb.data ? <Pill tone={tb.data.balanced ? 'ok' : 'bad'}>{tb.data.balanced ? t('common.balanced') : t('common.unbalanced')}</Pill> : null}
      </div>
      <div className="lg-tree-head lg-tree-grid" aria-hidden="true">
        <span>{t('lg.subject')} / {t('lg.account')}</span>
        <span>{t('lg.side')}</span>
        <span className="a-right">{t('lg.balanceAt', { date: props.date })}</span>
        <span className="a-right">{t('lg.dayDebit')}</span>
        <span className="a-right">{t('lg.dayCredit')}</span>
      </div>
      <div role="tree" aria-label={t('lg.tab.tree')} className="lg-tree" onKeyDown={onKey} data-testid="ledger-tree">
        {tb.loading && !tb.data ? <div className="muted lg-empty">{t('common.loading')}</div> : null}
        {nodes.map((node, i) => {
          const common = {
            ref: (el: HTMLDivElement | null) => { rowRefs.current[i] = el; },
            tabIndex: i === at ? 0 : -1,
            onFocus: () => setFocus(i),
            onClick: () => { setFocus(i); activate(node); },
            'aria-level': node.level,
          };
          const indent = { paddingLeft: 4 + (node.level - 1) * 18 };
          if (node.kind === 'subject') {
            const r = node.row;
            const open = expanded.has(r.code);
            return (
              <div key={node.key} role="treeitem" aria-expanded={open} className={`lg-tree-grid lg-node lg-subject lv-${r.level}`} data-testid={`tree-subject-${r.code}`} {...common}>
                <span className="lg-name" style={indent}>
                  <span className="lg-caret" aria-hidden="true">{open ? '▾' : '▸'}</span>
                  <code>{r.code}</code> <span className="ellipsis">{name(r.name, r.nameEn)}</span>
                </span>
                <span className="muted">{t(r.balanceDirection === 'D' ? 'lg.side.D' : 'lg.side.C')}</span>
                <span className="a-right"><Amount minor={normal(r)} /></span>
                <span className="a-right"><Amount minor={r.period.debit || null} /></span>
                <span className="a-right"><Amount minor={r.period.credit || null} /></span>
              </div>
            );
          }
          if (node.kind === 'account') {
            const a = node.account;
            return (
              <div key={node.key} role="treeitem" className="lg-tree-grid lg-node lg-account" data-testid={`tree-account-${a.accountNo}`} {...common}>
                <span className="lg-name" style={indent}>
                  <span className="lg-caret" aria-hidden="true">·</span>
                  <span className="ellipsis" title={a.accountNo}>{a.name}</span> <code className="muted small">{a.accountNo}</code>
                  {a.status === 'closed' ? <Pill tone="muted">{t('lg.closedAccount')}</Pill> : null}
                </span>
                <span className="muted">{t(a.balanceDirection === 'D' ? 'lg.side.D' : 'lg.side.C')}</span>
                <span className="a-right"><Amount minor={a.balanceAtMinor} currency={a.currency} /></span>
                <span className="a-right"><Amount minor={a.dayDebitMinor || null} currency={a.currency} /></span>
                <span className="a-right"><Amount minor={a.dayCreditMinor || null} currency={a.currency} /></span>
              </div>
            );
          }
          if (node.kind === 'empty') {
            return (
              <div key={node.key} role="treeitem" className="lg-tree-grid lg-node lg-more" {...common}>
                <span className="lg-name muted" style={indent}>{t('lg.noAccounts')}</span>
              </div>
            );
          }
          return (
            <div key={node.key} role="treeitem" className="lg-tree-grid lg-node lg-more" {...common}>
              <span className="lg-name link" style={indent}>{t('lg.moreAccounts', { n: Math.min(PAGE, node.left) })}</span>
            </div>
          );
        })}
        {tb.data && nodes.length === 0 ? <div className="muted lg-empty">{t('common.none')}</div> : null}
      </div>
    </div>
  );
}
