// 待查挂账: open suspense cards (待查收入/支出) by bank and age, the hang-up form, the reviewer's pass
// (maker ≠ checker), the write-off dialog with partial amounts (the remainder re-hung at once as a new
// card, linked both ways), and the internal account posting form. The core checks every seed rule;
// the screen shows its messages as they come, in the banner and beside the form.
import { useEffect, useMemo, useState } from 'react';
import { call } from '../api/client.js';
import { toCallError } from '../api/errors.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { useScreenT, type Words } from '../i18n.js';
import { Amount, Field, Pill, Section, useLoad, type Tone } from '../components/ui.js';
import { formatMinor, parseMinor } from '../money.js';
import './Suspense.css';

const WORDS = {
  'sus.title': ['待查挂账', 'Suspense desk'],
  'sus.lead': ['银行有、却还对不上业务的钱先挂在待查收入/支出上：操作员挂账，另一位复核员复核，之后才能销账；部分销账时余额立即重新挂账，并与原卡片关联。',
    'Money the bank shows that nobody can place yet waits on suspense income or expense: an operator hangs it up, a different reviewer passes it, and only then can it be written off. '
      + 'A partial write-off re-hangs the remainder at once, linked to its card.'],
  'sus.openTotal': ['未销账', 'Open'],
  'sus.toReview': ['待复核', 'To review'],
  'sus.open': ['已复核未销账', 'Open'],
  'sus.writtenOff': ['已销账', 'Written off'],
  'sus.income': ['待查收入', 'Suspense income'],
  'sus.expense': ['待查支出', 'Suspense expense'],
  'sus.kind': ['类别', 'Kind'],
  'sus.bank': ['银行', 'Bank'],
  'sus.status': ['状态', 'Status'],
  'sus.show': ['显示', 'Show'],
  'sus.showOpen': ['未销账（含待复核）', 'Not written off (incl. to review)'],
  'sus.showAll': ['全部（含已销账）', 'All (incl. written off)'],
  'sus.aging': ['账龄（截至 {date}）', 'Aging (as of {date})'],
  'sus.agingNote': ['点击格子按银行和账龄筛选卡片。', 'Click a cell to filter the cards by bank and age.'],
  'sus.bucket.0': ['0–3 天', '0–3 days'],
  'sus.bucket.1': ['4–7 天', '4–7 days'],
  'sus.bucket.2': ['8–30 天', '8–30 days'],
  'sus.bucket.3': ['30 天以上', 'over 30 days'],
  'sus.total': ['合计', 'Total'],
  'sus.cards': ['待查卡片', 'Suspense cards'],
  'sus.clearFilter': ['清除筛选', 'Clear filter'],
  'sus.filtered': ['筛选：{what}', 'Filter: {what}'],
  'sus.card': ['卡片号（挂账凭证）', 'Card (hang-up voucher)'],
  'sus.hungUpOn': ['挂账日', 'Hung up'],
  'sus.age': ['账龄', 'Age'],
  'sus.days': ['{n} 天', '{n} d'],
  'sus.amount': ['金额', 'Amount'],
  'sus.summary': ['摘要', 'Summary'],
  'sus.link': ['关联', 'Linked'],
  'sus.from': ['差额来自 {card}', 'remainder of {card}'],
  'sus.to': ['差额重挂为 {card}', 'remainder re-hung as {card}'],
  'sus.origin': ['首笔 {card}', 'first card {card}'],
  'sus.actions': ['操作', 'Actions'],
  'sus.review': ['复核通过', 'Pass'],
  'sus.ownCard': ['本人挂账，需他人复核', 'yours: another person reviews it'],
  'sus.awaitReview': ['等待复核员', 'awaiting a reviewer'],
  'sus.writeOff': ['销账', 'Write off'],
  'sus.noCards': ['没有待查卡片', 'No suspense cards'],
  'sus.hangUpTitle': ['挂账（待查收入/支出）', 'Hang up (suspense income / expense)'],
  'sus.hangUpNote': ['收入：借 银存账户 / 贷 待查收入；支出：借 待查支出 / 贷 银存账户。规则由核心检查，不符时显示原因。',
    'Income: Dr bank deposit / Cr suspense income; expense: Dr suspense expense / Cr bank deposit. The core checks each rule and says which one fails.'],
  'sus.debit': ['借方账户', 'Debit account'],
  'sus.credit': ['贷方账户', 'Credit account'],
  'sus.code': ['挂账业务代码', 'Suspense code'],
  'sus.noCode': ['（按类别默认）', '(default for the kind)'],
  'sus.hangUp': ['挂账', 'Hang up'],
  'sus.hangingUp': ['挂账', 'Hanging up'],
  'sus.hungUpOk': ['已挂账 {card}：{amount}，等待复核', 'Hung up as card {card}: {amount}, awaiting review'],
  'sus.reviewing': ['复核', 'Reviewing'],
  'sus.reviewedOk': ['卡片 {card} 复核通过，可以销账', 'Card {card} passed: it can be written off now'],
  'sus.writeOffTitle': ['销账：卡片 {card}', 'Write off card {card}'],
  'sus.cardAmount': ['卡片金额', 'Card amount'],
  'sus.writeOffNote': ['对方必须是内部户（不能是销账账户）。可只销一部分，差额会立即重新挂账为新卡片（已复核，同一银行），并与本卡片关联。',
    'The other side must be an internal account other than a write-off account. Write off part of it if you like: the remainder is re-hung at once as a new card (reviewed, same bank), linked to this one.'],
  'sus.target': ['对方账户', 'Other account'],
  'sus.lineSummary': ['分录摘要', 'Line summary'],
  'sus.addLine': ['+ 增加一行', '+ Add a line'],
  'sus.removeLine': ['删除此行', 'Remove this line'],
  'sus.writeOffTotal': ['本次销账', 'Written off now'],
  'sus.remainder': ['差额（将重新挂账）', 'Remainder (re-hung)'],
  'sus.full': ['全额销账', 'In full'],
  'sus.over': ['超过卡片金额：核心会拒绝', 'More than the card: the core will refuse it'],
  'sus.writingOff': ['销账', 'Writing off'],
  'sus.writtenOffOk': ['卡片 {card} 已销账 {amount}（凭证 {voucher}）', 'Card {card}: {amount} written off (voucher {voucher})'],
  'sus.writtenOffRemainder': ['卡片 {card} 已销账 {amount}（凭证 {voucher}）；差额 {rest} 重新挂账为卡片 {remainder}', 'Card {card}: {amount} written off (voucher {voucher}); the remainder {rest} is re-hung as card {remainder}'],
  'sus.cancel': ['取消', 'Cancel'],
  'sus.postingTitle': ['内部账户登账', 'Internal account posting'],
  'sus.postingNote': ['一借一贷，都是内部户，不能是销账账户，不产生入账流水。', 'One debit, one credit, both internal accounts, neither a write-off account; no entry flow.'],
  'sus.post': ['登账', 'Post'],
  'sus.posting': ['内部账户登账', 'Posting'],
  'sus.postedOk': ['已登账，凭证 {voucher}', 'Posted as voucher {voucher}'],
  'sus.refused': ['核心拒绝：', 'Refused by the core:'],
  'sus.needSummary': ['请填写摘要', 'Write a summary'],
  'sus.writeOffSummary': ['待查销账 {card}', 'suspense write-off {card}'],
} as const satisfies Words;

type Item = AppOutput<'suspense.items'>[number];
type Account = AppOutput<'ledger.accounts'>[number];
type T = ReturnType<typeof useScreenT<typeof WORDS>>;

const BUCKETS = [[0, 3], [4, 7], [8, 30], [31, Infinity]] as const;
const BANK_SIDE = new Set(['bank_deposit', 'reserve', 'channel_balance']);
const WRITE_OFF = new Set(['suspense_income', 'suspense_expense']);

function bucketOf(age: number | null): number {
  const a = age ?? 0;
  return BUCKETS.findIndex(([lo, hi]) => a >= lo && a <= hi);
}

const STATUS_TONE: Record<Item['status'], Tone> = { to_review: 'warn', open: 'info', written_off: 'muted' };
const STATUS_KEY = { to_review: 'sus.toReview', open: 'sus.open', written_off: 'sus.writtenOff' } as const;

function accountLabel(a: Account): string {
  return `${a.accountNo} · ${a.name}`;
}

export function SuspenseScreen() {
  const t = useScreenT(WORDS);
  const { date, user, revision } = useApp();
  const items = useLoad(() => call('suspense.items', { asOf: date }), [date, revision]);
  const accounts = useLoad(() => call('ledger.accounts', { ownerKind: 'internal' }), [revision]);
  const [showAll, setShowAll] = useState(false);
  const [kind, setKind] = useState<'' | 'income' | 'expense'>('');
  const [cell, setCell] = useState<{ bank: string | null; bucket: number | null } | null>(null);
  const [writingOff, setWritingOff] = useState<Item | null>(null);
  const [focus, setFocus] = useState<string | null>(null);

  const all = items.data ?? [];
  const remainderOf = useMemo(() => {
    const m = new Map<number, Item>();
    for (const i of all) if (i.parentItemId !== null) m.set(i.parentItemId, i);
    return m;
  }, [all]);
  const byId = useMemo(() => new Map(all.map((i) => [i.id, i])), [all]);

  const notWrittenOff = all.filter((i) => i.status !== 'written_off' && (!kind || i.kind === kind));
  const banks = [...new Set(notWrittenOff.map((i) => i.bankName))].sort();
  const shown = all.filter((i) => (showAll || i.status !== 'written_off') && (!kind || i.kind === kind)
    && (!cell || ((cell.bank === null || i.bankName === cell.bank) && (cell.bucket === null || (i.status !== 'written_off' && bucketOf(i.ageDays) === cell.bucket)))));

  // A link to another card: show it even if the filter hides it, and bring it into view.
  const jump = (target: Item) => {
    if (target.status === 'written_off') setShowAll(true);
    setCell(null);
    setFocus(target.voucherNo);
  };
  useEffect(() => {
    if (!focus) return;
    document.querySelector(`[data-voucher="${focus}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focus, shown.length]);

  const toReview = all.filter((i) => i.status === 'to_review');
  const open = all.filter((i) => i.status === 'open');
  const sum = (xs: Item[]) => xs.reduce((s, i) => s + i.amountMinor, 0);

  const cellFilterText = cell ? [cell.bank ?? t('common.all'), cell.bucket === null ? t('sus.total') : t(`sus.bucket.${cell.bucket}` as 'sus.bucket.0')].join(' · ') : '';

  return (
    <div className="screen suspense" data-testid="screen-suspense">
      <div className="screen-head">
        <h1>{t('sus.title')} <span className="head-date">{date}</span></h1>
        <div className="head-facts">
          <span>{t('sus.toReview')}: <span className="num" data-testid="count-to-review">{toReview.length}</span> · <Amount minor={sum(toReview)} /></span>
          <span>{t('sus.open')}: <span className="num" data-testid="count-open">{open.length}</span> · <Amount minor={sum(open)} /></span>
        </div>
        <p className="muted">{t('sus.lead')}</p>
      </div>

      <Section title={t('sus.aging', { date })} testId="aging" actions={<span className="muted small">{t('sus.agingNote')}</span>}>
        <table className="grid compact aging-grid">
          <thead>
            <tr>
              <th>{t('sus.bank')}</th>
              {BUCKETS.map((_b, i) => <th key={i} className="a-right">{t(`sus.bucket.${i}` as 'sus.bucket.0')}</th>)}
              <th className="a-right">{t('sus.total')}</th>
            </tr>
          </thead>
          <tbody>
            {banks.length === 0 ? <tr className="empty"><td colSpan={BUCKETS.length + 2}>{t('sus.noCards')}</td></tr> : null}
            {[...banks, null].filter((b) => banks.length > 0 || b !== null).map((bank) => {
              const ofBank = notWrittenOff.filter((i) => bank === null || i.bankName === bank);
              return (
                <tr key={bank ?? '__total'} className={bank === null ? 'aging-total' : undefined}>
                  <td>{bank ?? t('sus.total')}</td>
                  {[...BUCKETS.map((_b, i) => i), null].map((bucket) => {
                    const inCell = ofBank.filter((i) => bucket === null || bucketOf(i.ageDays) === bucket);
                    const on = cell && cell.bank === bank && cell.bucket === bucket;
                    return (
                      <td key={bucket ?? 'all'} className={`a-right aging-cell ${inCell.length ? 'has' : ''} ${on ? 'on' : ''} ${bucket === 3 && inCell.length ? 'old' : ''}`}>
                        {inCell.length ? (
                          <button type="button" className="link" onClick={() => setCell(on ? null : { bank, bucket })} data-testid="aging-cell">
                            <span className="num">{inCell.length}</span> · <Amount minor={sum(inCell)} />
                          </button>
                        ) : <span className="faint">—</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>

      <Section
        title={t('sus.cards')}
        testId="cards"
        actions={(
          <div className="filter-inline">
            <label>{t('sus.kind')}{' '}
              <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="filter-kind">
                <option value="">{t('common.all')}</option>
                <option value="income">{t('sus.income')}</option>
                <option value="expense">{t('sus.expense')}</option>
              </select>
            </label>
            <label>{t('sus.show')}{' '}
              <select value={showAll ? 'all' : 'open'} onChange={(e) => setShowAll(e.target.value === 'all')} data-testid="filter-show">
                <option value="open">{t('sus.showOpen')}</option>
                <option value="all">{t('sus.showAll')}</option>
              </select>
            </label>
            {cell ? <button type="button" className="btn btn-quiet" onClick={() => setCell(null)}>{t('sus.filtered', { what: cellFilterText })} ×</button> : null}
          </div>
        )}
      >
        <div className="table-wrap" style={{ maxHeight: 420 }}>
          <table className="grid" data-testid="card-table">
            <thead>
              <tr>
                <th>{t('sus.card')}</th>
                <th>{t('sus.kind')}</th>
                <th>{t('sus.bank')}</th>
                <th className="a-right">{t('sus.amount')}</th>
                <th>{t('sus.hungUpOn')}</th>
                <th className="a-right">{t('sus.age')}</th>
                <th className="a-center">{t('sus.status')}</th>
                <th>{t('sus.link')}</th>
                <th>{t('sus.summary')}</th>
                <th>{t('sus.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 ? <tr className="empty"><td colSpan={10}>{t('sus.noCards')}</td></tr> : shown.map((i) => {
                const parent = i.parentItemId !== null ? byId.get(i.parentItemId) : undefined;
                const child = remainderOf.get(i.id);
                return (
                  <tr key={i.id} data-testid="card" data-voucher={i.voucherNo} data-status={i.status} className={focus === i.voucherNo ? 'selected' : undefined}>
                    <td><span className="mono">{i.voucherNo}</span></td>
                    <td>{i.kind === 'income' ? t('sus.income') : t('sus.expense')}{i.suspenseCode ? <span className="muted small"> · {i.suspenseCode}</span> : null}</td>
                    <td>{i.bankName}</td>
                    <td className="a-right"><Amount minor={i.amountMinor} currency={i.currency} /></td>
                    <td><span className="num">{i.hungUpOn}</span></td>
                    <td className={`a-right ${bucketOf(i.ageDays) === 3 && i.status !== 'written_off' ? 'old-age' : ''}`}>{i.ageDays === null ? '—' : t('sus.days', { n: i.ageDays })}</td>
                    <td className="a-center"><Pill tone={STATUS_TONE[i.status]}>{t(STATUS_KEY[i.status])}</Pill></td>
                    <td className="links">
                      {parent ? <button type="button" className="link" onClick={() => jump(parent)} data-testid="card-origin">↖ {t('sus.from', { card: parent.voucherNo })}</button> : null}
                      {child ? <button type="button" className="link" onClick={() => jump(child)} data-testid="card-remainder">↘ {t('sus.to', { card: child.voucherNo })}</button> : null}
                      {parent && i.originVoucherNo !== parent.voucherNo ? <span className="muted small">{t('sus.origin', { card: i.originVoucherNo })}</span> : null}
                      {!parent && !child ? <span className="faint">—</span> : null}
                    </td>
                    <td className="wrap small">{i.summary}</td>
                    <td className="card-actions"><CardActions item={i} onWriteOff={() => setWritingOff(i)} t={t} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>

      {may(user, 'suspense.hangUp') ? (
        <div className="two-col">
          <HangUpForm accounts={accounts.data ?? []} date={date} t={t} />
          <InternalPostingForm accounts={accounts.data ?? []} date={date} t={t} />
        </div>
      ) : null}

      {writingOff ? (
        <WriteOffDialog
          item={writingOff} accounts={accounts.data ?? []} date={date} t={t}
          onClose={() => setWritingOff(null)}
          onDone={(remainder) => {
            setWritingOff(null);
            if (remainder) setFocus(remainder);
          }}
        />
      ) : null}
    </div>
  );
}

function CardActions(props: { item: Item; onWriteOff: () => void; t: T }) {
  const { item, t } = props;
  const user = useApp((s) => s.user);
  const { run, showOk, changed } = useApp.getState();
  if (item.status === 'written_off') return null;
  if (item.status === 'to_review') {
    // maker ≠ checker: the maker sees why there is no button; the core refuses anyway
    if (!may(user, 'suspense.review')) return <span className="muted small">{t('sus.awaitReview')}</span>;
    if (user && item.createdBy === user.id) return <span className="muted small">{t('sus.ownCard')}</span>;
    const review = async () => {
      const done = await run(t('sus.reviewing'), () => call('suspense.review', { voucherNo: item.voucherNo }));
      if (done) {
        showOk(t('sus.reviewedOk', { card: done.voucherNo }));
        changed();
      }
    };
    return <button type="button" className="btn btn-primary" onClick={review} data-testid="card-review">{t('sus.review')}</button>;
  }
  if (!may(user, 'suspense.writeOff')) return null;
  return <button type="button" className="btn" onClick={props.onWriteOff} data-testid="card-writeoff">{t('sus.writeOff')}</button>;
}

/** Run a call; its refusal goes to the banner and is kept for the form to show beside its fields. */
async function runShowing<R>(label: string, work: () => Promise<R>, setError: (text: string | null) => void): Promise<R | undefined> {
  setError(null);
  return useApp.getState().run(label, async () => {
    try {
      return await work();
    } catch (error) {
      setError(toCallError(error).text);
      throw error;
    }
  });
}

function AccountSelect(props: { accounts: Account[]; value: number | null; onChange: (id: number) => void; testId: string; filter?: (a: Account) => boolean }) {
  const list = props.filter ? props.accounts.filter(props.filter) : props.accounts;
  return (
    <select value={props.value ?? ''} onChange={(e) => props.onChange(Number(e.target.value))} data-testid={props.testId}>
      <option value="" disabled>—</option>
      {list.map((a) => <option key={a.id} value={a.id}>{accountLabel(a)}</option>)}
    </select>
  );
}

function AmountInput(props: { value: string; onChange: (v: string) => void; testId: string; currency?: string }) {
  const parsed = parseMinor(props.value, props.currency);
  return <input value={props.value} onChange={(e) => props.onChange(e.target.value)} inputMode="decimal" className={`num ${props.value && !parsed.ok ? 'invalid' : ''}`} data-testid={props.testId} />;
}

function HangUpForm(props: { accounts: Account[]; date: string; t: T }) {
  const { t, accounts } = props;
  const { showOk, changed } = useApp.getState();
  const codes = useLoad(() => call('suspense.codes'), []);
  const [kind, setKind] = useState<'income' | 'expense'>('income');
  const [debit, setDebit] = useState<number | null>(null);
  const [credit, setCredit] = useState<number | null>(null);
  const [amount, setAmount] = useState('');
  const [summary, setSummary] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  // The usual sides for the kind; a person may still pick others, and the core says which rule fails.
  const bank = accounts.find((a) => BANK_SIDE.has(a.purpose) && a.purpose === 'bank_deposit') ?? accounts.find((a) => BANK_SIDE.has(a.purpose));
  const suspenseIncome = accounts.find((a) => a.purpose === 'suspense_income');
  const suspenseExpense = accounts.find((a) => a.purpose === 'suspense_expense');
  useEffect(() => {
    setDebit((kind === 'income' ? bank : suspenseExpense)?.id ?? null);
    setCredit((kind === 'income' ? suspenseIncome : bank)?.id ?? null);
  }, [kind, bank?.id, suspenseIncome?.id, suspenseExpense?.id]);

  const parsed = parseMinor(amount);
  const codeList = Object.entries(codes.data ?? {}).filter(([, c]) => c.kind === kind || c.kind === 'either');
  const lang = useApp((s) => s.lang);

  const submit = async () => {
    if (!parsed.ok || debit === null || credit === null) return;
    // an empty summary goes to the core as a blank, so its own rule ("a hang-up needs a summary") is what shows
    const item = await runShowing(t('sus.hangingUp'), () => call('suspense.hangUp', {
      kind, debitAccountId: debit, creditAccountId: credit, amountMinor: parsed.minor, summary: summary.trim() || ' ', accountingDate: props.date,
      ...(code ? { suspenseCode: code } : {}),
    }), setError);
    if (item) {
      showOk(t('sus.hungUpOk', { card: item.voucherNo, amount: formatMinor(item.amountMinor, item.currency) }));
      setAmount('');
      setSummary('');
      changed();
    }
  };

  return (
    <Section title={t('sus.hangUpTitle')} testId="hangup-form">
      <p className="muted small">{t('sus.hangUpNote')}</p>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <div className="form-row">
          <Field label={t('sus.kind')}>
            <select value={kind} onChange={(e) => { setKind(e.target.value as typeof kind); setCode(''); }} data-testid="hangup-kind">
              <option value="income">{t('sus.income')}</option>
              <option value="expense">{t('sus.expense')}</option>
            </select>
          </Field>
          <Field label={t('sus.code')}>
            <select value={code} onChange={(e) => setCode(e.target.value)} data-testid="hangup-code">
              <option value="">{t('sus.noCode')}</option>
              {codeList.map(([k, c]) => <option key={k} value={k}>{k} · {lang === 'zh' ? c.name : c.nameEn}</option>)}
            </select>
          </Field>
        </div>
        <Field label={t('sus.debit')}><AccountSelect accounts={accounts} value={debit} onChange={setDebit} testId="hangup-debit" /></Field>
        <Field label={t('sus.credit')}><AccountSelect accounts={accounts} value={credit} onChange={setCredit} testId="hangup-credit" /></Field>
        <div className="form-row">
          <Field label={t('sus.amount')} hint={amount && !parsed.ok ? t('common.badAmount') : undefined}><AmountInput value={amount} onChange={setAmount} testId="hangup-amount" /></Field>
          <Field label={t('sus.summary')} wide><input value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="hangup-summary" /></Field>
        </div>
        <div className="form-row">
          <button type="submit" className="btn btn-primary" disabled={!amount || !parsed.ok || debit === null || credit === null} data-testid="hangup-submit">{t('sus.hangUp')}</button>
        </div>
        {error ? <div className="inline-error" role="alert" data-testid="hangup-error"><strong>{t('sus.refused')}</strong> {error}</div> : null}
      </form>
    </Section>
  );
}

function InternalPostingForm(props: { accounts: Account[]; date: string; t: T }) {
  const { t, accounts } = props;
  const { showOk, changed } = useApp.getState();
  const [debit, setDebit] = useState<number | null>(null);
  const [credit, setCredit] = useState<number | null>(null);
  const [amount, setAmount] = useState('');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const parsed = parseMinor(amount);

  const submit = async () => {
    if (!parsed.ok || debit === null || credit === null) return;
    const voucher = await runShowing(t('sus.posting'), () => call('suspense.internalPosting', {
      debitAccountId: debit, creditAccountId: credit, amountMinor: parsed.minor, summary: summary.trim() || ' ', accountingDate: props.date,
    }), setError);
    if (voucher) {
      showOk(t('sus.postedOk', { voucher: voucher.voucherNo }));
      setAmount('');
      setSummary('');
      changed();
    }
  };

  return (
    <Section title={t('sus.postingTitle')} testId="posting-form">
      <p className="muted small">{t('sus.postingNote')}</p>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('sus.debit')}><AccountSelect accounts={accounts} value={debit} onChange={setDebit} testId="posting-debit" /></Field>
        <Field label={t('sus.credit')}><AccountSelect accounts={accounts} value={credit} onChange={setCredit} testId="posting-credit" /></Field>
        <div className="form-row">
          <Field label={t('sus.amount')} hint={amount && !parsed.ok ? t('common.badAmount') : undefined}><AmountInput value={amount} onChange={setAmount} testId="posting-amount" /></Field>
          <Field label={t('sus.summary')} wide><input value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="posting-summary" /></Field>
        </div>
        <div className="form-row">
          <button type="submit" className="btn btn-primary" disabled={!amount || !parsed.ok || debit === null || credit === null} data-testid="posting-submit">{t('sus.post')}</button>
        </div>
        {error ? <div className="inline-error" role="alert" data-testid="posting-error"><strong>{t('sus.refused')}</strong> {error}</div> : null}
      </form>
    </Section>
  );
}

function WriteOffDialog(props: { item: Item; accounts: Account[]; date: string; t: T; onClose: () => void; onDone: (remainderVoucherNo: string | null) => void }) {
  const { item, t } = props;
  const { showOk, changed } = useApp.getState();
  // internal, not a write-off account, in the card's currency: what the core accepts on the other side
  const targets = props.accounts.filter((a) => !WRITE_OFF.has(a.purpose) && a.currency === item.currency);
  const [lines, setLines] = useState([{ accountId: targets[0]?.id ?? null as number | null, amount: formatMinor(item.amountMinor, item.currency, { group: false }), summary: '' }]);
  const [summary, setSummary] = useState(t('sus.writeOffSummary', { card: item.voucherNo }));
  const [error, setError] = useState<string | null>(null);
  const parsed = lines.map((l) => parseMinor(l.amount, item.currency));
  const allParsed = parsed.every((p) => p.ok);
  const total = parsed.reduce((s, p) => s + (p.ok ? p.minor : 0), 0);
  const remainder = item.amountMinor - total;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props]);

  const set = (i: number, patch: Partial<(typeof lines)[number]>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = async () => {
    if (!allParsed || lines.some((l) => l.accountId === null)) return;
    const r = await runShowing(t('sus.writingOff'), () => call('suspense.writeOff', {
      voucherNo: item.voucherNo, summary: summary.trim() || ' ', accountingDate: props.date,
      targets: lines.map((l, i) => ({ accountId: l.accountId!, amountMinor: (parsed[i] as { minor: number }).minor, ...(l.summary.trim() ? { summary: l.summary.trim() } : {}) })),
    }), setError);
    if (r) {
      const amount = formatMinor(r.writtenOffMinor, item.currency);
      showOk(r.remainder
        ? t('sus.writtenOffRemainder', { card: item.voucherNo, amount, voucher: r.writeOffVoucherNo, rest: formatMinor(r.remainder.amountMinor, item.currency), remainder: r.remainder.voucherNo })
        : t('sus.writtenOffOk', { card: item.voucherNo, amount, voucher: r.writeOffVoucherNo }));
      changed();
      props.onDone(r.remainder?.voucherNo ?? null);
    }
  };

  return (
    <div className="sus-overlay" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div className="sus-dialog" role="dialog" aria-modal="true" aria-labelledby="writeoff-title" data-testid="writeoff-dialog">
        <header className="sus-dialog-head">
          <h2 id="writeoff-title">{t('sus.writeOffTitle', { card: item.voucherNo })}</h2>
          <button type="button" className="link" onClick={props.onClose} aria-label={t('common.close')}>×</button>
        </header>
        <div className="sus-dialog-body">
          <p className="facts">
            <span>{item.kind === 'income' ? t('sus.income') : t('sus.expense')}</span>
            <span>{item.bankName}</span>
            <span>{t('sus.cardAmount')}: <Amount minor={item.amountMinor} currency={item.currency} /></span>
            <span>{t('sus.hungUpOn')}: <span className="num">{item.hungUpOn}</span></span>
          </p>
          <p className="muted small">{t('sus.writeOffNote')}</p>
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            {lines.map((l, i) => (
              <div className="form-row" key={i}>
                <Field label={t('sus.target')}>
                  <AccountSelect accounts={targets} value={l.accountId} onChange={(id) => set(i, { accountId: id })} testId={`writeoff-target-${i}`} />
                </Field>
                <Field label={t('sus.amount')} hint={l.amount && !parsed[i]!.ok ? t('common.badAmount') : undefined}>
                  <AmountInput value={l.amount} onChange={(v) => set(i, { amount: v })} testId={`writeoff-amount-${i}`} currency={item.currency} />
                </Field>
                <Field label={t('sus.lineSummary')}><input value={l.summary} onChange={(e) => set(i, { summary: e.target.value })} /></Field>
                {lines.length > 1 ? <button type="button" className="btn btn-quiet" onClick={() => setLines(lines.filter((_x, j) => j !== i))} title={t('sus.removeLine')}>×</button> : null}
              </div>
            ))}
            <div className="form-row">
              <button type="button" className="btn btn-quiet" onClick={() => setLines([...lines, { accountId: targets[0]?.id ?? null, amount: '', summary: '' }])}>{t('sus.addLine')}</button>
            </div>
            <Field label={t('sus.summary')} wide><input value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="writeoff-summary" /></Field>
            <div className="writeoff-sum" data-testid="writeoff-sum">
              <span>{t('sus.writeOffTotal')}: <Amount minor={total} currency={item.currency} /></span>
              {remainder > 0 ? <span>{t('sus.remainder')}: <strong><Amount minor={remainder} currency={item.currency} /></strong></span> : null}
              {remainder === 0 ? <Pill tone="ok">{t('sus.full')}</Pill> : null}
              {remainder < 0 ? <Pill tone="bad">{t('sus.over')}</Pill> : null}
            </div>
            {error ? <div className="inline-error" role="alert" data-testid="writeoff-error"><strong>{t('sus.refused')}</strong> {error}</div> : null}
            <div className="form-row sus-dialog-foot">
              <button type="button" className="btn" onClick={props.onClose}>{t('sus.cancel')}</button>
              <button type="submit" className="btn btn-primary" disabled={!allParsed || total <= 0 || lines.some((l) => l.accountId === null)} data-testid="writeoff-submit">{t('sus.writeOff')}</button>
            </div>
          </form>
        </div>
      </div>
    </div>
  );
}
