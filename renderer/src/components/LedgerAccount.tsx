// 明细账: one account's voucher lines over a date range with the running balance, paged on by the
// core's cursor (ledger.accountLines), so a busy account's thousandth page costs what its first does.
import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp } from '../store.js';
import { Amount, Count, Field, Pill, Section } from './ui.js';
import { useLedgerT } from './LedgerWords.js';

type Page = AppOutput<'ledger.accountLines'>;
type Line = Page['lines'][number];

const PAGE = 200;

/** The first day of the date's month: the detail's default start. */
export function monthStart(date: string): string {
  return `${date.slice(0, 8)}01`;
}

export function LedgerAccount(props: { accountId: number; date: string; onOpenVoucher: (id: number) => void }) {
  const t = useLedgerT();
  const revision = useApp((s) => s.revision);
  const [from, setFrom] = useState(monthStart(props.date));
  const [to, setTo] = useState(props.date);
  const [range, setRange] = useState({ from: monthStart(props.date), to: props.date });
  const [head, setHead] = useState<Page | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setFrom(monthStart(props.date));
    setTo(props.date);
    setRange({ from: monthStart(props.date), to: props.date });
  }, [props.date, props.accountId]);

  const load = async (after?: Page['next']) => {
    setLoading(true);
    try {
      const page = await call('ledger.accountLines', { accountId: props.accountId, from: range.from, to: range.to, limit: PAGE, ...(after ? { after } : {}) });
      setHead(page);
      setLines((old) => (after ? [...old, ...page.lines] : page.lines));
    } catch (error) {
      useApp.getState().showError(error);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setLines([]);
    setHead(null);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.accountId, range.from, range.to, revision]);

  const a = head?.account;
  const cur = a?.currency ?? 'CNY';
  const rangeOk = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  return (
    <div data-testid="account-detail">
      <Section title={a ? <>{a.name} <code className="muted small">{a.accountNo}</code></> : t('lg.tab.account')}>
        {a ? (
          <p className="facts">
            <span>{t('lg.subject')}: <code>{a.subjectCode}</code></span>
            <span>{t('lg.currency')}: {a.currency}</span>
            <span>{t('lg.side')}: {t(a.balanceDirection === 'D' ? 'lg.side.D' : 'lg.side.C')}</span>
            <span>{t('lg.currentBalance')}: <Amount minor={a.balanceMinor} currency={cur} /></span>
            {a.frozenMinor ? <span>{t('lg.frozen')}: <Amount minor={a.frozenMinor} currency={cur} /></span> : null}
            <span>{t('lg.status')}: <Pill tone={a.status === 'open' ? 'ok' : 'muted'}>{a.status === 'open' ? t('day.open') : t('lg.closedAccount')}</Pill></span>
            <span className="muted">{a.ownerKind === 'merchant' ? t('lg.merchant') : t('lg.internal')}{a.ownerRef ? ` · ${a.ownerRef}` : ''}</span>
          </p>
        ) : null}
        <form className="form-row" onSubmit={(e) => { e.preventDefault(); if (rangeOk) setRange({ from, to }); }}>
          <Field label={t('lg.from')}><input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="lines-from" /></Field>
          <Field label={t('lg.to')}><input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="lines-to" /></Field>
          <button type="submit" className="btn" disabled={!rangeOk} data-testid="lines-show">{t('lg.show')}</button>
        </form>
      </Section>
      <Section title={`${t('lg.tab.account')} ${range.from} – ${range.to}`} actions={<span className="muted small">{t('lg.shownLines', { n: lines.length })}{head && !head.next ? ` · ${t('lg.allShown')}` : ''}</span>}>
        <div className="table-wrap lg-lines" data-testid="account-lines">
          <table className="grid">
            <thead>
              <tr>
                <th style={{ width: 96 }}>{t('lg.date')}</th>
                <th style={{ width: 150 }}>{t('lg.voucherNo')}</th>
                <th style={{ width: 70 }}>{t('lg.businessCode')}</th>
                <th>{t('lg.summary')}</th>
                <th className="a-right" style={{ width: 130 }}>{t('lg.debit')}</th>
                <th className="a-right" style={{ width: 130 }}>{t('lg.credit')}</th>
                <th className="a-right" style={{ width: 140 }}>{t('lg.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {head ? (
                <tr className="lg-sumrow">
                  <td>{range.from}</td><td colSpan={3}>{t('lg.openingRow')}</td><td /><td />
                  <td className="a-right"><Amount minor={head.openingMinor} currency={cur} /></td>
                </tr>
              ) : null}
              {lines.map((l) => (
                <tr key={`${l.voucherId}-${l.lineNo}`} className={l.reversesId !== null ? 'lg-red' : undefined}>
                  <td>{l.accountingDate}</td>
                  <td>
                    <button type="button" className="link mono" onClick={() => props.onOpenVoucher(l.voucherId)} data-testid={`line-voucher-${l.voucherNo}`}>{l.voucherNo}</button>
                    {l.reversesId !== null ? <> <Pill tone="bad">{t('lg.redInk')}</Pill></> : null}
                  </td>
                  <td><code>{l.businessCode}</code></td>
                  <td><span className="ellipsis lg-cell" title={l.summary}>{l.summary}</span></td>
                  <td className="a-right">{l.direction === 'D' ? <Amount minor={l.amountMinor} currency={cur} /> : null}</td>
                  <td className="a-right">{l.direction === 'C' ? <Amount minor={l.amountMinor} currency={cur} /> : null}</td>
                  <td className="a-right"><Amount minor={l.balanceMinor} currency={cur} /></td>
                </tr>
              ))}
              {head && lines.length === 0 ? <tr className="empty"><td colSpan={7}>{t('common.none')}</td></tr> : null}
            </tbody>
            {head ? (
              <tfoot>
                <tr>
                  <td colSpan={4}>{t('lg.rangeTotals')} · {t('lg.closingRow')}</td>
                  <td className="a-right"><Amount minor={head.debitMinor} currency={cur} /></td>
                  <td className="a-right"><Amount minor={head.creditMinor} currency={cur} /></td>
                  <td className="a-right" data-testid="lines-closing"><Amount minor={head.closingMinor} currency={cur} /></td>
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
        {head?.next ? (
          <p>
            <button type="button" className="btn" disabled={loading} onClick={() => void load(head.next)} data-testid="lines-more">{t('lg.moreLines')}</button>
          </p>
        ) : null}
      </Section>
    </div>
  );
}
