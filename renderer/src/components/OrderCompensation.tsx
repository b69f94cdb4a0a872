// 超额赔付: give a payer back more than the payment. What is left to refund goes by the usual
// route; the part above the original is paid from the merchant's available balance through the
// payout channel (docs/domain.md#refunds). Shown with the compensations already paid.
import { useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp } from '../store.js';
import { useScreenT, type Words } from '../i18n.js';
import { Amount, DataTable, Field, Section } from './ui.js';
import { formatMinor, parseMinor } from '../money.js';

const WORDS = {
  'comp.title': ['超额赔付', 'Compensation above the original'],
  'comp.lead': ['赔付总额须大于可退金额 {refundable}：可退部分原路退回，超出部分从商户可用余额经代付通道付给收款账户。',
    'The total must be above the {refundable} left to refund: that part goes back by the original route, the rest is paid from the available balance of the merchant through the payout channel to the payee account.'],
  'comp.total': ['赔付总额', 'Total to give back'],
  'comp.payee': ['收款账号', 'Payee account'],
  'comp.reason': ['赔付原因', 'Reason'],
  'comp.submit': ['赔付', 'Compensate'],
  'comp.ok': ['{order} 已赔付 {total}：退款 {refund}，代付 {payout} {above}', '{order}: {total} given back: refund {refund}, payout {payout} of {above}'],
  'comp.paid': ['已赔付', 'Compensations paid'],
  'comp.payoutNo': ['代付单号', 'Payout no'],
  'comp.amount': ['超出部分', 'Above the original'],
  'comp.badAmount': ['金额：{reason}', 'Amount: {reason}'],
} as const satisfies Words;

type Found = AppOutput<'orders.get'>;

export function OrderCompensation(props: { found: Found; canCompensate: boolean; reload: () => Promise<void> }) {
  const t = useScreenT(WORDS);
  const { run, showOk, changed } = useApp.getState();
  const o = props.found.order;
  const [total, setTotal] = useState('');
  const [payee, setPayee] = useState('');
  const [reason, setReason] = useState('');
  const refundable = o.amount_minor - o.refunded_minor;
  const parsed = parseMinor(total.trim(), o.currency);
  const ready = parsed.ok && parsed.minor > refundable && payee.trim().length >= 4 && reason.trim().length > 0;

  const compensate = async () => {
    if (!parsed.ok) return;
    const r = await run(t('comp.submit'), () => call('orders.compensate', { orderNo: o.order_no, amountMinor: parsed.minor, payeeAccount: payee.trim(), reason: reason.trim() }));
    if (!r) return;
    setTotal('');
    setReason('');
    changed();
    await props.reload();
    showOk(t('comp.ok', { order: o.order_no, total: formatMinor(r.totalMinor, o.currency), refund: r.refund?.refundNo ?? '—', payout: r.payoutNo, above: formatMinor(r.aboveMinor, o.currency) }));
  };

  const paid = props.found.compensations;
  if (!props.canCompensate && paid.length === 0) return null;
  return (
    <Section title={t('comp.title')} testId="order-compensation">
      {paid.length > 0 ? (
        <DataTable
          testId="order-compensations"
          rows={paid}
          rowKey={(c) => c.payout_no}
          columns={[
            { key: 'no', head: t('comp.payoutNo'), render: (c) => <code>{c.payout_no}</code> },
            { key: 'amt', head: t('comp.amount'), align: 'right', render: (c) => <Amount minor={c.amount_minor} currency={o.currency} /> },
            { key: 'payee', head: t('comp.payee'), render: (c) => c.bank_account },
            { key: 'reason', head: t('comp.reason'), render: (c) => c.reason },
          ]}
        />
      ) : null}
      {props.canCompensate ? (
        <>
          <p className="muted small">{t('comp.lead', { refundable: formatMinor(refundable, o.currency) })}</p>
          <div className="form-row">
            <Field label={t('comp.total')} hint={total.trim() && !parsed.ok ? t('comp.badAmount', { reason: parsed.reason }) : undefined}>
              <input value={total} onChange={(e) => setTotal(e.target.value)} inputMode="decimal" data-testid="compensation-total" />
            </Field>
            <Field label={t('comp.payee')}>
              <input value={payee} onChange={(e) => setPayee(e.target.value)} data-testid="compensation-payee" />
            </Field>
            <Field label={t('comp.reason')} wide>
              <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="compensation-reason" />
            </Field>
            <button type="button" className="btn btn-primary" onClick={compensate} disabled={!ready} data-testid="compensation-submit">{t('comp.submit')}</button>
          </div>
        </>
      ) : null}
    </Section>
  );
}
