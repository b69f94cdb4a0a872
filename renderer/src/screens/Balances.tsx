// 银行余额: the operator registers each account's bank balance (a temporary figure nobody sees until
// reviewed); the reviewer imports the filled review template; the balance check sets the reviewed
// balance against the ledger and the outstanding items (未达款项).
import { useRef, useState } from 'react';
import { call, downloadUrl, upload } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { useT } from '../i18n.js';
import { Amount, Count, DataTable, Field, Pill, Section, useLoad } from '../components/ui.js';
import { parseMinor, formatMinor } from '../money.js';

type ReviewResult = AppOutput<'balances.review'>;

export function BalancesScreen() {
  const t = useT();
  const { date, user, revision } = useApp();
  const query = useLoad(() => call('balances.query', { date }), [date, revision]);
  const check = useLoad(() => call('balances.check', { date }), [date, revision]);
  const unassigned = useLoad(() => call('balances.unassigned', { date }), [date, revision], { quiet: true });
  const [account, setAccount] = useState<string | null>(null);

  return (
    <div className="screen" data-testid="screen-balances">
      <div className="screen-head">
        <h1>{t('bal.title')} <span className="head-date">{date}</span></h1>
        <p className="muted">{t('bal.lead')}</p>
      </div>
      <Section title={t('bal.accountsOf', { date })}>
        <DataTable
          testId="balance-rows"
          rows={query.data ?? []}
          rowKey={(r) => r.accountNo}
          columns={[
            { key: 'no', head: t('col.accountNo'), render: (r) => <span className="mono">{r.accountNo}</span> },
            { key: 'bank', head: t('col.bank'), render: (r) => r.bankName },
            { key: 'name', head: t('col.accountName'), render: (r) => r.accountName },
            { key: 'ccy', head: t('col.currency'), render: (r) => r.currency },
            { key: 'as', head: t('col.accountStatus'), render: (r) => t(`acct.${r.accountStatus}` as const) },
            { key: 'bs', head: t('col.balanceStatus'), align: 'center', render: (r) => <Pill tone={r.balanceStatus === 'Y' ? 'ok' : r.balanceStatus === 'A' ? 'warn' : 'muted'}>{r.balanceStatus} · {t(`bal.status${r.balanceStatus}` as const)}</Pill> },
            { key: 'fig', head: t('bal.reviewedBalance'), align: 'right', render: (r) => <Amount minor={r.balanceMinor} currency={r.currency} /> },
            { key: 'tmp', head: t('bal.entered'), render: (r) => <span className="small">{r.temporary.map((x) => `${x.registeredBy ?? x.source} ${x.registeredAt.slice(11, 16)}`).join(', ') || '—'}</span> },
            { key: 'rv', head: t('bal.reviewedBy'), render: (r) => <span className="small">{r.reviewedBy ? `${r.reviewedBy} ${r.reviewedAt?.slice(11, 16) ?? ''}` : '—'}</span> },
          ]}
        />
      </Section>

      <div className="two-col">
        {may(user, 'balances.register') ? <RegisterForm date={date} rows={query.data ?? []} /> : null}
        {may(user, 'balances.review') ? <ReviewImport /> : null}
      </div>

      <Section title={t('bal.checkTitle')} testId="balance-check" actions={<button type="button" className="btn btn-quiet" onClick={check.reload}>{t('common.refresh')}</button>}>
        <DataTable
          rows={check.data ?? []}
          rowKey={(r) => r.accountNo}
          onRowClick={(r) => setAccount(r.accountNo)}
          selected={account}
          columns={[
            { key: 'no', head: t('col.accountNo'), render: (r) => <span className="mono">{r.accountNo}</span> },
            { key: 'bank', head: t('col.bank'), render: (r) => r.bankName },
            { key: 'rv', head: t('bal.bankSays'), align: 'right', render: (r) => <Amount minor={r.reviewedMinor} currency={r.currency} /> },
            { key: 'lg', head: t('bal.ledgerSays'), align: 'right', render: (r) => <Amount minor={r.ledgerMinor} currency={r.currency} /> },
            { key: 'os', head: t('bal.outstanding'), align: 'right', render: (r) => <Amount minor={r.outstandingMinor} currency={r.currency} /> },
            { key: 'oc', head: t('bal.items'), align: 'right', render: (r) => <Count n={r.outstandingCount} /> },
            { key: 'un', head: t('bal.unexplained'), align: 'right', render: (r) => <Amount minor={r.unexplainedMinor} currency={r.currency} /> },
            { key: 'ok', head: t('col.result'), align: 'center', render: (r) => (r.reviewedMinor === null ? <Pill tone="muted">{t('bal.notReviewed')}</Pill> : <Pill tone={r.ok ? 'ok' : 'bad'}>{r.ok ? t('common.ok') : t('common.failed')}</Pill>) },
          ]}
        />
        <p className="muted small">{t('bal.checkRule')}</p>
      </Section>
      {unassigned.data && unassigned.data.length > 0 ? (
        <Section title={t('bal.unassignedTitle', { n: unassigned.data.length })} testId="unassigned">
          <p className="notice">{t('bal.unassignedLead')}</p>
          <DataTable
            rows={unassigned.data}
            rowKey={(r) => r.clearingId}
            maxHeight={240}
            columns={[
              { key: 'file', head: t('col.file'), render: (r) => <span className="wrap">{r.fileName}</span> },
              { key: 'acct', head: t('col.accountNo'), render: (r) => <span className="mono">{r.account ?? '—'}</span> },
              { key: 'date', head: t('col.bankDate'), render: (r) => <span className="num">{r.bankDate}</span> },
              { key: 'dir', head: t('col.dir'), render: (r) => (r.direction === 'in' ? t('dir.in') : t('dir.out')) },
              { key: 'amt', head: t('col.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
            ]}
          />
        </Section>
      ) : null}
      {account ? <Outstanding date={date} accountNo={account} onClose={() => setAccount(null)} /> : null}
    </div>
  );
}

function RegisterForm(props: { date: string; rows: AppOutput<'balances.query'> }) {
  const t = useT();
  const { run, showOk, changed } = useApp.getState();
  const accounts = props.rows.filter((r) => r.accountStatus === 'normal');
  const [accountNo, setAccountNo] = useState('');
  const [amount, setAmount] = useState('');
  const chosen = accounts.find((a) => a.accountNo === accountNo) ?? accounts[0];
  const currency = chosen?.currency ?? 'CNY';
  const parsed = parseMinor(amount, currency);

  const submit = async () => {
    if (!chosen || !parsed.ok) return;
    const done = await run(t('bal.registering'), () => call('balances.register', { date: props.date, accountNo: chosen.accountNo, amount: amount.trim(), currency }));
    if (done !== undefined) {
      showOk(t('bal.registeredOk', { account: chosen.accountNo, amount: formatMinor(parsed.minor, currency) }));
      setAmount('');
      changed();
    }
  };

  return (
    <Section title={t('bal.registerTitle')} testId="register-form">
      <form className="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('col.accountNo')}>
          <select value={chosen?.accountNo ?? ''} onChange={(e) => setAccountNo(e.target.value)} data-testid="register-account">
            {accounts.map((a) => <option key={a.accountNo} value={a.accountNo}>{a.accountNo} · {a.bankName} · {a.balanceStatus}</option>)}
          </select>
        </Field>
        <Field label={t('bal.amountOnStatement', { ccy: currency })} hint={amount && !parsed.ok ? t('common.badAmount') : parsed.ok && amount ? `= ${formatMinor(parsed.minor, currency)} ${currency}` : t('bal.amountHint')}>
          <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" className={`num ${amount && !parsed.ok ? 'invalid' : ''}`} data-testid="register-amount" />
        </Field>
        <div className="form-row">
          <button type="submit" className="btn btn-primary" disabled={!chosen || !amount || !parsed.ok} data-testid="register-submit">{t('bal.register')}</button>
          <span className="muted small">{t('bal.registerNote')}</span>
        </div>
      </form>
    </Section>
  );
}

function ReviewImport() {
  const t = useT();
  const { run, showOk, changed } = useApp.getState();
  const host = useApp((s) => s.host);
  const template = useLoad(() => call('balances.templatePath'), []);
  const [result, setResult] = useState<ReviewResult | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const templatePath = template.data?.path ?? null;
  // browser mode serves the exports folder and the shipped templates (core/host/http.ts download)
  const href = templatePath && host?.mode === 'browser' ? downloadUrl(templatePath) : null;

  const review = async (file: File | undefined) => {
    if (!file) return;
    const r = await run(t('bal.reviewing'), async () => call('balances.review', { file: await upload(file) }));
    if (r) {
      setResult(r);
      showOk(t('bal.reviewedOk', { reviewed: r.reviewed, failed: r.failed }));
      changed();
    }
  };

  const reveal = async () => {
    if (templatePath) await run(t('common.reveal'), () => call('host.revealFile', { path: templatePath }));
  };

  return (
    <Section title={t('bal.reviewTitle')} testId="review-import">
      <p className="small">{t('bal.reviewLead')}</p>
      <p className="small">
        {t('bal.template')}:{' '}
        {href ? <a href={href} download>{templatePath!.split(/[\\/]/).pop()}</a> : <code className="path">{templatePath ?? '…'}</code>}
        {!href && templatePath && host?.mode === 'electron' ? <button type="button" className="link" onClick={reveal}> {t('common.reveal')}</button> : null}
      </p>
      <div className="form-row">
        <button type="button" className="btn btn-primary" onClick={() => inputRef.current?.click()}>{t('bal.importReview')}</button>
        <input ref={inputRef} type="file" accept=".xlsx" hidden data-testid="review-file" onChange={(e) => { void review(e.target.files?.[0]); e.target.value = ''; }} />
      </div>
      {result ? (
        <DataTable
          testId="review-rows"
          rows={result.rows}
          rowKey={(r) => r.row}
          maxHeight={260}
          columns={[
            { key: 'row', head: t('col.row'), align: 'right', width: 48, render: (r) => <span className="num">{r.row}</span> },
            { key: 'date', head: t('col.date'), render: (r) => <span className="num">{r.date ?? '—'}</span> },
            { key: 'acct', head: t('col.accountNo'), render: (r) => <span className="mono">{r.accountNo ?? '—'}</span> },
            { key: 'ok', head: t('col.result'), align: 'center', render: (r) => <Pill tone={r.ok ? 'ok' : 'bad'}>{r.ok ? t('common.ok') : t('common.failed')}</Pill> },
            { key: 'msg', head: t('col.message'), render: (r) => <span className="wrap">{r.message}{r.column ? ` (${r.column})` : ''}</span> },
          ]}
        />
      ) : null}
    </Section>
  );
}

function Outstanding(props: { date: string; accountNo: string; onClose: () => void }) {
  const t = useT();
  const items = useLoad(() => call('balances.outstanding', { date: props.date, accountNo: props.accountNo }), [props.date, props.accountNo]);
  return (
    <Section
      title={t('bal.outstandingOf', { account: props.accountNo })}
      testId="outstanding"
      actions={<button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('common.close')}</button>}
    >
      <DataTable
        rows={items.data ?? []}
        rowKey={(r) => r.clearingId}
        maxHeight={320}
        columns={[
          { key: 'id', head: t('col.line'), align: 'right', render: (r) => <span className="num">{r.clearingId}</span> },
          { key: 'date', head: t('col.bankDate'), render: (r) => <span className="num">{r.bankDate}</span> },
          { key: 'dir', head: t('col.dir'), render: (r) => (r.direction === 'in' ? t('dir.in') : t('dir.out')) },
          { key: 'no', head: t('col.orderNo'), render: (r) => <span className="mono">{r.orderNo ?? '—'}</span> },
          { key: 'amt', head: t('col.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
          { key: 'why', head: t('col.reason'), render: (r) => <span className="wrap">{r.reason}</span> },
        ]}
      />
    </Section>
  );
}
