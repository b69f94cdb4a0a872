// 凭证: the header, its lines with debit = credit, the voucher it reverses or the red-ink voucher that
// reversed it (each a link), its audit trail, and for a reviewer the red-ink reversal.
import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may, localToday } from '../store.js';
import { Amount, Field, Pill, Section, useLoad } from './ui.js';
import { useLedgerT, type LedgerT } from './LedgerWords.js';
import { formatMinor } from '../money.js';

type Voucher = AppOutput<'ledger.voucher'>;
type Trail = AppOutput<'audit.voucher'>['records'];

export type VoucherRef = { id: number } | { voucherNo: string };

export function LedgerVoucher(props: { voucher: VoucherRef; date: string; onOpenVoucher: (ref: VoucherRef) => void; onOpenAccount: (id: number) => void }) {
  const t = useLedgerT();
  const revision = useApp((s) => s.revision);
  const user = useApp((s) => s.user);
  const refKey = JSON.stringify(props.voucher);
  const v = useLoad(() => call('ledger.voucher', props.voucher), [refKey, revision]);
  const trail = useLoad(() => call('audit.voucher', props.voucher), [refKey, revision], { quiet: true });
  const [reversing, setReversing] = useState(false);
  useEffect(() => setReversing(false), [refKey]);

  if (!v.data) return <Section title={t('lg.tab.voucher')}>{v.loading ? t('common.loading') : t('lg.pickVoucher')}</Section>;
  const voucher = v.data;
  const currency = voucher.lines[0]?.currency ?? 'CNY';
  const debit = voucher.lines.filter((l) => l.direction === 'D').reduce((s, l) => s + l.amountMinor, 0);
  const credit = voucher.lines.filter((l) => l.direction === 'C').reduce((s, l) => s + l.amountMinor, 0);
  const red = voucher.reversesId !== null;
  const canReverse = may(user, 'ledger.reverseVoucher') && !red && voucher.reversedById === null;
  const awaitingReview = voucher.review !== null && voucher.review.reviewedAt === null;
  const ownVoucher = user?.login === voucher.createdBy;
  const canReview = awaitingReview && may(user, 'ledger.reviewVoucher') && !ownVoucher;
  const review = async () => {
    const { run, showOk, changed } = useApp.getState();
    const done = await run(t('lg.reviewing'), () => call('ledger.reviewVoucher', { id: voucher.id }));
    if (done) { showOk(t('lg.reviewedOk', { no: done.voucherNo })); changed(); }
  };

  return (
    <div data-testid="voucher-view" data-voucher-no={voucher.voucherNo}>
      <Section
        title={<>{t('lg.tab.voucher')} <code data-testid="voucher-no">{voucher.voucherNo}</code> {red ? <Pill tone="bad">{t('lg.redInk')}</Pill> : null}{voucher.reversedById !== null ? <> <Pill tone="warn">{t('lg.reversed')}</Pill></> : null}
          {awaitingReview ? <> <Pill tone="warn">{t('lg.awaitingReview')}</Pill></> : null}</>}
        actions={<>
          {canReview ? <button type="button" className="btn btn-primary" onClick={() => void review()} data-testid="review-voucher">{t('lg.review')}</button> : null}
          {canReverse ? <button type="button" className="btn btn-danger" onClick={() => setReversing(true)} data-testid="reverse-open">{t('lg.reverse')}</button> : null}
        </>}
      >
        <p className="facts">
          <span>{t('lg.date')}: {voucher.accountingDate}</span>
          <span>{t('lg.businessCode')}: <code>{voucher.businessCode}</code></span>
          <span>{t('lg.createdBy')}: {voucher.createdBy}</span>
          <span>{t('lg.createdAt')}: {voucher.createdAt.replace('T', ' ').slice(0, 19)}</span>
          {voucher.sourceRef ? <span>{t('lg.sourceRef')}: <code>{voucher.sourceRef}</code></span> : null}
          {voucher.review?.reviewedAt ? <span data-testid="reviewed-by">{t('lg.reviewedBy', { who: voucher.review.reviewedBy ?? '', at: voucher.review.reviewedAt.replace('T', ' ').slice(0, 19) })}</span> : null}
        </p>
        {awaitingReview ? <p className="muted small" data-testid="review-needed">{ownVoucher && may(user, 'ledger.reviewVoucher') ? t('lg.ownVoucher') : t('lg.reviewNeeded')}</p> : null}
        <p className="lg-summary">{t('lg.summary')}: {voucher.summary}</p>
        {red ? (
          <p className="notice" data-testid="reverses-link">
            {t('lg.reverses')}{' '}
            <button type="button" className="link mono" onClick={() => props.onOpenVoucher({ id: voucher.reversesId! })}><VoucherNo id={voucher.reversesId!} /></button>
          </p>
        ) : null}
        {voucher.reversedById !== null ? (
          <p className="notice" data-testid="reversed-by-link">
            {t('lg.reversedBy')}{' '}
            <button type="button" className="link mono" onClick={() => props.onOpenVoucher({ id: voucher.reversedById! })}><VoucherNo id={voucher.reversedById} /></button>
          </p>
        ) : null}
        {!may(user, 'ledger.reverseVoucher') ? <p className="muted small" data-testid="reverse-reviewer-only">{t('lg.reviewerOnly')}</p> : red ? <p className="muted small">{t('lg.cannotReverseRed')}</p> : null}
        {reversing ? <ReverseForm voucher={voucher} date={props.date} onDone={(id) => { setReversing(false); props.onOpenVoucher({ id }); }} onCancel={() => setReversing(false)} /> : null}
        <div className="table-wrap" data-testid="voucher-lines">
          <table className="grid">
            <thead>
              <tr>
                <th style={{ width: 44 }}>{t('lg.lineNo')}</th>
                <th>{t('lg.account')}</th>
                <th style={{ width: 80 }}>{t('lg.subject')}</th>
                <th>{t('lg.summary')}</th>
                <th className="a-right" style={{ width: 140 }}>{t('lg.debit')}</th>
                <th className="a-right" style={{ width: 140 }}>{t('lg.credit')}</th>
              </tr>
            </thead>
            <tbody>
              {voucher.lines.map((l) => (
                <tr key={l.lineNo} className={red ? 'lg-red' : undefined}>
                  <td>{l.lineNo}</td>
                  <td>
                    <button type="button" className="link" onClick={() => props.onOpenAccount(l.accountId)} title={l.accountNo}>{l.accountName}</button>{' '}
                    <code className="muted small">{l.accountNo}</code>
                  </td>
                  <td><code>{l.subjectCode}</code></td>
                  <td><span className="ellipsis lg-cell" title={l.summary}>{l.summary}</span></td>
                  <td className="a-right">{l.direction === 'D' ? <Amount minor={l.amountMinor} currency={l.currency} /> : null}</td>
                  <td className="a-right">{l.direction === 'C' ? <Amount minor={l.amountMinor} currency={l.currency} /> : null}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={4}>
                  {t('lg.total')}{' '}
                  <Pill tone={debit === credit ? 'ok' : 'bad'}>{debit === credit ? t('lg.voucherBalanced') : t('lg.voucherUnbalanced')}</Pill>
                </td>
                <td className="a-right" data-testid="voucher-debit"><Amount minor={debit} currency={currency} /></td>
                <td className="a-right" data-testid="voucher-credit"><Amount minor={credit} currency={currency} /></td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Section>
      <Section title={t('lg.audit')} testId="voucher-audit">
        <AuditTable records={trail.data?.records ?? []} t={t} loading={trail.loading} />
      </Section>
    </div>
  );
}

/** A voucher's number from its id (links name the other voucher by number, as people read it). */
function VoucherNo(props: { id: number }) {
  const [no, setNo] = useState<string>(`#${props.id}`);
  useEffect(() => {
    let live = true;
    call('ledger.voucher', { id: props.id }).then((v) => live && setNo(v.voucherNo), () => {});
    return () => { live = false; };
  }, [props.id]);
  return <span data-testid="linked-voucher-no">{no}</span>;
}

function AuditTable(props: { records: Trail; t: LedgerT; loading: boolean }) {
  const { t } = props;
  if (props.records.length === 0) return <p className="muted">{props.loading ? t('common.loading') : t('common.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th style={{ width: 160 }}>{t('lg.auditAt')}</th>
            <th style={{ width: 90 }}>{t('lg.auditUser')}</th>
            <th style={{ width: 150 }}>{t('lg.auditAction')}</th>
            <th style={{ width: 220 }}>{t('lg.auditWhat')}</th>
            <th>{t('lg.auditDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {props.records.map((r) => (
            <tr key={r.id} data-testid={`audit-${r.relation}`}>
              <td>{r.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{r.user ?? '—'}</td>
              <td><Pill tone={r.relation === 'reversal' || r.relation === 'original' ? 'warn' : r.relation === 'posted' ? 'info' : 'muted'}>{t(`lg.rel.${r.relation}`)}</Pill> <code className="small muted">{r.action}</code></td>
              <td><span className="ellipsis lg-cell" title={r.entityId ?? ''}><code className="small">{r.entityId ?? ''}</code></span></td>
              <td><span className="ellipsis lg-detail" title={`${detailText(r.detail)}\n${r.hash}`}>{detailText(r.detail)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A record's detail in one short line: amounts (…Minor, debit, credit) as money, short lists joined, line arrays counted. */
function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return detail === null || detail === undefined ? '' : String(detail);
  const value = (k: string, v: unknown): string => {
    if (typeof v === 'number' && Number.isSafeInteger(v) && (/minor$/i.test(k) || k === 'debit' || k === 'credit')) return formatMinor(v);
    if (Array.isArray(v)) return v.length === 0 ? '—' : v.every((x) => typeof x !== 'object') ? v.join(', ') : `[${v.length}]`;
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  };
  return Object.entries(detail as Record<string, unknown>).map(([k, v]) => `${k}: ${value(k, v)}`).join(' · ');
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function ReverseForm(props: { voucher: Voucher; date: string; onDone: (id: number) => void; onCancel: () => void }) {
  const t = useLedgerT();
  const days = useLoad(() => call('ledger.days'), []);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const [tried, setTried] = useState(false);
  // Default to the first open day from the later of the work date and today: a closed day cannot take the reversal.
  useEffect(() => {
    if (!days.data) return;
    const closed = new Set(days.data.filter((d) => d.status === 'closed').map((d) => d.date));
    let d = props.date > localToday() ? props.date : localToday();
    while (closed.has(d)) d = nextDay(d);
    setDate(d);
  }, [days.data, props.date]);

  const submit = async () => {
    setTried(true);
    if (!reason.trim()) return;
    const { run, showOk, changed } = useApp.getState();
    const posted = await run(t('lg.reversing'), () => call('ledger.reverseVoucher', { voucher: { id: props.voucher.id }, reason: reason.trim(), ...(date ? { accountingDate: date } : {}) }));
    if (posted) {
      showOk(t('lg.reversedOk', { no: posted.voucherNo }));
      changed();
      props.onDone(posted.id);
    }
  };

  return (
    <div className="lg-dialog" role="dialog" aria-label={t('lg.reverseTitle', { no: props.voucher.voucherNo })} data-testid="reverse-dialog">
      <h3>{t('lg.reverseTitle', { no: props.voucher.voucherNo })}</h3>
      <p className="muted">{t('lg.reverseLead')}</p>
      <form className="form-row" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('lg.reason')} hint={tried && !reason.trim() ? <span className="warn-text">{t('lg.reasonNeeded')}</span> : undefined} wide>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={150} autoFocus data-testid="reverse-reason" />
        </Field>
        <Field label={t('lg.reverseDate')} hint={t('lg.reverseDateHint')}>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="reverse-date" />
        </Field>
        <button type="submit" className="btn btn-danger" data-testid="reverse-submit">{t('lg.reverseDo')}</button>
        <button type="button" className="btn btn-quiet" onClick={props.onCancel}>{t('lg.cancel')}</button>
      </form>
    </div>
  );
}
