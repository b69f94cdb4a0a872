// 图表: what people would rather look at than read — reconciliation differences by channel and day,
// clearing and settlement over the last 30 days, and the age of open suspense cards by bank. Each
// chart has a small table beside it with the same figures, so every number can be read exactly.
// Figures are integer fen from the core (charts.*); only axis and tooltip labels are formatted here.
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { OUTCOMES, type Outcome } from '../../../core/shared/rules.js';
import { useApp } from '../store.js';
import { channelName, outcomeName, useScreenT, type Words } from '../i18n.js';
import { Amount, Count, DataTable, Section, Tabs, useLoad } from '../components/ui.js';
import { formatMinor } from '../money.js';
import './Charts.css';

const WORDS = {
  'ch.title': ['图表', 'Charts'],
  'ch.lead': ['差错、清算结算和待查账龄一目了然；每张图下的表给出精确数字。', 'Differences, clearing and settlement, and the age of suspense at a glance; the table under each chart gives the exact figures.'],
  'ch.mismatchTitle': ['对账差错：按渠道和日期（{from} 至 {to}）', 'Reconciliation differences by channel and day ({from} to {to})'],
  'ch.mismatchNote': ['取每个日期、每个渠道当前有效的对账结果；金额为我方金额（无我方记录时取对方金额）。', 'From the reconciliation run in force for each day and channel; the amount is ours, or theirs where we have no record.'],
  'ch.byCount': ['笔数', 'Count'],
  'ch.byAmount': ['金额', 'Amount'],
  'ch.total': ['合计', 'Total'],
  'ch.days': ['天数', 'Days'],
  'ch.noMismatch': ['这段时间没有对账差错（或还没有对账）。', 'No reconciliation differences in this period (or nothing reconciled yet).'],
  'ch.totalsTitle': ['清算与结算：最近 30 天（至 {to}）', 'Clearing and settlement: last 30 days (to {to})'],
  'ch.totalsNote': ['表中只列有发生额的日期；暂缓结算为当日最后一次结算运行中因差错暂缓结算的订单。', 'The table lists days with activity only; held are the orders the day’s latest settlement run held for open errors.'],
  'ch.gross': ['清算收入', 'Cleared gross'],
  'ch.refunds': ['退款', 'Refunds'],
  'ch.fees': ['渠道手续费', 'Channel fees'],
  'ch.net': ['清算净额', 'Cleared net'],
  'ch.settled': ['商户结算', 'Settled to merchants'],
  'ch.held': ['暂缓结算', 'Held'],
  'ch.heldCount': ['暂缓笔数', 'Held orders'],
  'ch.entries': ['清算笔数', 'Entries cleared'],
  'ch.noTotals': ['最近 30 天没有清算或结算。', 'No clearing or settlement in the last 30 days.'],
  'ch.agingTitle': ['待查挂账账龄（截至 {asOf}）', 'Open suspense by age (as of {asOf})'],
  'ch.agingNote': ['未核销的待查卡片（含待复核）；部分核销后重新挂账的余额从原卡片的挂账日起算。', 'Suspense cards not written off (including those awaiting review); a remainder re-hung after a partial write-off ages from its original card’s date.'],
  'ch.bank': ['银行', 'Bank'],
  'ch.ageDays': ['{k} 天', '{k} days'],
  'ch.income': ['待查收入', 'income'],
  'ch.expense': ['待查支出', 'expense'],
  'ch.noAging': ['没有未核销的待查挂账。', 'No open suspense cards.'],
  'ch.chartOf': ['图：{what}', 'Chart: {what}'],
} as const satisfies Words;

type Mismatches = AppOutput<'charts.mismatches'>;
type Totals = AppOutput<'charts.totals'>;
type Aging = AppOutput<'charts.suspenseAging'>;

// One colour per channel and per series, fixed so a channel looks the same in every chart.
const CHANNEL_COLOURS: Record<string, string> = {
  alipay: '#1677ff', wechat: '#2aae67', unionpay: '#c8322f', bank_b2c: '#7b4fb3', bank_payout: '#d48806', balance: '#5c6b7a',
};
const BANK_COLOURS = ['#1d4e89', '#c8322f', '#2aae67', '#d48806', '#7b4fb3', '#0e7c86', '#8c5a3c'];
/** What the mismatch chart shows: every outcome but the settled ones. */
const MISMATCH_OUTCOMES = OUTCOMES.filter((o): o is Exclude<Outcome, 'matched' | 'offset'> => o !== 'matched' && o !== 'offset');

/** Whole yuan for an axis tick; the exact figure is in the tooltip and the table. */
function axisYuan(value: number): string {
  const minor = Math.round(value);
  return formatMinor(minor - (minor % 100));
}
const tooltipYuan = (value: unknown) => (typeof value === 'number' ? formatMinor(Math.round(value)) : String(value));
const shortDay = (date: string) => date.slice(5);

export function ChartsScreen() {
  const t = useScreenT(WORDS);
  const { date, revision } = useApp();
  const from = addDaysLocal(date, -29);
  const mismatches = useLoad(() => call('charts.mismatches', { from, to: date }), [from, date, revision]);
  const totals = useLoad(() => call('charts.totals', { to: date, days: 30 }), [date, revision]);
  const aging = useLoad(() => call('charts.suspenseAging', { asOf: date }), [date, revision]);

  return (
    <div className="screen charts-screen" data-testid="screen-charts">
      <div className="screen-head">
        <h1>{t('ch.title')} <span className="head-date">{date}</span></h1>
        <p className="muted">{t('ch.lead')}</p>
      </div>
      <Section title={t('ch.mismatchTitle', { from, to: date })} testId="chart-mismatches">
        {mismatches.data ? <MismatchChart data={mismatches.data} /> : <p className="muted">{t('common.loading')}</p>}
      </Section>
      <Section title={t('ch.totalsTitle', { to: date })} testId="chart-totals">
        {totals.data ? <TotalsChart data={totals.data} /> : <p className="muted">{t('common.loading')}</p>}
      </Section>
      <Section title={t('ch.agingTitle', { asOf: date })} testId="chart-aging">
        {aging.data ? <AgingChart data={aging.data} /> : <p className="muted">{t('common.loading')}</p>}
      </Section>
    </div>
  );
}

/** Calendar arithmetic on YYYY-MM-DD in UTC, as the core does it. */
function addDaysLocal(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function MismatchChart(props: { data: Mismatches }) {
  const t = useScreenT(WORDS);
  const [measure, setMeasure] = useState<'count' | 'amount'>('count');
  const { data } = props;
  const active = data.byChannel.filter((c) => c.count > 0);
  // one stacked bar per day of the span, so a trend over the month reads left to right
  const rows = data.days.map((d) => {
    const row: Record<string, number | string> = { date: shortDay(d), fullDate: d };
    for (const c of active) {
      const cell = data.cells.find((x) => x.date === d && x.channel === c.channel);
      row[c.channel] = cell ? (measure === 'count' ? cell.count : cell.amountMinor) : 0;
    }
    return row;
  });
  const total = data.byChannel.reduce((s, c) => ({ count: s.count + c.count, amountMinor: s.amountMinor + c.amountMinor }), { count: 0, amountMinor: 0 });
  if (total.count === 0) return <p className="muted" data-testid="mismatch-empty">{t('ch.noMismatch')}</p>;
  return (
    <>
      <div className="chart-tools">
        <Tabs tabs={[{ key: 'count', label: t('ch.byCount') }, { key: 'amount', label: t('ch.byAmount') }]} value={measure} onChange={setMeasure} />
      </div>
      <div className="chart-box" role="img" aria-label={t('ch.chartOf', { what: t('ch.mismatchTitle', { from: data.from, to: data.to }) })}>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} maxBarSize={40}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={measure === 'amount' ? 84 : 48} tickFormatter={measure === 'amount' ? axisYuan : undefined} />
            <Tooltip formatter={(v, name) => [measure === 'amount' ? tooltipYuan(v) : String(v), channelName(t, String(name))]} labelFormatter={(l) => String(l)} />
            <Legend formatter={(value) => channelName(t, String(value))} />
            {active.map((c) => <Bar key={c.channel} dataKey={c.channel} stackId="ch" fill={CHANNEL_COLOURS[c.channel] ?? '#888'} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        testId="mismatch-table"
        rows={active}
        rowKey={(c) => c.channel}
        columns={[
          { key: 'ch', head: t('col.channel'), render: (c) => <span data-channel={c.channel}><span className="swatch" style={{ background: CHANNEL_COLOURS[c.channel] ?? '#888' }} />{channelName(t, c.channel)}</span> },
          ...MISMATCH_OUTCOMES.map((o) => ({
            key: o, head: outcomeName(t, o), align: 'right' as const,
            render: (c: (typeof active)[number]) => <span className="cell-pair" data-outcome={o}><Count n={c.byOutcome[o].count} /><span className="muted"> · </span><Amount minor={c.byOutcome[o].amountMinor} /></span>,
          })),
          { key: 'total', head: t('ch.total'), align: 'right', render: (c) => <strong className="cell-pair" data-total=""><Count n={c.count} /><span className="muted"> · </span><Amount minor={c.amountMinor} /></strong> },
        ]}
        foot={
          <tr className="total-row">
            <td>{t('ch.total')}</td>
            {MISMATCH_OUTCOMES.map((o) => {
              const s = active.reduce((acc, c) => ({ count: acc.count + c.byOutcome[o].count, amountMinor: acc.amountMinor + c.byOutcome[o].amountMinor }), { count: 0, amountMinor: 0 });
              return <td key={o} className="a-right"><Count n={s.count} /><span className="muted"> · </span><Amount minor={s.amountMinor} /></td>;
            })}
            <td className="a-right" data-testid="mismatch-grand-total"><Count n={total.count} /><span className="muted"> · </span><Amount minor={total.amountMinor} /></td>
          </tr>
        }
      />
      <p className="muted small">{t('ch.mismatchNote')}</p>
    </>
  );
}

function TotalsChart(props: { data: Totals }) {
  const t = useScreenT(WORDS);
  const { data } = props;
  const rows = data.days.map((d) => ({
    date: shortDay(d.date), net: d.clearing.netMinor, gross: d.clearing.grossMinor, settled: d.settlement.amountMinor, held: d.held.amountMinor,
  }));
  const activeDays = data.days.filter((d) => d.clearing.entries > 0 || d.settlement.orders > 0 || d.held.count > 0);
  const series = [
    { key: 'gross', label: t('ch.gross'), colour: '#9db7d6' },
    { key: 'net', label: t('ch.net'), colour: '#1d4e89' },
    { key: 'settled', label: t('ch.settled'), colour: '#2aae67' },
    { key: 'held', label: t('ch.held'), colour: '#c8322f' },
  ] as const;
  const label = (key: string) => series.find((s) => s.key === key)?.label ?? key;
  return (
    <>
      <div className="chart-box" role="img" aria-label={t('ch.chartOf', { what: t('ch.totalsTitle', { to: data.to }) })}>
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} maxBarSize={24}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={96} tickFormatter={axisYuan} />
            <Tooltip formatter={(v, name) => [tooltipYuan(v), label(String(name))]} />
            <Legend formatter={(value) => label(String(value))} />
            <Bar dataKey="gross" fill="#9db7d6" isAnimationActive={false} />
            <Bar dataKey="net" fill="#1d4e89" isAnimationActive={false} />
            <Bar dataKey="settled" fill="#2aae67" isAnimationActive={false} />
            <Line dataKey="held" stroke="#c8322f" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        testId="totals-table"
        rows={activeDays}
        rowKey={(d) => d.date}
        empty={t('ch.noTotals')}
        columns={[
          { key: 'date', head: t('col.date'), render: (d) => <span className="num">{d.date}</span> },
          { key: 'entries', head: t('ch.entries'), align: 'right', render: (d) => <Count n={d.clearing.entries} /> },
          { key: 'gross', head: t('ch.gross'), align: 'right', render: (d) => <span data-field="gross"><Amount minor={d.clearing.grossMinor} /></span> },
          { key: 'refunds', head: t('ch.refunds'), align: 'right', render: (d) => <span data-field="refunds"><Amount minor={d.clearing.refundsMinor} /></span> },
          { key: 'fees', head: t('ch.fees'), align: 'right', render: (d) => <span data-field="fees"><Amount minor={d.clearing.feesMinor} /></span> },
          { key: 'net', head: t('ch.net'), align: 'right', render: (d) => <span data-field="net"><Amount minor={d.clearing.netMinor} /></span> },
          { key: 'settled', head: t('ch.settled'), align: 'right', render: (d) => <span data-field="settled"><Amount minor={d.settlement.amountMinor} /></span> },
          { key: 'held', head: t('ch.held'), align: 'right', render: (d) => <span data-field="held"><Count n={d.held.count} /><span className="muted"> · </span><Amount minor={d.held.amountMinor} /></span> },
        ]}
      />
      <p className="muted small">{t('ch.totalsNote')}</p>
    </>
  );
}

function AgingChart(props: { data: Aging }) {
  const t = useScreenT(WORDS);
  const { data } = props;
  if (data.total.count === 0) return <p className="muted" data-testid="aging-empty">{t('ch.noAging')}</p>;
  const bucketLabel = (k: string) => t('ch.ageDays', { k });
  const rows = data.buckets.map((b) => {
    const row: Record<string, number | string> = { bucket: bucketLabel(b.key) };
    data.banks.forEach((bank, i) => { row[`b${i}`] = bank.buckets[b.key].amountMinor; });
    return row;
  });
  const bankOf = (key: string) => data.banks[Number(key.slice(1))]?.bankName ?? key;
  return (
    <>
      <div className="chart-box" role="img" aria-label={t('ch.chartOf', { what: t('ch.agingTitle', { asOf: data.asOf }) })}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} maxBarSize={72}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bucket" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={96} tickFormatter={axisYuan} />
            <Tooltip formatter={(v, name) => [tooltipYuan(v), bankOf(String(name))]} />
            <Legend formatter={(value) => bankOf(String(value))} />
            {data.banks.map((b, i) => <Bar key={b.bankName} dataKey={`b${i}`} stackId="bank" fill={BANK_COLOURS[i % BANK_COLOURS.length]} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        testId="aging-table"
        rows={data.banks}
        rowKey={(b) => b.bankName}
        columns={[
          { key: 'bank', head: t('ch.bank'), render: (b) => <span data-bank={b.bankName}><span className="swatch" style={{ background: BANK_COLOURS[data.banks.indexOf(b) % BANK_COLOURS.length] }} />{b.bankName}</span> },
          ...data.buckets.map((k) => ({
            key: k.key, head: bucketLabel(k.key), align: 'right' as const,
            render: (b: (typeof data.banks)[number]) => {
              const cell = b.buckets[k.key];
              return (
                <span className="cell-pair" data-bucket={k.key} title={`${t('ch.income')} ${formatMinor(cell.incomeMinor)} · ${t('ch.expense')} ${formatMinor(cell.expenseMinor)}`}>
                  <Count n={cell.count} /><span className="muted"> · </span><Amount minor={cell.amountMinor} />
                </span>
              );
            },
          })),
          { key: 'total', head: t('ch.total'), align: 'right', render: (b) => <strong className="cell-pair" data-total=""><Count n={b.count} /><span className="muted"> · </span><Amount minor={b.amountMinor} /></strong> },
        ]}
        foot={
          <tr className="total-row">
            <td>{t('ch.total')}</td>
            {data.buckets.map((k) => <td key={k.key} className="a-right"><Count n={data.total.buckets[k.key].count} /><span className="muted"> · </span><Amount minor={data.total.buckets[k.key].amountMinor} /></td>)}
            <td className="a-right" data-testid="aging-grand-total"><Count n={data.total.count} /><span className="muted"> · </span><Amount minor={data.total.amountMinor} /></td>
          </tr>
        }
      />
      <p className="muted small">{t('ch.agingNote')}</p>
    </>
  );
}
