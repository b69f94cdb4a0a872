// 重复支付: one business order paid twice. Finance (a reviewer) confirms each, an operator then
// refunds it by the original route; the list shows where each one stands.
import { call } from '../api/client.js';
import { useApp, may } from '../store.js';
import { useScreenT, channelName, type Words } from '../i18n.js';
import { Amount, DataTable, Pill, Section, useLoad } from './ui.js';
import { formatMinor } from '../money.js';

const WORDS = {
  'dup.title': ['重复支付', 'Duplicate payments'],
  'dup.lead': ['同一业务订单被支付了两次：复核员确认后，由操作员原路退回第二笔（手续费按比例退回，生成凭证与入账流水）。',
    'One business order paid twice: a reviewer confirms it, then an operator refunds the second payment by the original route (fee returned in proportion, vouchers and entry flows posted).'],
  'dup.order': ['重复的支付单', 'Duplicate order'],
  'dup.first': ['先成功的支付单', 'Succeeded first'],
  'dup.merchant': ['商户 / 业务订单', 'Merchant / business order'],
  'dup.detected': ['发现时间', 'Detected'],
  'dup.state': ['状态', 'State'],
  'dup.open': ['待确认', 'To confirm'],
  'dup.confirmed': ['已确认，待退款', 'Confirmed, to refund'],
  'dup.refunded': ['已原路退回', 'Refunded'],
  'dup.confirm': ['确认重复', 'Confirm'],
  'dup.refund': ['原路退款', 'Refund by original route'],
  'dup.confirmedOk': ['已确认 {order} 为重复支付', '{order} confirmed as a duplicate payment'],
  'dup.refundedOk': ['{order} 已原路退回 {amount}（退款单 {refund}）', '{order}: {amount} refunded by the original route (refund {refund})'],
  'dup.none': ['没有重复支付', 'No duplicate payments'],
} as const satisfies Words;

export function Duplicates() {
  const t = useScreenT(WORDS);
  const { user, revision } = useApp();
  const list = useLoad(() => call('orders.duplicates', {}), [revision]);
  const { run, showOk, changed } = useApp.getState();

  const confirm = async (id: number, order: string) => {
    if (await run(t('dup.confirm'), () => call('orders.confirmDuplicate', { id }))) {
      showOk(t('dup.confirmedOk', { order }));
      changed();
    }
  };
  const refund = async (id: number) => {
    const r = await run(t('dup.refund'), () => call('orders.refundDuplicate', { id }));
    if (r) {
      showOk(t('dup.refundedOk', { order: r.duplicate.orderNo, amount: formatMinor(r.refund.amountMinor), refund: r.refund.refundNo }));
      changed();
    }
  };

  return (
    <Section title={t('dup.title')} testId="duplicates">
      <p className="muted small">{t('dup.lead')}</p>
      <DataTable
        rows={list.data ?? []}
        rowKey={(d) => d.id}
        empty={t('dup.none')}
        columns={[
          { key: 'order', head: t('dup.order'), render: (d) => <code>{d.orderNo}</code> },
          { key: 'first', head: t('dup.first'), render: (d) => <code>{d.firstOrderNo}</code> },
          { key: 'merchant', head: t('dup.merchant'), render: (d) => <span>{d.merchantId} · {d.merchantOrderNo}</span> },
          { key: 'channel', head: t('col.channel'), render: (d) => (d.channel ? channelName(t, d.channel) : '—') },
          { key: 'amount', head: t('col.amount'), align: 'right', render: (d) => <Amount minor={d.amountMinor} currency={d.currency} /> },
          { key: 'at', head: t('dup.detected'), render: (d) => <span className="num muted">{d.detectedAt}</span> },
          {
            key: 'state', head: t('dup.state'), align: 'center',
            render: (d) => <Pill tone={d.status === 'refunded' ? 'ok' : d.status === 'confirmed' ? 'info' : 'warn'}>{t(`dup.${d.status}`)}</Pill>,
          },
          {
            key: 'act', head: '', render: (d) => (
              <span data-testid={`duplicate-${d.id}`}>
                {d.status === 'open' && may(user, 'orders.confirmDuplicate') ? <button type="button" className="btn btn-small" onClick={() => void confirm(d.id, d.orderNo)}>{t('dup.confirm')}</button> : null}
                {d.status === 'confirmed' && may(user, 'orders.refundDuplicate') ? <button type="button" className="btn btn-small btn-primary" onClick={() => void refund(d.id)}>{t('dup.refund')}</button> : null}
              </span>
            ),
          },
        ]}
      />
    </Section>
  );
}
