// 清算结算: channel clearing by channel (gross, refunds, fees, net, voucher), merchant settlement with
// the orders held and why (and how to release them: fix the error on the reconciliation screen, then
// run settlement again), the payout batch file, and the day-end close with each check and its figures.
import { useState } from 'react';
import { call, downloadUrl } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { useScreenT, channelName, checkDetail, holdReasonText, outcomeName, type Words } from '../i18n.js';
import { Amount, Count, DataTable, Field, Pill, Section, useLoad } from '../components/ui.js';
import { formatMinor } from '../money.js';
import { joinPath } from '../paths.js';
import './Settlement.css';

const WORDS = {
  'stl.title': ['清算结算', 'Clearing and settlement'],
  'stl.lead': ['对账之后：渠道轧差把已对平的流水从应收渠道款转入资金落地账户；商户结算按周期把待结算转为可用，有未处理差错的订单暂缓；最后日终检查全部通过才能关账。',
    'After reconciliation: channel clearing moves what was matched from the channel receivable to where the money lands; merchant settlement moves pending to available by cycle, holding orders with an open error; '
      + 'the day closes only when every day-end check passes.'],
  'stl.dayOpen': ['未关账', 'Open'],
  'stl.dayClosed': ['已关账', 'Closed'],
  'stl.runClearing': ['渠道清算', 'Run clearing'],
  'stl.runSettlement': ['运行商户结算', 'Run settlement'],
  'stl.clearingRunning': ['渠道清算', 'Clearing channels'],
  'stl.settlementRunning': ['商户结算', 'Settling merchants'],
  'stl.clearedOk': ['渠道清算完成：{n} 个渠道，{entries} 笔', 'Cleared {n} channel(s), {entries} entries'],
  'stl.clearedNothing': ['没有新的已对平流水需要清算', 'Nothing new to clear: every matched entry is cleared already'],
  'stl.settledOk': ['商户结算完成：{merchants} 个商户 {amount}；暂缓 {held} 笔；未到期 {notDue} 笔', 'Settled {merchants} merchant(s), {amount}; {held} held; {notDue} not yet due'],
  'stl.clearingTitle': ['渠道清算（轧差）', 'Channel clearing'],
  'stl.entries': ['笔数', 'Entries'],
  'stl.gross': ['收入', 'Gross'],
  'stl.refunds': ['退款/付款', 'Refunds & payouts'],
  'stl.fees': ['手续费', 'Fees'],
  'stl.net': ['净额', 'Net'],
  'stl.feeMode': ['手续费方式', 'Fee mode'],
  'stl.deducted': ['渠道坐扣', 'kept at source'],
  'stl.accrued': ['计提应付', 'accrued payable'],
  'stl.voucher': ['凭证号', 'Voucher'],
  'stl.total': ['合计', 'Total'],
  'stl.noClearing': ['这一天还没有渠道清算：运行清算或关账时会做。', 'No clearing for this day yet: run clearing, or close the day, which does it.'],
  'stl.clearingNote': ['钱包和银联手续费在源头扣除；银行全额到账，手续费计提为应付。', 'Wallets and UnionPay keep their fee at source; banks pay gross and their fees are accrued as payable.'],
  'stl.settlementTitle': ['商户结算', 'Merchant settlement'],
  'stl.runInfo': ['最近一次结算 {at}（当天第 {runs} 次）', 'Latest run {at} (run {runs} of the day)'],
  'stl.noSettlement': ['这一天还没有运行商户结算。', 'No settlement run for this day yet.'],
  'stl.merchant': ['商户', 'Merchant'],
  'stl.orders': ['订单数', 'Orders'],
  'stl.settled': ['结算金额', 'Settled'],
  'stl.heldTitle': ['暂缓结算的订单（{n}）', 'Orders held from settlement ({n})'],
  'stl.noHeld': ['没有暂缓的订单', 'No order is held'],
  'stl.order': ['订单号', 'Order no.'],
  'stl.accountingDate': ['记账日', 'Booked'],
  'stl.amount': ['应结金额', 'Owed'],
  'stl.reason': ['暂缓原因', 'Why held'],
  'stl.now': ['差错现状', 'Error now'],
  'stl.fixed': ['已解决，下次结算放行', 'fixed: the next run releases it'],
  'stl.stillOpen': ['仍未解决', 'still open'],
  'stl.howTitle': ['如何放行暂缓订单', 'How to release a held order'],
  'stl.how1': ['在“对账”页找到该订单（按结果筛选金额不符或少账），更正对账单行并重新勾对，或补单。', 'On the Reconciliation screen find the order (filter Amount differs or Platform extra), correct the statement line and match again, or supplement it.'],
  'stl.how2': ['回到本页点“运行商户结算”：已解决的订单随即结算，仍未解决的继续暂缓。', 'Come back here and press “Run settlement”: fixed orders settle, the rest stay held.'],
  'stl.how3': ['暂缓不妨碍关账：只要差错已在差错台上有处理决定。', 'A hold does not stop the day closing, as long as the error has a decision on the error desk.'],
  'stl.openRecon': ['打开对账页', 'Open reconciliation'],
  'stl.closeTitle': ['日终检查与关账', 'Day-end checks and close'],
  'stl.closeNote': ['关账会先做渠道清算和商户结算（只做新增的），再逐项检查；全部通过才关账。每次尝试都留档。',
    'Closing runs clearing and settlement first (only what is new), then every check; the day closes only if all pass. Every attempt is kept.'],
  'stl.closeDay': ['关账', 'Close day'],
  'stl.closing': ['关账', 'Closing the day'],
  'stl.closedOk': ['{date} 已关账：全部 {n} 项检查通过', '{date} is closed: all {n} checks passed'],
  'stl.refused': ['{date} 不能关账：{n} 项检查未通过 — {names}', '{date} cannot close: {n} check(s) failed — {names}'],
  'stl.refusedLead': ['不能关账。未通过的检查：', 'The day cannot close. Failed:'],
  'stl.closedLead': ['已关账，全部检查通过。', 'The day is closed; every check passed.'],
  'stl.noCloseRole': ['关账由复核员操作。', 'A reviewer closes the day.'],
  'stl.alreadyClosed': ['这一天已经关账。', 'This day is closed.'],
  'stl.check': ['检查项', 'Check'],
  'stl.result': ['结果', 'Result'],
  'stl.detail': ['数据与说明', 'Figures and detail'],
  'stl.attempts': ['关账记录（{n} 次）', 'Close attempts ({n})'],
  'stl.attemptAt': ['时间', 'When'],
  'stl.attemptClosed': ['结果', 'Outcome'],
  'stl.attemptFailed': ['未通过的检查', 'Failed checks'],
  'stl.closedPill': ['已关账', 'closed'],
  'stl.refusedPill': ['被拒绝', 'refused'],
  'stl.noAttempts': ['还没有关账记录', 'No close attempt yet'],
  'stl.lastAttempt': ['最近一次：{at}', 'Latest attempt: {at}'],
  'check.reconciliation': ['对账差错已处理', 'Reconciliation differences decided'],
  'check.channelClearing': ['渠道清算完整', 'Channel clearing complete'],
  'check.merchantSettlement': ['商户结算完整', 'Merchant settlement complete'],
  'check.bankBalance': ['银行余额 {account}', 'Bank balance {account}'],
  'check.trialBalance': ['试算平衡', 'Trial balance'],
  'check.glEqualsDetail': ['总账等于明细', 'General ledger = detail'],
  'stl.payoutTitle': ['代付批量文件', 'Payout batch file'],
  'stl.payoutNote': ['当天已发出的代付（已退回重付的除外），GBK 编码 CSV，末行合计供银行核对。', 'The day’s payouts (those refilled after a bank return left out), as a GBK CSV with a totals line the bank checks.'],
  'stl.fromAccount': ['付款账号', 'Pay from account'],
  'stl.reserve': ['备付金', 'reserve'],
  'stl.writePayout': ['生成代付文件', 'Write payout file'],
  'stl.writingPayout': ['生成代付文件', 'Writing the payout file'],
  'stl.payoutOk': ['代付文件：{n} 笔，合计 {amount}', 'Payout file: {n} payout(s), total {amount}'],
  'stl.payouts': ['笔数', 'Payouts'],
  'stl.payoutTotal': ['合计', 'Total'],
  'stl.download': ['下载', 'Download'],
  'stl.noPayoutRole': ['代付文件由操作员生成。', 'An operator writes the payout file.'],
} as const satisfies Words;

type T = ReturnType<typeof useScreenT<typeof WORDS>>;
type Check = AppOutput<'day.closeReports'>[number]['checks'][number];


function checkLabel(t: T, name: string): string {
  if (name.startsWith('bankBalance ')) return t('check.bankBalance', { account: name.slice('bankBalance '.length) });
  const key = `check.${name}`;
  return key in WORDS ? t(key as keyof typeof WORDS) : name;
}

export function SettlementScreen() {
  const t = useScreenT(WORDS);
  const { date, user, revision } = useApp();
  const { run, showOk, changed } = useApp.getState();
  const clearing = useLoad(() => call('clearing.list', { date }), [date, revision]);
  const settlement = useLoad(() => call('settlement.list', { date }), [date, revision]);
  const days = useLoad(() => call('ledger.days'), [revision]);
  const closed = days.data?.find((d) => d.date === date)?.status === 'closed';

  const runClearing = async () => {
    const r = await run(t('stl.clearingRunning'), () => call('clearing.run', { date }));
    if (r) {
      showOk(r.length ? t('stl.clearedOk', { n: r.length, entries: r.reduce((s, c) => s + c.entries, 0) }) : t('stl.clearedNothing'));
      changed();
    }
  };
  const runSettlement = async () => {
    const r = await run(t('stl.settlementRunning'), () => call('settlement.run', { date }));
    if (r) {
      showOk(t('stl.settledOk', { merchants: r.settled.length, amount: formatMinor(r.settled.reduce((s, m) => s + m.amountMinor, 0)), held: r.held.length, notDue: r.notDue.orders }));
      changed();
    }
  };

  return (
    <div className="screen settlement" data-testid="screen-settlement">
      <div className="screen-head">
        <h1>{t('stl.title')} <span className="head-date">{date}</span></h1>
        <Pill tone={closed ? 'ok' : 'info'}>{closed ? t('stl.dayClosed') : t('stl.dayOpen')}</Pill>
        {may(user, 'clearing.run') && !closed ? (
          <div className="head-actions">
            <button type="button" className="btn" onClick={runClearing} data-testid="run-clearing">{t('stl.runClearing')}</button>
            <button type="button" className="btn" onClick={runSettlement} data-testid="run-settlement">{t('stl.runSettlement')}</button>
          </div>
        ) : null}
        <p className="muted">{t('stl.lead')}</p>
      </div>

      <ClearingTable rows={clearing.data ?? []} t={t} />
      <SettlementTables data={settlement.data} t={t} canRun={may(user, 'settlement.run') && !closed} onRun={runSettlement} />
      <CloseDay date={date} closed={closed} t={t} />
      <PayoutFile date={date} t={t} />
    </div>
  );
}

function ClearingTable(props: { rows: AppOutput<'clearing.list'>; t: T }) {
  const { rows, t } = props;
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  return (
    <Section title={t('stl.clearingTitle')} testId="clearing" actions={<span className="muted small">{t('stl.clearingNote')}</span>}>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty={t('stl.noClearing')}
        columns={[
          { key: 'ch', head: t('col.channel'), render: (r) => channelName(t, r.channel) },
          { key: 'ccy', head: t('col.currency'), render: (r) => r.currency },
          { key: 'n', head: t('stl.entries'), align: 'right', render: (r) => <Count n={r.entries} /> },
          { key: 'g', head: t('stl.gross'), align: 'right', render: (r) => <Amount minor={r.grossMinor} currency={r.currency} /> },
          { key: 'r', head: t('stl.refunds'), align: 'right', render: (r) => <Amount minor={r.refundsMinor} currency={r.currency} /> },
          { key: 'f', head: t('stl.fees'), align: 'right', render: (r) => <Amount minor={r.feesMinor} currency={r.currency} /> },
          { key: 'm', head: t('stl.feeMode'), render: (r) => <span className="small">{r.feeMode === 'deducted' ? t('stl.deducted') : t('stl.accrued')}</span> },
          { key: 'net', head: t('stl.net'), align: 'right', render: (r) => <strong><Amount minor={r.netMinor} currency={r.currency} /></strong> },
          { key: 'v', head: t('stl.voucher'), render: (r) => <span className="mono">{r.voucherNo ?? '—'}</span> },
        ]}
        foot={rows.length > 1 && new Set(rows.map((r) => r.currency)).size === 1 ? (
          <tr>
            <td>{t('stl.total')}</td><td>{rows[0]!.currency}</td>
            <td className="a-right"><Count n={sum((r) => r.entries)} /></td>
            <td className="a-right"><Amount minor={sum((r) => r.grossMinor)} /></td>
            <td className="a-right"><Amount minor={sum((r) => r.refundsMinor)} /></td>
            <td className="a-right"><Amount minor={sum((r) => r.feesMinor)} /></td>
            <td />
            <td className="a-right" data-testid="clearing-net-total"><Amount minor={sum((r) => r.netMinor)} /></td>
            <td />
          </tr>
        ) : undefined}
      />
    </Section>
  );
}

function SettlementTables(props: { data: AppOutput<'settlement.list'> | undefined; t: T; canRun: boolean; onRun: () => void }) {
  const { data, t } = props;
  const lang = useApp((s) => s.lang);
  const go = useApp((s) => s.go);
  const settled = data?.settled ?? [];
  const held = data?.held ?? [];
  const fixed = held.filter((h) => h.currentOutcome === 'matched').length;
  return (
    <>
      <Section
        title={t('stl.settlementTitle')}
        testId="settlement"
        actions={data?.runAt ? <span className="muted small">{t('stl.runInfo', { at: data.runAt.slice(0, 19).replace('T', ' '), runs: data.runs })}</span> : null}
      >
        <DataTable
          rows={settled}
          rowKey={(r) => `${r.merchantId}|${r.currency}`}
          maxHeight={320}
          empty={data?.run === null ? t('stl.noSettlement') : undefined}
          columns={[
            { key: 'id', head: t('stl.merchant'), render: (r) => <><span className="mono">{r.merchantId}</span> {r.merchantName}</> },
            { key: 'ccy', head: t('col.currency'), render: (r) => r.currency },
            { key: 'n', head: t('stl.orders'), align: 'right', render: (r) => <Count n={r.orders} /> },
            { key: 'a', head: t('stl.settled'), align: 'right', render: (r) => <Amount minor={r.amountMinor} currency={r.currency} /> },
            { key: 'v', head: t('stl.voucher'), render: (r) => <span className="mono small wrap">{r.voucherNo ?? '—'}</span> },
          ]}
          foot={settled.length > 1 ? (
            <tr>
              <td>{t('stl.total')}</td><td />
              <td className="a-right"><Count n={settled.reduce((s, r) => s + r.orders, 0)} /></td>
              <td className="a-right"><Amount minor={settled.reduce((s, r) => s + r.amountMinor, 0)} /></td>
              <td />
            </tr>
          ) : undefined}
        />
      </Section>

      <Section title={t('stl.heldTitle', { n: held.length })} testId="held" className={held.length ? 'held-some' : ''}>
        <div className="held-layout">
          <DataTable
            testId="held-orders"
            rows={held}
            rowKey={(r) => `${r.orderNo}|${r.merchantId}`}
            empty={t('stl.noHeld')}
            maxHeight={300}
            columns={[
              { key: 'o', head: t('stl.order'), render: (r) => <span className="mono" data-testid="held-order">{r.orderNo}</span> },
              { key: 'm', head: t('stl.merchant'), render: (r) => <span className="mono">{r.merchantId}</span> },
              { key: 'd', head: t('stl.accountingDate'), render: (r) => <span className="num">{r.accountingDate ?? '—'}</span> },
              { key: 'a', head: t('stl.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
              { key: 'why', head: t('stl.reason'), render: (r) => <span className="wrap">{holdReasonText(r.reason, lang)}</span> },
              {
                key: 'now', head: t('stl.now'), render: (r) => (r.currentOutcome === 'matched'
                  ? <Pill tone="ok">{t('stl.fixed')}</Pill>
                  : <Pill tone="warn" title={r.currentOutcome ?? ''}>{r.currentOutcome ? `${outcomeName(t, r.currentOutcome)} · ${t('stl.stillOpen')}` : t('stl.stillOpen')}</Pill>),
              },
            ]}
          />
          {held.length ? (
            <aside className="how-release" data-testid="how-release">
              <h3>{t('stl.howTitle')}</h3>
              <ol>
                <li>{t('stl.how1')}</li>
                <li>{t('stl.how2')}</li>
              </ol>
              <p className="muted small">{t('stl.how3')}</p>
              <div className="form-row">
                <button type="button" className="btn" onClick={() => go('recon')} data-testid="open-recon">{t('stl.openRecon')} →</button>
                {props.canRun ? (
                  <button type="button" className={`btn ${fixed ? 'btn-primary' : ''}`} onClick={props.onRun} data-testid="rerun-settlement">{t('stl.runSettlement')}</button>
                ) : null}
              </div>
            </aside>
          ) : null}
        </div>
      </Section>
    </>
  );
}

function CloseDay(props: { date: string; closed: boolean; t: T }) {
  const { date, t } = props;
  const { user, revision, lang } = useApp();
  const { run, changed } = useApp.getState();
  const reports = useLoad(() => call('day.closeReports', { date }), [date, revision]);
  const attempts = reports.data ?? [];
  const last = attempts.at(-1);

  const close = async () => {
    const r = await run(t('stl.closing'), () => call('day.close', { date }));
    if (!r) return;
    const failed = r.checks.filter((c) => !c.ok);
    if (r.closed) useApp.getState().showOk(t('stl.closedOk', { date, n: r.checks.length }));
    else useApp.setState({ banner: { kind: 'error', code: 'CHECK_FAILED', text: t('stl.refused', { date, n: failed.length, names: failed.map((c) => checkLabel(t, c.name)).join('; ') }) } });
    changed();
  };

  const failed = last ? last.checks.filter((c) => !c.ok) : [];
  return (
    <Section
      title={t('stl.closeTitle')}
      testId="close-day-section"
      actions={last ? <span className="muted small">{t('stl.lastAttempt', { at: last.at.slice(0, 19).replace('T', ' ') })}</span> : null}
    >
      <p className="muted small">{t('stl.closeNote')}</p>
      <div className="form-row">
        {props.closed ? <Pill tone="ok">{t('stl.alreadyClosed')}</Pill>
          : may(user, 'day.close') ? <button type="button" className="btn btn-primary" onClick={close} data-testid="close-day">{t('stl.closeDay')}</button>
            : <span className="muted small">{t('stl.noCloseRole')}</span>}
      </div>
      {last ? (
        <>
          {last.closed ? (
            <div className="close-verdict ok" data-testid="close-ok">{t('stl.closedLead')}</div>
          ) : (
            <div className="close-verdict bad" role="alert" data-testid="close-refused">
              <strong>{t('stl.refusedLead')}</strong>
              <ul>
                {failed.map((c) => <li key={c.name} data-testid="failed-check" data-check={c.name}><strong>{checkLabel(t, c.name)}</strong> — {checkDetail(c, lang)}</li>)}
              </ul>
            </div>
          )}
          <ChecksTable checks={last.checks} t={t} />
        </>
      ) : null}
      <h3 className="sub-head">{t('stl.attempts', { n: attempts.length })}</h3>
      <DataTable
        testId="close-attempts"
        rows={[...attempts].reverse()}
        rowKey={(r) => r.at}
        empty={t('stl.noAttempts')}
        columns={[
          { key: 'at', head: t('stl.attemptAt'), render: (r) => <span className="num">{r.at.slice(0, 19).replace('T', ' ')}</span> },
          { key: 'ok', head: t('stl.attemptClosed'), align: 'center', render: (r) => <Pill tone={r.closed ? 'ok' : 'bad'}>{r.closed ? t('stl.closedPill') : t('stl.refusedPill')}</Pill> },
          { key: 'f', head: t('stl.attemptFailed'), render: (r) => <span className="wrap">{r.checks.filter((c) => !c.ok).map((c) => checkLabel(t, c.name)).join('; ') || '—'}</span> },
        ]}
      />
    </Section>
  );
}

function ChecksTable(props: { checks: Check[]; t: T }) {
  const { t } = props;
  const lang = useApp((s) => s.lang);
  return (
    <table className="grid compact checks" data-testid="checks">
      <thead><tr><th>{t('stl.check')}</th><th className="a-center">{t('stl.result')}</th><th>{t('stl.detail')}</th></tr></thead>
      <tbody>
        {props.checks.map((c) => (
          <tr key={c.name} data-check={c.name} data-ok={c.ok ? 'yes' : 'no'} className={c.ok ? undefined : 'failed'}>
            <td>{checkLabel(t, c.name)}</td>
            <td className="a-center"><Pill tone={c.ok ? 'ok' : 'bad'}>{c.ok ? t('common.ok') : t('common.failed')}</Pill></td>
            <td className="wrap">{checkDetail(c, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PayoutFile(props: { date: string; t: T }) {
  const { date, t } = props;
  const { user, host } = useApp();
  const { run, showOk } = useApp.getState();
  const banks = useLoad(() => call('balances.accounts'), []);
  const accounts = (banks.data ?? []).filter((b) => b.status === 'normal');
  const [from, setFrom] = useState('');
  const [written, setWritten] = useState<AppOutput<'settlement.payoutFile'> | null>(null);
  // payouts are paid from the reserve (备付金): it is the one offered first
  const chosen = accounts.find((a) => a.accountNo === from) ?? accounts.find((a) => a.kind === 'reserve') ?? accounts[0];

  const write = async () => {
    if (!host || !chosen) return;
    const file = joinPath(host.exportsDir, `payout-${date}-${chosen.accountNo}.csv`);
    const r = await run(t('stl.writingPayout'), () => call('settlement.payoutFile', { date, file, fromAccount: chosen.accountNo }));
    if (r) {
      setWritten(r);
      showOk(t('stl.payoutOk', { n: r.payouts, amount: formatMinor(r.amountMinor, r.currency) }));
    }
  };
  const href = written && written.date === date ? downloadUrl(written.file) : null;

  return (
    <Section title={t('stl.payoutTitle')} testId="payout">
      <p className="muted small">{t('stl.payoutNote')}</p>
      {may(user, 'settlement.payoutFile') ? (
        <div className="form-row">
          <Field label={t('stl.fromAccount')}>
            <select value={chosen?.accountNo ?? ''} onChange={(e) => setFrom(e.target.value)} data-testid="payout-from">
              {accounts.map((a) => <option key={a.accountNo} value={a.accountNo}>{a.accountNo} · {a.bankName}{a.kind === 'reserve' ? ` · ${t('stl.reserve')}` : ''}</option>)}
            </select>
          </Field>
          <button type="button" className="btn btn-primary" onClick={write} disabled={!chosen || !host} data-testid="payout-write">{t('stl.writePayout')}</button>
        </div>
      ) : <p className="muted small">{t('stl.noPayoutRole')}</p>}
      {written && written.date === date ? (
        <div className="payout-result" data-testid="payout-result">
          <p className="facts">
            <span>{t('stl.payouts')}: <Count n={written.payouts} /></span>
            <span>{t('stl.payoutTotal')}: <Amount minor={written.amountMinor} currency={written.currency} /> {written.currency}</span>
          </p>
          <p>
            <code className="path">{written.file}</code>{' '}
            {href ? (
              <a className="btn btn-primary" href={href} download={written.file.split(/[\\/]/).pop()} data-testid="payout-download">{t('stl.download')}</a>
            ) : (
              <button type="button" className="btn" onClick={() => run(t('common.reveal'), () => call('host.revealFile', { path: written.file }))}>{t('common.reveal')}</button>
            )}
          </p>
        </div>
      ) : null}
    </Section>
  );
}
