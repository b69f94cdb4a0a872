// The training day end, one card per step: a sentence or two of what happened with its figures, and
// the figures themselves underneath.
import { useApp } from '../store.js';
import type { AppOutput } from '../api/bridge-types.js';
import { OUTCOMES } from '../../../core/shared/rules.js';
import { useScreenT, channelName, checkDetail, holdReasonText, outcomeName } from '../i18n.js';
import { showMinor } from '../money.js';
import { Amount, Count, DataTable, Pill } from './ui.js';
import { TRAINER_WORDS } from './TrainerWords.js';
import { word } from './TrainerEvent.js';

type State = Extract<AppOutput<'trainer.state'>, { exists: true }>;
export type DayEndRecord = State['dayEnd'][number];
type T = ReturnType<typeof useScreenT<typeof TRAINER_WORDS>>;


function narrate(t: T, r: DayEndRecord, date: string): string {
  switch (r.step) {
    case 'statements':
      return t('de.say.statements', {
        files: r.figures.files.length, planted: r.figures.planted.length,
        kinds: r.figures.planted.map((p) => outcomeName(t, p.kind)).join(', '),
      });
    case 'import':
      return t('de.say.import', { batches: r.figures.batches.length, rows: r.figures.batches.reduce((s, b) => s + b.rows, 0), abnormal: r.figures.batches.filter((b) => b.status !== 'DONE').length });
    case 'reconcile': {
      const c = r.figures.counts;
      return t('de.say.reconcile', { matched: c.matched.count, amountMismatch: c.amountMismatch.count, bankExtra: c.bankExtra.count, platformExtra: c.platformExtra.count, duplicate: c.duplicate.count, timing: c.timing.count });
    }
    case 'errors':
      return t('de.say.errors', { supplemented: r.figures.supplemented, when: r.figures.localTime, toDo: r.figures.toDo.length, deleted: r.figures.deletedRepeats, hungUp: r.figures.hungUp });
    case 'confirm':
      return t('de.say.confirm', { moved: r.figures.moved, refused: r.figures.refused.length });
    case 'balances':
      return t('de.say.balances', { banks: r.figures.banks.length });
    case 'clearing': {
      const sum = (k: 'grossMinor' | 'refundsMinor' | 'feesMinor' | 'netMinor') => showMinor(r.figures.channels.reduce((s, c) => s + c[k], 0));
      return t('de.say.clearing', { channels: r.figures.channels.length, gross: sum('grossMinor'), refunds: sum('refundsMinor'), fees: sum('feesMinor'), net: sum('netMinor') });
    }
    case 'settlement':
      return t('de.say.settlement', {
        settled: r.figures.settled.length, amount: showMinor(r.figures.settled.reduce((s, m) => s + m.amountMinor, 0)), held: r.figures.held.length, notDue: r.figures.notDue.orders,
      });
    case 'close':
      return r.figures.closed ? t('de.say.closeOk', { n: r.figures.checks.length, date }) : t('de.say.closeRefused', { failed: r.figures.checks.filter((c) => !c.ok).length });
    case 'payout':
      return t('de.say.payout', { payouts: r.figures.payouts, amount: showMinor(r.figures.amountMinor) });
  }
}

export function DayEndCard(props: { record: DayEndRecord; date: string }) {
  const t = useScreenT(TRAINER_WORDS);
  const r = props.record;
  return (
    <div className={`dayend-card ${r.ok ? '' : 'refused'}`} data-testid={`dayend-step-${r.step}`}>
      <div className="dayend-head">
        <span className="dayend-no">{r.seq}</span>
        <b>{word(t, 'de.step', r.step)}</b>
        <Pill tone={r.ok ? 'ok' : 'bad'}>{r.ok ? t('common.ok') : t('common.failed')}</Pill>
      </div>
      <p className="trainer-say" data-testid={`dayend-say-${r.step}`}>{narrate(t, r, props.date)}</p>
      <Figures record={r} t={t} />
    </div>
  );
}

function Figures(props: { record: DayEndRecord; t: T }) {
  const { record: r, t } = props;
  const lang = useApp((s) => s.lang);
  switch (r.step) {
    case 'statements':
      return (
        <div className="dayend-two">
          <DataTable rows={r.figures.files} rowKey={(f) => f.name} columns={[
            { key: 'c', head: t('tr.channel'), render: (f) => channelName(t, f.channel) },
            { key: 'f', head: t('de.file'), render: (f) => <code className="small">{f.name.split(/[\\/]/).pop()}</code> },
          ]} />
          <DataTable rows={r.figures.planted} rowKey={(p) => `${p.kind}-${p.orderNo}`} columns={[
            { key: 'k', head: t('de.planted'), render: (p) => outcomeName(t, p.kind) },
            { key: 'c', head: t('tr.channel'), render: (p) => channelName(t, p.channel) },
            { key: 'o', head: t('de.order'), render: (p) => <code>{p.orderNo}</code> },
          ]} />
        </div>
      );
    case 'import':
      return <DataTable rows={r.figures.batches} rowKey={(b) => b.batch} columns={[
        { key: 'b', head: t('de.batch'), align: 'right', render: (b) => b.batch },
        { key: 'c', head: t('tr.channel'), render: (b) => channelName(t, b.channel) },
        { key: 'f', head: t('de.format'), render: (b) => <code className="small">{b.format}</code> },
        { key: 's', head: t('de.status'), render: (b) => <Pill tone={b.status === 'DONE' ? 'ok' : 'bad'}>{b.status}</Pill> },
        { key: 'r', head: t('de.rows'), align: 'right', render: (b) => <Count n={b.rows} /> },
        { key: 'i', head: t('de.in'), align: 'right', render: (b) => <Amount minor={b.creditMinor} /> },
        { key: 'o', head: t('de.out'), align: 'right', render: (b) => <Amount minor={b.debitMinor} /> },
      ]} />;
    case 'reconcile':
      return <DataTable rows={OUTCOMES.map((k) => ({ k, ...r.figures.counts[k] }))} rowKey={(x) => x.k} columns={[
        { key: 'k', head: t('de.outcome'), render: (x) => outcomeName(t, x.k) },
        { key: 'n', head: t('de.count'), align: 'right', render: (x) => <Count n={x.count} /> },
        { key: 'a', head: t('tr.amount'), align: 'right', render: (x) => <Amount minor={x.amountMinor} /> },
      ]} />;
    case 'errors':
      return <DataTable rows={r.figures.toDo} rowKey={(_x, i) => i} columns={[
        { key: 'k', head: t('de.outcome'), render: (x) => outcomeName(t, x.outcome) },
        { key: 'o', head: t('de.order'), render: (x) => <code>{x.orderNo ?? ''}</code> },
        { key: 'a', head: t('de.action'), render: (x) => x.action },
        { key: 'n', head: t('de.note'), render: (x) => <span className="wrap small">{x.note}</span> },
      ]} />;
    case 'confirm':
      return r.figures.refused.length ? <DataTable rows={r.figures.refused} rowKey={(g) => `${g.channel}-${g.direction}`} columns={[
        { key: 'c', head: t('tr.channel'), render: (g) => channelName(t, g.channel) },
        { key: 'd', head: t('de.note'), render: (g) => <span className="wrap small">{g.direction}: {g.differences.join('; ')}</span> },
      ]} /> : null;
    case 'balances':
      return <DataTable rows={r.figures.check} rowKey={(c) => c.accountNo} columns={[
        { key: 'a', head: t('de.account'), render: (c) => <code>{c.accountNo}</code> },
        { key: 'b', head: t('de.bank'), align: 'right', render: (c) => <Amount minor={c.reviewedMinor} /> },
        { key: 'l', head: t('de.ledger'), align: 'right', render: (c) => <Amount minor={c.ledgerMinor} /> },
        { key: 'o', head: t('de.outstanding'), align: 'right', render: (c) => <Amount minor={c.outstandingMinor} /> },
        { key: 'n', head: t('de.count'), align: 'right', render: (c) => <Count n={c.outstandingCount} /> },
      ]} />;
    case 'clearing':
      return <DataTable rows={r.figures.channels} rowKey={(c) => c.channel} columns={[
        { key: 'c', head: t('tr.channel'), render: (c) => channelName(t, c.channel) },
        { key: 'n', head: t('de.count'), align: 'right', render: (c) => <Count n={c.entries} /> },
        { key: 'g', head: t('de.gross'), align: 'right', render: (c) => <Amount minor={c.grossMinor} /> },
        { key: 'r', head: t('de.refunds'), align: 'right', render: (c) => <Amount minor={c.refundsMinor} /> },
        { key: 'f', head: t('de.fees'), align: 'right', render: (c) => <Amount minor={c.feesMinor} /> },
        { key: 'net', head: t('de.net'), align: 'right', render: (c) => <Amount minor={c.netMinor} /> },
        { key: 'v', head: t('de.voucher'), render: (c) => <code>{c.voucherNo ?? '—'}</code> },
      ]} />;
    case 'settlement':
      return (
        <div className="dayend-two">
          <DataTable rows={r.figures.settled} rowKey={(m) => m.merchantId} columns={[
            { key: 'm', head: t('tr.merchant'), render: (m) => m.merchantId },
            { key: 'n', head: t('de.count'), align: 'right', render: (m) => <Count n={m.orders} /> },
            { key: 'a', head: t('tr.amount'), align: 'right', render: (m) => <Amount minor={m.amountMinor} /> },
          ]} />
          <DataTable rows={r.figures.held} rowKey={(h) => h.orderNo} empty={t('common.none')} columns={[
            { key: 'o', head: t('de.held'), render: (h) => <code>{h.orderNo}</code> },
            { key: 'a', head: t('tr.amount'), align: 'right', render: (h) => <Amount minor={h.amountMinor} /> },
            { key: 'r', head: t('de.reason'), render: (h) => <span className="wrap small">{holdReasonText(h.reason, lang)}</span> },
          ]} />
        </div>
      );
    case 'close':
      return <DataTable rows={r.figures.checks} rowKey={(c) => c.name} testId="dayend-checks" columns={[
        { key: 'n', head: t('de.check'), render: (c) => c.name },
        { key: 'o', head: t('de.message'), render: (c) => <Pill tone={c.ok ? 'ok' : 'bad'}>{c.ok ? t('common.ok') : t('common.failed')}</Pill> },
        { key: 'd', head: t('de.detail'), render: (c) => <span className="wrap small">{checkDetail(c, lang)}</span> },
      ]} />;
    case 'payout':
      return <p className="small"><code>{r.figures.file}</code></p>;
  }
}
