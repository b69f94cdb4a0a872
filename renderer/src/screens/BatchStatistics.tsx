import { call } from '../api/client.js';
import { useT, channelName, type TKey } from '../i18n.js';
import { Amount, Count, Section, useLoad } from '../components/ui.js';
import { BatchPill } from '../components/BatchPill.js';

const FIGURES: { key: 'receipts' | 'payments' | 'refunds' | 'feesPaid' | 'feesReturned' | 'bankExtra' | 'platformExtra' | 'amountMismatch' | 'duplicate'; label: TKey }[] = [
  { key: 'receipts', label: 'stats.receipts' },
  { key: 'payments', label: 'stats.payments' },
  { key: 'refunds', label: 'stats.refunds' },
  { key: 'feesPaid', label: 'stats.feesPaid' },
  { key: 'feesReturned', label: 'stats.feesReturned' },
  { key: 'bankExtra', label: 'outcome.bankExtra' },
  { key: 'platformExtra', label: 'outcome.platformExtra' },
  { key: 'amountMismatch', label: 'outcome.amountMismatch' },
  { key: 'duplicate', label: 'outcome.duplicate' },
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
              <tr>{FIGURES.map((f) => <th key={f.key} className="a-right">{t(f.label)}</th>)}</tr>
            </thead>
            <tbody>
              <tr>{FIGURES.map((f) => <td key={f.key} className="a-right"><Count n={s[f.key].count} /></td>)}</tr>
              <tr>{FIGURES.map((f) => <td key={f.key} className="a-right"><Amount minor={s[f.key].amountMinor} /></td>)}</tr>
            </tbody>
          </table>
        </>
      ) : <p className="muted">{t('common.loading')}</p>}
    </Section>
  );
}
