import type { AppOutput } from '../api/bridge-types.js';
import { call } from '../api/client.js';
import { useT, channelName, type TKey } from '../i18n.js';
import { Amount, Count, Section, useLoad } from '../components/ui.js';
import { BatchPill } from '../components/BatchPill.js';

type Stats = AppOutput<'recon.batchStatistics'>;

/** Each figure: its count and its amount, the amount's head saying whose it is. */
const FIGURES: { key: string; label: TKey; whose?: TKey; count: (s: Stats) => number; amount: (s: Stats) => number }[] = [
  { key: 'receipts', label: 'stats.receipts', count: (s) => s.receipts.count, amount: (s) => s.receipts.amountMinor },
  { key: 'payments', label: 'stats.payments', count: (s) => s.payments.count, amount: (s) => s.payments.amountMinor },
  { key: 'refunds', label: 'stats.refunds', count: (s) => s.refunds.count, amount: (s) => s.refunds.amountMinor },
  { key: 'feesPaid', label: 'stats.feesPaid', count: (s) => s.feesPaid.count, amount: (s) => s.feesPaid.amountMinor },
  { key: 'feesReturned', label: 'stats.feesReturned', count: (s) => s.feesReturned.count, amount: (s) => s.feesReturned.amountMinor },
  { key: 'bankExtra', label: 'outcome.bankExtra', whose: 'stats.theirs', count: (s) => s.bankExtra.count, amount: (s) => s.bankExtra.amountMinor },
  { key: 'platformExtra', label: 'outcome.platformExtra', whose: 'stats.ours', count: (s) => s.platformExtra.count, amount: (s) => s.platformExtra.amountMinor },
  { key: 'mismatchOurs', label: 'outcome.amountMismatch', whose: 'stats.ours', count: (s) => s.amountMismatch.count, amount: (s) => s.amountMismatch.oursMinor },
  { key: 'mismatchTheirs', label: 'outcome.amountMismatch', whose: 'stats.theirs', count: (s) => s.amountMismatch.count, amount: (s) => s.amountMismatch.theirsMinor },
  { key: 'mismatchDifference', label: 'outcome.amountMismatch', whose: 'stats.difference', count: (s) => s.amountMismatch.count, amount: (s) => s.amountMismatch.differenceMinor },
  { key: 'duplicate', label: 'outcome.duplicate', whose: 'stats.theirs', count: (s) => s.duplicate.count, amount: (s) => s.duplicate.amountMinor },
];

/** recon.batchStatistics of one batch: counts and amounts per kind. */
export function BatchStatistics(props: { batch: number; onClose?: () => void }) {
  const t = useT();
  const stats = useLoad(() => call('recon.batchStatistics', { batch: props.batch }), [props.batch]);
  const s = stats.data;
  return (
    <Section
      title={t('stats.title', { batch: props.batch })}
      testId="batch-stats"
      actions={props.onClose ? <button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('common.close')}</button> : null}
    >
      {s ? (
        <>
          <p className="facts">
            <span>{t('col.channel')}: {channelName(t, s.channel)}</span>
            <BatchPill status={s.status} t={t} />
          </p>
          <table className="grid compact stats">
            <thead>
              <tr>{FIGURES.map((f) => <th key={f.key} className="a-right">{t(f.label)}{f.whose ? <><br /><span className="muted small">{t(f.whose)}</span></> : null}</th>)}</tr>
            </thead>
            <tbody>
              <tr>{FIGURES.map((f) => <td key={f.key} className="a-right"><Count n={f.count(s)} /></td>)}</tr>
              <tr>{FIGURES.map((f) => <td key={f.key} className="a-right"><Amount minor={f.amount(s)} /></td>)}</tr>
            </tbody>
          </table>
        </>
      ) : <p className="muted">{t('common.loading')}</p>}
    </Section>
  );
}
