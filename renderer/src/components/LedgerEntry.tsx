// 录入凭证: a manual voucher typed in — lines on internal accounts, debit or credit, amounts in yuan —
// posted only when it balances, then shown awaiting its review by another person (制单 → 审核).
import { useState } from 'react';
import { call } from '../api/client.js';
import { useApp } from '../store.js';
import { useScreenT, type Words } from '../i18n.js';
import { Field, Pill, Section, useLoad } from './ui.js';
import { formatMinor, parseMinor } from '../money.js';

const WORDS = {
  'le.title': ['录入凭证', 'New voucher'],
  'le.lead': ['手工凭证：借贷平衡才能过账；过账后须由另一位复核员审核，当日方可关账。', 'A manual voucher: it posts only when debits equal credits, and another reviewer must review it before its day closes.'],
  'le.date': ['记账日期', 'Accounting date'],
  'le.code': ['业务代码', 'Business code'],
  'le.summary': ['摘要', 'Summary'],
  'le.account': ['账户', 'Account'],
  'le.side': ['借/贷', 'Debit / credit'],
  'le.debit': ['借', 'Debit'],
  'le.credit': ['贷', 'Credit'],
  'le.amount': ['金额', 'Amount'],
  'le.pick': ['选择账户…', 'Pick an account…'],
  'le.addLine': ['增加一行', 'Add a line'],
  'le.removeLine': ['删除', 'Remove'],
  'le.totals': ['借方合计 {debit}，贷方合计 {credit}', 'Debits {debit}, credits {credit}'],
  'le.balanced': ['借贷平衡', 'Balanced'],
  'le.unbalanced': ['借贷不平 {difference}', 'Off by {difference}'],
  'le.post': ['过账', 'Post'],
  'le.postedOk': ['凭证 {no} 已过账，待复核', 'Voucher {no} posted, awaiting review'],
} as const satisfies Words;

interface Line { accountId: string; direction: 'D' | 'C'; amount: string }

const emptyLine = (direction: 'D' | 'C'): Line => ({ accountId: '', direction, amount: '' });

export function LedgerEntry(props: { date: string; onPosted: (voucherId: number) => void }) {
  const t = useScreenT(WORDS);
  const { run, showOk, changed } = useApp.getState();
  const accounts = useLoad(() => call('ledger.accounts', { ownerKind: 'internal' }), []);
  const [date, setDate] = useState(props.date);
  const [code, setCode] = useState('800101');
  const [summary, setSummary] = useState('');
  const [lines, setLines] = useState<Line[]>([emptyLine('D'), emptyLine('C')]);
  const parsed = lines.map((l) => parseMinor(l.amount.trim(), 'CNY'));
  const total = (side: 'D' | 'C') => lines.reduce((sum, l, i) => { const p = parsed[i]!; return l.direction === side && p.ok ? sum + p.minor : sum; }, 0);
  const [debit, credit] = [total('D'), total('C')];
  const complete = lines.every((l, i) => l.accountId !== '' && parsed[i]!.ok && (parsed[i] as { minor: number }).minor > 0);
  const ready = complete && debit === credit && debit > 0 && code.trim() !== '' && summary.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(date);
  const set = (i: number, change: Partial<Line>) => setLines((all) => all.map((l, j) => (j === i ? { ...l, ...change } : l)));

  const post = async () => {
    const voucher = await run(t('le.post'), () => call('ledger.postVoucher', {
      accountingDate: date, businessCode: code.trim(), summary: summary.trim(),
      lines: lines.map((l, i) => ({ accountId: Number(l.accountId), direction: l.direction, amountMinor: (parsed[i] as { minor: number }).minor })),
    }));
    if (voucher) {
      changed();
      setLines([emptyLine('D'), emptyLine('C')]);
      setSummary('');
      props.onPosted(voucher.id);
      showOk(t('le.postedOk', { no: voucher.voucherNo }));
    }
  };

  return (
    <Section title={t('le.title')} testId="voucher-entry">
      <p className="muted small">{t('le.lead')}</p>
      <div className="form-row">
        <Field label={t('le.date')}><input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="entry-date" /></Field>
        <Field label={t('le.code')}><input value={code} onChange={(e) => setCode(e.target.value)} data-testid="entry-code" /></Field>
        <Field label={t('le.summary')} wide><input value={summary} maxLength={200} onChange={(e) => setSummary(e.target.value)} data-testid="entry-summary" /></Field>
      </div>
      {lines.map((l, i) => (
        <div className="form-row" key={i} data-testid="entry-line">
          <Field label={t('le.account')}>
            <select value={l.accountId} onChange={(e) => set(i, { accountId: e.target.value })} data-testid="entry-account">
              <option value="">{t('le.pick')}</option>
              {(accounts.data ?? []).filter((a) => a.status === 'open').map((a) => <option key={a.id} value={a.id}>{a.accountNo} {a.name}</option>)}
            </select>
          </Field>
          <Field label={t('le.side')}>
            <select value={l.direction} onChange={(e) => set(i, { direction: e.target.value as 'D' | 'C' })} data-testid="entry-side">
              <option value="D">{t('le.debit')}</option>
              <option value="C">{t('le.credit')}</option>
            </select>
          </Field>
          <Field label={t('le.amount')} hint={l.amount.trim() && !parsed[i]!.ok ? (parsed[i] as { reason: string }).reason : undefined}>
            <input value={l.amount} inputMode="decimal" onChange={(e) => set(i, { amount: e.target.value })} data-testid="entry-amount" />
          </Field>
          {lines.length > 2 ? <button type="button" className="btn btn-quiet" onClick={() => setLines((all) => all.filter((_, j) => j !== i))}>{t('le.removeLine')}</button> : null}
        </div>
      ))}
      <div className="form-row">
        <button type="button" className="btn" onClick={() => setLines((all) => [...all, emptyLine('C')])} data-testid="entry-add-line">{t('le.addLine')}</button>
        <span className="muted">{t('le.totals', { debit: formatMinor(debit), credit: formatMinor(credit) })}</span>
        {debit === credit ? <Pill tone="ok">{t('le.balanced')}</Pill> : <Pill tone="bad"><span data-testid="entry-off">{t('le.unbalanced', { difference: formatMinor(debit - credit) })}</span></Pill>}
        <button type="button" className="btn btn-primary" onClick={post} disabled={!ready} data-testid="entry-post">{t('le.post')}</button>
      </div>
    </Section>
  );
}
