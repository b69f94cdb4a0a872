// One training event, as a trainer explains it: the routing decision level by level, the risk result
// and the rule that fired, the vouchers it posted with their lines, and the three flows kept apart.
import type { AppOutput } from '../api/bridge-types.js';
import { useScreenT, channelName } from '../i18n.js';
import { Amount, DataTable, Pill, type Tone } from './ui.js';
import { TRAINER_WORDS } from './TrainerWords.js';
import { showMinor } from '../money.js';
import { useApp } from '../store.js';

export type EventDetail = AppOutput<'trainer.event'>;
type Flows = NonNullable<EventDetail['flows']>;
type T = ReturnType<typeof useScreenT<typeof TRAINER_WORDS>>;

const RISK_TONE: Record<string, Tone> = { PASS: 'ok', VERIFY: 'warn', BLOCK: 'bad' };

export function statusTone(status: string | null): Tone {
  if (status === 'succeeded' || status === 'sent') return 'ok';
  if (status === 'failed') return 'bad';
  if (status === 'pending' || status === 'skipped') return 'warn';
  return 'info';
}

/** A key of the trainer words with a dynamic tail, or the raw value when there is no such word. */
export function word(t: T, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const key = `${prefix}.${value}`;
  return key in TRAINER_WORDS ? t(key as keyof typeof TRAINER_WORDS) : value;
}

export function TrainerEventView(props: { detail: EventDetail }) {
  const t = useScreenT(TRAINER_WORDS);
  const { detail } = props;
  const s = detail.summary;
  return (
    <div className="trainer-event" data-testid="event-detail">
      <h3>
        {t('ev.title', { seq: s.seq, kind: word(t, 'kind', s.kind) })}
        {s.note ? <span className="muted"> · {word(t, 'note', s.note)}</span> : null}
        <span className="trainer-event-ref">{s.ref ?? ''}</span>
        <Pill tone={statusTone(s.status)}>{word(t, 'os', s.status)}</Pill>
      </h3>
      {detail.skipped ? <p className="notice">{t('ev.skipped', { why: detail.skipped })}</p> : null}
      {detail.pay ? <PayView pay={detail.pay} t={t} /> : null}
      {detail.refund ? (
        <p className="trainer-say" data-testid="event-refund">
          {t('ev.refund', { no: detail.refund.refundNo, amount: showAmount(detail.refund.amountMinor), fee: showAmount(detail.refund.feeReturnedMinor), route: word(t, 'route', detail.refund.route) })}
          {' · '}{channelName(t, detail.refund.channel)}
        </p>
      ) : null}
      {detail.payout ? <p className="trainer-say">{t('ev.payout', { no: detail.payout.payoutNo })}</p> : null}
      <VouchersView vouchers={detail.vouchers} t={t} />
      {detail.flows ? <FlowsView flows={detail.flows} t={t} /> : null}
    </div>
  );
}

const showAmount = (minor: number) => showMinor(minor);

function PayView(props: { pay: NonNullable<EventDetail['pay']>; t: T }) {
  const zh = useApp((st) => st.lang) === 'zh';
  const { pay, t } = props;
  return (
    <>
      <h4>{t('ev.routing')}</h4>
      <ol className="route-steps" data-testid="route-steps">
        {pay.route.steps.map((step) => (
          <li key={step.level} className="route-step" data-testid={`route-step-${step.level}`}>
            <div className="route-level">{word(t, 'ev.level', step.level)}</div>
            <div className="route-kept">
              <span className="muted small">{t('ev.kept')}</span>{' '}
              {step.kept.length ? step.kept.map((c, i) => <Pill key={c} tone={i === 0 ? 'info' : 'muted'}>{channelName(t, c)}</Pill>) : <span className="muted">—</span>}
            </div>
            {step.dropped.length ? (
              <ul className="route-dropped">
                {step.dropped.map((d) => <li key={d.channel}><b>{channelName(t, d.channel)}</b> <span className="muted">{zh ? d.reasonZh || d.reason : d.reason}</span></li>)}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="trainer-say">
        <span className="muted">{t('ev.chosen')}:</span> <b data-testid="route-channel">{pay.channel ? channelName(t, pay.channel) : t('ev.noChannel')}</b>
        {' · '}<span className="muted">{zh ? pay.route.reasonZh || pay.route.reason : pay.route.reason}</span>
      </p>
      <h4>{t('ev.riskTitle')}</h4>
      <p className="trainer-say" data-testid="risk-result">
        <Pill tone={RISK_TONE[pay.risk.decision] ?? 'info'}>{pay.risk.decision}</Pill>{' '}
        {pay.risk.rule ? <><span className="muted">{t('ev.rule')}</span> <b>{pay.risk.rule}</b> </> : null}
        <span>{zh ? pay.risk.reasonZh || pay.risk.reason : pay.risk.reason}</span>
      </p>
      <p className="facts">
        {pay.status === 'succeeded' ? <span>{t('ev.fee')}: <Amount minor={pay.feeMinor} /></span> : null}
        {pay.failureReason ? <span>{t('ev.failure')}: <b className="bad-text">{pay.failureReason}</b></span> : null}
      </p>
    </>
  );
}

function VouchersView(props: { vouchers: EventDetail['vouchers']; t: T }) {
  const { vouchers, t } = props;
  return (
    <>
      <h4>{t('ev.vouchersTitle')}</h4>
      {vouchers.length === 0 ? <p className="muted" data-testid="event-no-voucher">{t('ev.noVoucher')}</p> : null}
      <div data-testid="event-vouchers">
        {vouchers.map((v) => (
          <div key={v.id} className="trainer-voucher">
            <div className="trainer-voucher-head"><code>{v.voucherNo}</code> <span className="muted">{v.businessCode}</span> {v.summary}</div>
            <DataTable
              rows={v.lines}
              rowKey={(l) => l.lineNo}
              columns={[
                { key: 'subject', head: t('ev.subject'), render: (l) => <code>{l.subjectCode}</code> },
                { key: 'account', head: t('ev.account'), render: (l) => l.accountName },
                { key: 'debit', head: t('ev.debit'), align: 'right', render: (l) => (l.direction === 'D' ? <Amount minor={l.amountMinor} /> : '') },
                { key: 'credit', head: t('ev.credit'), align: 'right', render: (l) => (l.direction === 'C' ? <Amount minor={l.amountMinor} /> : '') },
                { key: 'summary', head: t('ev.summary'), render: (l) => <span className="muted small">{l.summary}</span> },
              ]}
            />
          </div>
        ))}
      </div>
    </>
  );
}

function FlowsView(props: { flows: Flows; t: T }) {
  const { flows, t } = props;
  const o = flows.order;
  return (
    <>
      <h4>{t('ev.flowsTitle')}</h4>
      <div className="trainer-flows">
        <div data-testid="flow-order">
          <h5>{t('tr.orderFlow')}</h5>
          <DataTable
            rows={[o]}
            rowKey={(r) => r.order_no}
            columns={[
              { key: 'no', head: t('tr.ref'), render: (r) => <code>{r.order_no}</code> },
              { key: 'm', head: t('tr.merchant'), render: (r) => `${r.merchant_id} · ${word(t, 'ok.kind', r.kind)}` },
              { key: 'a', head: t('tr.amount'), align: 'right', render: (r) => <Amount minor={r.amount_minor} /> },
              { key: 's', head: t('tr.result'), render: (r) => <Pill tone={statusTone(r.status)}>{word(t, 'os', r.status)}</Pill> },
            ]}
          />
          {o.receivers.length ? (
            <p className="small muted">{t('ev.receivers')}: {o.receivers.map((r) => `${r.receiver_id} ${showAmount(r.amount_minor)} (${t('item.fee')} ${showAmount(r.fee_minor)})`).join(' · ')}</p>
          ) : null}
          {o.refunds.map((r) => <p key={r.refund_no} className="small muted">{r.refund_no} · {t('item.refund')} {showAmount(r.amount_minor)} · {word(t, 'os', r.status)}</p>)}
        </div>
        <div data-testid="flow-trans">
          <h5>{t('tr.transFlow')}</h5>
          <DataTable
            rows={flows.trans}
            rowKey={(_r, i) => i}
            empty={t('ev.noFlow')}
            columns={[
              { key: 'm', head: t('tr.merchant'), render: (r) => r.merchantId },
              { key: 'type', head: t('tr.kind'), render: (r) => word(t, 'type', r.type) },
              { key: 'a', head: t('tr.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
            ]}
          />
        </div>
        <div data-testid="flow-fund">
          <h5>{t('tr.fundFlow')}</h5>
          <DataTable
            rows={flows.fund}
            rowKey={(_r, i) => i}
            empty={t('ev.noFlow')}
            columns={[
              { key: 'm', head: t('tr.merchant'), render: (r) => r.merchantId },
              { key: 'item', head: t('tr.kind'), render: (r) => word(t, 'item', r.item) },
              { key: 'a', head: t('tr.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
            ]}
          />
        </div>
      </div>
    </>
  );
}
