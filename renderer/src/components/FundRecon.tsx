// 资金对账: beside the transaction reconciliation, whether each order's money arrived to the fen —
// the fund bill's net per order against what our books expect the channel to move (docs/domain.md#fund-flow-reconciliation).
import { useState } from 'react';
import { call } from '../api/client.js';
import { useApp } from '../store.js';
import { useScreenT, channelName, type Words } from '../i18n.js';
import { Amount, Count, DataTable, Pill, Section, useLoad } from './ui.js';

const WORDS = {
  'fund.title': ['{date} 资金对账', 'Fund-flow reconciliation, {date}'],
  'fund.lead': ['资金账单（支付宝账务明细、微信资金账单）每笔订单的净额，与账面应收净额（金额减渠道手续费）逐笔核对：渠道多付为长款，少付为短款。',
    'Each order\u2019s net in the fund bill (Alipay 账务明细, WeChat 资金账单) against the net our books expect (amount less the channel fee): the channel paid more is long (长款), less is short (短款).'],
  'fund.none': ['当日没有导入资金账单。', 'No fund bill imported for this day.'],
  'fund.theirs': ['资金账单净额', 'Fund bill net'],
  'fund.ours': ['账面应收净额', 'Books\u2019 expected net'],
  'fund.agreed': ['一致订单', 'Orders agreed'],
  'fund.long': ['长款', 'Long'],
  'fund.short': ['短款', 'Short'],
  'fund.order': ['订单号', 'Order no'],
  'fund.kind': ['类型', 'Kind'],
  'fund.difference': ['差额（渠道 − 账面）', 'Difference (theirs − ours)'],
  'fund.lines': ['{lines} 行 / {entries} 笔入账流水', '{lines} line(s) / {entries} entry flow(s)'],
  'fund.allAgree': ['每笔订单的资金都已到账，分文不差。', 'Every order\u2019s money arrived, to the fen.'],
} as const satisfies Words;

export function FundRecon(props: { date: string }) {
  const t = useScreenT(WORDS);
  const revision = useApp((s) => s.revision);
  const result = useLoad(() => call('recon.fundReconcile', { date: props.date }), [props.date, revision]);
  const [channel, setChannel] = useState<string | null>(null);
  const channels = result.data?.channels ?? [];
  const shown = channels.find((c) => c.channel === channel) ?? channels[0];
  return (
    <Section title={t('fund.title', { date: props.date })} testId="fund-recon">
      <p className="muted small">{t('fund.lead')}</p>
      {result.data && channels.length === 0 ? <p className="notice">{t('fund.none')}</p> : null}
      {channels.length > 0 ? (
        <DataTable
          testId="fund-channels"
          rows={channels}
          rowKey={(c) => c.channel}
          selected={shown?.channel ?? null}
          onRowClick={(c) => setChannel(c.channel)}
          columns={[
            { key: 'ch', head: t('col.channel'), render: (c) => channelName(t, c.channel) },
            { key: 'n', head: t('col.rows'), render: (c) => <span className="muted small">{t('fund.lines', { lines: c.theirs.lines, entries: c.ours.entries })}</span> },
            { key: 'theirs', head: t('fund.theirs'), align: 'right', render: (c) => <Amount minor={c.theirs.netMinor} /> },
            { key: 'ours', head: t('fund.ours'), align: 'right', render: (c) => <Amount minor={c.ours.netMinor} /> },
            { key: 'agreed', head: t('fund.agreed'), align: 'right', render: (c) => <Count n={c.agreed} /> },
            { key: 'long', head: t('fund.long'), align: 'right', render: (c) => <span data-testid="fund-long"><Count n={c.long.count} /> · <Amount minor={c.long.amountMinor} /></span> },
            { key: 'short', head: t('fund.short'), align: 'right', render: (c) => <span data-testid="fund-short"><Count n={c.short.count} /> · <Amount minor={c.short.amountMinor} /></span> },
          ]}
        />
      ) : null}
      {shown && shown.differences.length === 0 ? <p className="muted">{t('fund.allAgree')}</p> : null}
      {shown && shown.differences.length > 0 ? (
        <DataTable
          testId="fund-differences"
          rows={shown.differences}
          rowKey={(d) => d.orderNo}
          columns={[
            { key: 'o', head: t('fund.order'), render: (d) => <code>{d.orderNo}</code> },
            { key: 'k', head: t('fund.kind'), align: 'center', render: (d) => <Pill tone={d.kind === 'long' ? 'warn' : 'bad'}>{t(d.kind === 'long' ? 'fund.long' : 'fund.short')}</Pill> },
            { key: 'theirs', head: t('fund.theirs'), align: 'right', render: (d) => <Amount minor={d.theirsMinor} /> },
            { key: 'ours', head: t('fund.ours'), align: 'right', render: (d) => <Amount minor={d.oursMinor} /> },
            { key: 'd', head: t('fund.difference'), align: 'right', render: (d) => <Amount minor={d.differenceMinor} /> },
          ]}
        />
      ) : null}
    </Section>
  );
}
