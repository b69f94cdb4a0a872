// 总账: the chart of accounts as a tree with balances at the work date, the trial balance for a date,
// the vouchers of the day, an account's detail with its running balance, and a voucher with its lines
// and audit trail, which a reviewer can reverse in red ink.
import { useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { LedgerEntry } from '../components/LedgerEntry.js';
import { Amount, Count, DataTable, Field, Pill, Section, Tabs, useLoad } from '../components/ui.js';
import { useLedgerT } from '../components/LedgerWords.js';
import { LedgerTree } from '../components/LedgerTree.js';
import { LedgerAccount } from '../components/LedgerAccount.js';
import { LedgerVoucher, type VoucherRef } from '../components/LedgerVoucher.js';
import './Ledger.css';

type Tab = 'tree' | 'trial' | 'journal' | 'account' | 'voucher' | 'entry';

export function LedgerScreen() {
  const t = useLedgerT();
  const date = useApp((s) => s.date);
  const user = useApp((s) => s.user);
  const [tab, setTab] = useState<Tab>('tree');
  const [accountId, setAccountId] = useState<number | null>(null);
  const [voucher, setVoucher] = useState<VoucherRef | null>(null);
  const [find, setFind] = useState('');
  const [findBad, setFindBad] = useState(false);

  const openAccount = (id: number) => {
    setAccountId(id);
    setTab('account');
  };
  const openVoucher = (ref: VoucherRef) => {
    setVoucher(ref);
    setTab('voucher');
  };
  const findVoucher = () => {
    const no = find.trim();
    if (!/^\d{8}-\d{1,9}$/.test(no)) {
      setFindBad(true);
      return;
    }
    setFindBad(false);
    openVoucher({ voucherNo: no });
  };

  return (
    <div className="screen" data-testid="screen-ledger">
      <div className="screen-head">
        <h1>{t('lg.title')} <span className="head-date">{date}</span></h1>
        <p className="muted">{t('lg.lead')}</p>
      </div>
      <div className="lg-nav">
        <Tabs<Tab>
          value={tab}
          onChange={setTab}
          tabs={[
            { key: 'tree', label: <span data-testid="tab-tree">{t('lg.tab.tree')}</span> },
            { key: 'trial', label: <span data-testid="tab-trial">{t('lg.tab.trial')}</span> },
            { key: 'journal', label: <span data-testid="tab-journal">{t('lg.tab.journal')}</span> },
            { key: 'account', label: <span data-testid="tab-account">{t('lg.tab.account')}</span> },
            { key: 'voucher', label: <span data-testid="tab-voucher">{t('lg.tab.voucher')}</span> },
            ...(may(user, 'ledger.postVoucher') ? [{ key: 'entry' as const, label: <span data-testid="tab-entry">{t('lg.tab.entry')}</span> }] : []),
          ]}
        />
        <form className="lg-find" onSubmit={(e) => { e.preventDefault(); findVoucher(); }}>
          <input
            value={find} onChange={(e) => { setFind(e.target.value); setFindBad(false); }} placeholder="20261122-000001"
            aria-label={t('lg.findVoucher')} className={findBad ? 'attention' : ''} data-testid="find-voucher"
          />
          <button type="submit" className="btn" data-testid="find-voucher-go">{t('lg.find')}</button>
          {findBad ? <span className="warn-text small">{t('lg.badVoucherNo')}</span> : null}
        </form>
      </div>
      {tab === 'tree' ? (
        <Section title={`${t('lg.tab.tree')} · ${t('lg.balanceAt', { date })}`}>
          <LedgerTree date={date} onOpenAccount={openAccount} />
        </Section>
      ) : null}
      {tab === 'trial' ? <TrialBalanceView date={date} /> : null}
      {tab === 'journal' ? <Journal date={date} onOpenVoucher={(id) => openVoucher({ id })} /> : null}
      {tab === 'account' ? (
        accountId === null ? <Section title={t('lg.tab.account')}><p className="muted">{t('lg.pickAccount')}</p></Section>
          : <LedgerAccount accountId={accountId} date={date} onOpenVoucher={(id) => openVoucher({ id })} />
      ) : null}
      {tab === 'entry' ? <LedgerEntry date={date} onPosted={(id) => openVoucher({ id })} /> : null}
      {tab === 'voucher' ? (
        voucher === null ? <Section title={t('lg.tab.voucher')}><p className="muted">{t('lg.pickVoucher')}</p></Section>
          : <LedgerVoucher voucher={voucher} date={date} onOpenVoucher={openVoucher} onOpenAccount={openAccount} />
      ) : null}
    </div>
  );
}

type TbRow = AppOutput<'ledger.trialBalance'>['rows'][number];

function TrialBalanceView(props: { date: string }) {
  const t = useLedgerT();
  const lang = useApp((s) => s.lang);
  const revision = useApp((s) => s.revision);
  const [date, setDate] = useState(props.date);
  const [hideZero, setHideZero] = useState(true);
  const tb = useLoad(() => call('ledger.trialBalance', { date }), [date, revision]);
  const days = useLoad(() => call('ledger.days'), [revision], { quiet: true });
  const day = days.data?.find((d) => d.date === date);
  const rows = (tb.data?.rows ?? []).filter((r) => !hideZero || r.opening.debit || r.opening.credit || r.period.debit || r.period.credit || r.closing.debit || r.closing.credit);
  const pair = (key: string, head: string, pick: (r: TbRow) => number) => ({
    key, head, align: 'right' as const, width: 128,
    render: (r: TbRow) => <span className={r.level === 1 ? 'lg-strong' : ''}><Amount minor={pick(r) || null} /></span>,
  });
  const sides = tb.data;
  return (
    <Section
      title={t('lg.tab.trial')}
      testId="trial-balance"
      actions={sides ? <Pill tone={sides.balanced ? 'ok' : 'bad'}><span data-testid="tb-balanced">{sides.balanced ? t('lg.tbBalanced') : t('lg.tbUnbalanced')}</span></Pill> : null}
    >
      <div className="form-row">
        <Field label={t('lg.tbDate')}><input type="date" value={date} onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && setDate(e.target.value)} data-testid="tb-date" /></Field>
        <span className="muted">{t('lg.dayState')}: {day ? (day.status === 'closed' ? t('day.closed') : t('day.open')) : '—'}</span>
        <label className="lg-check"><input type="checkbox" checked={hideZero} onChange={(e) => setHideZero(e.target.checked)} /> {t('lg.hideZero')}</label>
      </div>
      <DataTable<TbRow>
        rows={rows}
        rowKey={(r) => r.code}
        maxHeight={560}
        testId="tb-table"
        columns={[
          { key: 'code', head: t('lg.code'), width: 110, render: (r) => <code style={{ paddingLeft: (r.level - 1) * 14 }} className={r.level === 1 ? 'lg-strong' : ''}>{r.code}</code> },
          { key: 'name', head: t('lg.subject'), render: (r) => <span className={r.level === 1 ? 'lg-strong' : ''} style={{ paddingLeft: (r.level - 1) * 14 }}>{lang === 'zh' ? r.name : r.nameEn}</span> },
          pair('od', `${t('lg.opening')} ${t('lg.debit')}`, (r) => r.opening.debit),
          pair('oc', `${t('lg.opening')} ${t('lg.credit')}`, (r) => r.opening.credit),
          pair('pd', `${t('lg.period')} ${t('lg.debit')}`, (r) => r.period.debit),
          pair('pc', `${t('lg.period')} ${t('lg.credit')}`, (r) => r.period.credit),
          pair('cd', `${t('lg.closing')} ${t('lg.debit')}`, (r) => r.closing.debit),
          pair('cc', `${t('lg.closing')} ${t('lg.credit')}`, (r) => r.closing.credit),
        ]}
        foot={sides ? (
          <tr className="lg-total" data-testid="tb-total">
            <td colSpan={2}>{t('lg.total')}</td>
            <td className="a-right"><Amount minor={sides.opening.debit} /></td>
            <td className="a-right"><Amount minor={sides.opening.credit} /></td>
            <td className="a-right" data-testid="tb-period-debit"><Amount minor={sides.period.debit} /></td>
            <td className="a-right" data-testid="tb-period-credit"><Amount minor={sides.period.credit} /></td>
            <td className="a-right" data-testid="tb-closing-debit"><Amount minor={sides.closing.debit} /></td>
            <td className="a-right" data-testid="tb-closing-credit"><Amount minor={sides.closing.credit} /></td>
          </tr>
        ) : undefined}
      />
    </Section>
  );
}

type JournalRow = AppOutput<'ledger.vouchers'>[number];
const JOURNAL_PAGE = 100;

function Journal(props: { date: string; onOpenVoucher: (id: number) => void }) {
  const t = useLedgerT();
  const revision = useApp((s) => s.revision);
  const [offset, setOffset] = useState(0);
  const list = useLoad(() => call('ledger.vouchers', { date: props.date, limit: JOURNAL_PAGE + 1, offset }), [props.date, offset, revision]);
  const rows = (list.data ?? []).slice(0, JOURNAL_PAGE);
  const more = (list.data?.length ?? 0) > JOURNAL_PAGE;
  const debitOf = (v: JournalRow) => v.lines.filter((l) => l.direction === 'D').reduce((s, l) => s + l.amountMinor, 0);
  return (
    <Section
      title={`${t('lg.tab.journal')} · ${props.date}`}
      testId="journal"
      actions={
        <span className="lg-pager">
          <span className="muted small">{rows.length ? t('lg.journalCount', { from: offset + 1, to: offset + rows.length }) : ''}</span>
          <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - JOURNAL_PAGE))}>{t('lg.prev')}</button>
          <button type="button" className="btn" disabled={!more} onClick={() => setOffset(offset + JOURNAL_PAGE)} data-testid="journal-next">{t('lg.next')}</button>
        </span>
      }
    >
      <DataTable<JournalRow>
        rows={rows}
        rowKey={(v) => v.id}
        maxHeight={560}
        onRowClick={(v) => props.onOpenVoucher(v.id)}
        testId="journal-table"
        empty={list.loading ? t('common.loading') : t('common.none')}
        columns={[
          { key: 'no', head: t('lg.voucherNo'), width: 150, render: (v) => <span className="mono" data-testid={`journal-${v.voucherNo}`}>{v.voucherNo}</span> },
          { key: 'code', head: t('lg.businessCode'), width: 80, render: (v) => <code>{v.businessCode}</code> },
          {
            key: 'summary', head: t('lg.summary'), render: (v) => (
              <span className="ellipsis" title={v.summary}>
                {v.reversesId !== null ? <><Pill tone="bad">{t('lg.redInk')}</Pill> </> : null}
                {v.reversedById !== null ? <><Pill tone="warn">{t('lg.reversed')}</Pill> </> : null}
                {v.summary}
              </span>
            ),
          },
          { key: 'lines', head: t('lg.lines'), align: 'right', width: 60, render: (v) => <Count n={v.lines.length} /> },
          { key: 'amount', head: t('lg.amount'), align: 'right', width: 140, render: (v) => <Amount minor={debitOf(v)} currency={v.lines[0]?.currency} /> },
          { key: 'by', head: t('lg.createdBy'), width: 90, render: (v) => v.createdBy },
        ]}
      />
    </Section>
  );
}
