// 订单查询: find one payment by its number, see where it stands with its refunds and flows, and —
// for an operator — refund all or part of it, give back more than it (超额赔付), or cancel it while it is pending.
import { useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { useScreenT, channelName, type Words } from '../i18n.js';
import { Amount, DataTable, Field, Pill, Section } from '../components/ui.js';
import { formatMinor, parseMinor } from '../money.js';
import { OrderCompensation } from '../components/OrderCompensation.js';
import { COMPENSABLE_STATUSES, REFUNDABLE_STATUSES } from '../../../core/shared/rules.js';

const WORDS = {
  'ord.title': ['订单查询', 'Order look-up'],
  'ord.lead': ['输入支付单号（P 开头）查询订单、退款与资金流水。', 'Enter a payment number (starting with P) to see the order, its refunds and its fund flows.'],
  'ord.number': ['支付单号', 'Payment number'],
  'ord.find': ['查询', 'Look up'],
  'ord.merchant': ['商户 / 业务订单', 'Merchant / business order'],
  'ord.status': ['状态', 'Status'],
  'ord.amount': ['金额', 'Amount'],
  'ord.fee': ['手续费', 'Fee'],
  'ord.refunded': ['已退款', 'Refunded'],
  'ord.paidAt': ['支付时间', 'Paid at'],
  'ord.accountingDate': ['记账日期', 'Accounting date'],
  'ord.refunds': ['退款', 'Refunds'],
  'ord.refundNo': ['退款单号', 'Refund no'],
  'ord.route': ['退款路径', 'Route'],
  'ord.reason': ['原因', 'Reason'],
  'ord.noRefunds': ['没有退款', 'No refunds'],
  'ord.fundFlows': ['资金流水', 'Fund flows'],
  'ord.item': ['项目', 'Item'],
  'ord.refundTitle': ['退款', 'Refund'],
  'ord.refundable': ['可退 {amount}', '{amount} refundable'],
  'ord.refundAmount': ['退款金额', 'Refund amount'],
  'ord.refundReason': ['退款原因', 'Reason'],
  'ord.doRefund': ['退款', 'Refund'],
  'ord.refundedOk': ['{order} 已退款 {amount}（退款单 {refund}）', '{order}: {amount} refunded (refund {refund})'],
  'ord.cancel': ['撤销订单', 'Cancel the order'],
  'ord.cancelledOk': ['{order} 已撤销', '{order} cancelled'],
  'ord.badAmount': ['金额：{reason}', 'Amount: {reason}'],
} as const satisfies Words;

type Order = AppOutput<'orders.get'>;

export function OrdersScreen() {
  const t = useScreenT(WORDS);
  const { user } = useApp();
  const { run, showOk, changed } = useApp.getState();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<Order | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');

  const find = async (orderNo = number.trim()) => {
    const r = await run(t('ord.find'), () => call('orders.get', { orderNo }));
    setFound(r ?? null);
  };
  const o = found?.order;
  const refundable = o ? o.amount_minor - o.refunded_minor : 0;
  const parsed = parseMinor(amount.trim(), o?.currency ?? 'CNY');
  const canRefund = !!o && may(user, 'orders.refund') && REFUNDABLE_STATUSES.includes(o.status) && refundable > 0;

  const refund = async () => {
    if (!o || !parsed.ok) return;
    const r = await run(t('ord.doRefund'), () => call('orders.refund', { orderNo: o.order_no, amountMinor: parsed.minor, reason: reason.trim() }));
    if (r) {
      setAmount('');
      setReason('');
      changed();
      // look it up again first: a call clears the banner, and the banner is what the operator reads
      await find(o.order_no);
      showOk(t('ord.refundedOk', { order: o.order_no, amount: formatMinor(parsed.minor, o.currency), refund: r.refundNo }));
    }
  };
  const cancel = async () => {
    if (!o) return;
    if (await run(t('ord.cancel'), () => call('orders.cancel', { orderNo: o.order_no }))) {
      changed();
      await find(o.order_no);
      showOk(t('ord.cancelledOk', { order: o.order_no }));
    }
  };

  return (
    <div className="screen" data-testid="screen-orders">
      <Section title={t('ord.title')}>
        <p className="muted small">{t('ord.lead')}</p>
        <form className="form-row" onSubmit={(e) => { e.preventDefault(); void find(); }}>
          <Field label={t('ord.number')}>
            <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="P20261122000000001" data-testid="order-number" />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={!number.trim()} data-testid="order-find">{t('ord.find')}</button>
        </form>
      </Section>
      {o && found ? (
        <>
          <Section title={o.order_no} testId="order-found" actions={o.status === 'pending' && may(user, 'orders.cancel')
            ? <button type="button" className="btn" onClick={cancel} data-testid="order-cancel">{t('ord.cancel')}</button> : null}>
            <p className="facts">
              <span>{t('ord.merchant')}: <b>{o.merchant_id}</b> / {o.merchant_order_no}</span>
              <span>{t('col.channel')}: {o.channel_code ? channelName(t, o.channel_code) : '—'}</span>
              <span>{t('ord.status')}: <Pill tone={o.status === 'succeeded' ? 'ok' : o.status === 'pending' ? 'warn' : 'muted'}><span data-testid="order-status">{o.status}</span></Pill></span>
            </p>
            <p className="facts">
              <span>{t('ord.amount')}: <Amount minor={o.amount_minor} currency={o.currency} /></span>
              <span>{t('ord.fee')}: <Amount minor={o.fee_minor} currency={o.currency} /></span>
              <span data-testid="order-refunded">{t('ord.refunded')}: <Amount minor={o.refunded_minor} currency={o.currency} /></span>
              <span>{t('ord.paidAt')}: {o.paid_at ?? '—'}</span>
              <span>{t('ord.accountingDate')}: {o.accounting_date ?? '—'}</span>
            </p>
          </Section>
          <Section title={t('ord.refunds')}>
            {found.refunds.length === 0 ? <p className="muted">{t('ord.noRefunds')}</p> : (
              <DataTable
                testId="order-refunds"
                rows={found.refunds}
                rowKey={(r) => r.refund_no}
                columns={[
                  { key: 'no', head: t('ord.refundNo'), render: (r) => <code>{r.refund_no}</code> },
                  { key: 'amt', head: t('ord.amount'), align: 'right', render: (r) => <Amount minor={r.amount_minor} currency={o.currency} /> },
                  { key: 'route', head: t('ord.route'), render: (r) => r.route },
                  { key: 'status', head: t('ord.status'), render: (r) => r.status },
                  { key: 'reason', head: t('ord.reason'), render: (r) => r.reason },
                ]}
              />
            )}
          </Section>
          {canRefund ? (
            <Section title={t('ord.refundTitle')} testId="order-refund">
              <p className="muted small">{t('ord.refundable', { amount: formatMinor(refundable, o.currency) })}</p>
              <div className="form-row">
                <Field label={t('ord.refundAmount')} hint={amount.trim() && !parsed.ok ? t('ord.badAmount', { reason: parsed.reason }) : undefined}>
                  <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" data-testid="refund-amount" />
                </Field>
                <Field label={t('ord.refundReason')} wide>
                  <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="refund-reason" />
                </Field>
                <button type="button" className="btn btn-primary" onClick={refund} disabled={!parsed.ok || parsed.minor <= 0 || parsed.minor > refundable || !reason.trim()} data-testid="refund-submit">
                  {t('ord.doRefund')}
                </button>
              </div>
            </Section>
          ) : null}
          <OrderCompensation found={found} reload={() => find(o.order_no)}
            canCompensate={may(user, 'orders.compensate') && o.kind === 'pay' && COMPENSABLE_STATUSES.includes(o.status)} />
          <Section title={t('ord.fundFlows')}>
            <DataTable
              testId="order-fund-flows"
              rows={found.fundFlows.map((f, i) => ({ ...f, key: i }))}
              rowKey={(f) => f.key}
              columns={[
                { key: 'item', head: t('ord.item'), render: (f) => f.item },
                { key: 'amt', head: t('ord.amount'), align: 'right', render: (f) => <Amount minor={f.amount_minor} currency={f.currency} /> },
                { key: 'at', head: t('ord.paidAt'), render: (f) => f.occurred_at },
                { key: 'date', head: t('ord.accountingDate'), render: (f) => f.accounting_date },
              ]}
            />
          </Section>
        </>
      ) : null}
    </div>
  );
}
