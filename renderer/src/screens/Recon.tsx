// 对账: run the match for the date, read the outcome, work through the rows (virtualised), decide the
// differences (strategy, classification and hang-up of bank extras, correct and re-match), and the
// reviewer's summary confirmation.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { call } from '../api/client.js';
import { OUTCOMES, type AppOutput, type Outcome, type ResultRow, type RowDetail as Detail } from '../api/bridge-types.js';
import { CLEARING_EDITABLE_STATES } from '../../../core/shared/rules.js';
import { useApp, may } from '../store.js';
import { useT, actionName, channelName, outcomeName, statusName, CHANNELS, type ChannelCode, type Translate } from '../i18n.js';
import { Amount, Count, DataTable, Field, Pill, Section, Tabs, useLoad } from '../components/ui.js';
import { displayFileName } from '../files.js';
import { formatMinor, parseMinor } from '../money.js';
import { FlowTable, rowKey } from './FlowTable.js';
import { BatchStatistics } from './BatchStatistics.js';
import { BatchPill } from '../components/BatchPill.js';
import { Duplicates } from '../components/Duplicates.js';
import { FundRecon } from '../components/FundRecon.js';
import { loadCounts, mergeCounts, type Counts } from '../counts.js';

type Tab = 'rows' | 'batches' | 'summary' | 'funds' | 'duplicates';
const EDITABLE: ReadonlySet<string> = new Set(CLEARING_EDITABLE_STATES);
const IDS_PER_CALL_MAX = 10_000;

export function ReconScreen() {
  const t = useT();
  const { date, user, revision } = useApp();
  const { run, changed, showOk } = useApp.getState();
  const [tab, setTab] = useState<Tab>('rows');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [channel, setChannel] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);
  const [lastRun, setLastRun] = useState<AppOutput<'recon.reconcile'> | null>(null);
  const [applied, setApplied] = useState<AppOutput<'recon.applyStrategy'> | null>(null);
  const [selected, setSelected] = useState<ResultRow | null>(null);
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [total, setTotal] = useState<number | null>(null);

  useEffect(() => {
    setSelected(null);
    setChecked(new Set());
  }, [date, outcome, channel]);
  useEffect(() => {
    setLastRun(null);
    setApplied(null);
  }, [date]);

  const onTotal = useCallback((n: number | null) => setTotal(n), []);

  // counts per outcome of the standing run (amounts only known right after a run in this window)
  useEffect(() => {
    let live = true;
    loadCounts(date).then((c) => live && setCounts((old) => mergeCounts(c, old)), () => live && setCounts(null));
    return () => {
      live = false;
    };
  }, [date, revision]);

  const reconcile = async () => {
    const result = await run(t('recon.running'), () => call('recon.reconcile', { date }));
    if (result) {
      setLastRun(result);
      setCounts(result.counts);
      showOk(t('recon.ranOk', { run: result.run, matched: result.counts.matched.count }));
      changed();
    }
  };

  const applyStrategy = async () => {
    const result = await run(t('recon.applying'), () => call('recon.applyStrategy', { date }));
    if (result) {
      setApplied(result);
      showOk(t('recon.appliedOk', { supplemented: result.supplemented.length, toDo: result.toDo.length }));
      changed();
    }
  };

  const shown: Counts | null = counts ?? lastRun?.counts ?? null;
  return (
    <div className="screen" data-testid="screen-recon">
      <div className="screen-head">
        <h1>{t('recon.title')} <span className="head-date">{date}</span></h1>
        <div className="head-actions">
          {may(user, 'recon.reconcile') ? (
            <>
              <button type="button" className="btn btn-primary" onClick={reconcile} data-testid="run-recon">{t('recon.run')}</button>
              <button type="button" className="btn" onClick={applyStrategy} data-testid="apply-strategy">{t('recon.applyStrategy')}</button>
            </>
          ) : null}
        </div>
      </div>

      <div className="outcome-cards" data-testid="outcomes">
        {OUTCOMES.map((o) => (
          <button
            key={o}
            type="button"
            className={`outcome-card o-${o} ${outcome === o ? 'on' : ''}`}
            onClick={() => { setOutcome(outcome === o ? '' : o); setTab('rows'); }}
            data-testid={`outcome-${o}`}
          >
            <span className="outcome-name"><span className={`dot o-${o}`} />{outcomeName(t, o)}</span>
            <span className="outcome-count num">{shown ? shown[o].count.toLocaleString('en-US') : '—'}</span>
            <span className="outcome-amount num">{shown && shown[o].amountMinor !== null ? formatMinor(shown[o].amountMinor!) : ''}</span>
          </button>
        ))}
      </div>

      {lastRun && lastRun.totals.length ? (
        <Section title={t('recon.totalsFirst')}>
          <DataTable
            rows={lastRun.totals}
            rowKey={(r) => r.channel}
            columns={[
              { key: 'ch', head: t('col.channel'), render: (r) => channelName(t, r.channel) },
              { key: 'oc', head: t('recon.oursCount'), align: 'right', render: (r) => <Count n={r.ours.count} /> },
              { key: 'oa', head: t('recon.oursAmount'), align: 'right', render: (r) => <Amount minor={r.ours.amountMinor} /> },
              { key: 'tc', head: t('recon.theirsCount'), align: 'right', render: (r) => <Count n={r.theirs.count} /> },
              { key: 'ta', head: t('recon.theirsAmount'), align: 'right', render: (r) => <Amount minor={r.theirs.amountMinor} /> },
              { key: 'd', head: t('col.difference'), align: 'right', render: (r) => <Amount minor={r.theirs.amountMinor - r.ours.amountMinor} /> },
            ]}
          />
        </Section>
      ) : null}

      {applied ? <StrategyResult applied={applied} t={t} onClose={() => setApplied(null)} /> : null}

      <Tabs<Tab>
        value={tab}
        onChange={setTab}
        tabs={[
          { key: 'rows', label: t('recon.tabRows') },
          { key: 'batches', label: t('recon.tabBatches') },
          { key: 'summary', label: t('recon.tabSummary') },
          { key: 'funds', label: t('recon.tabFunds') },
          { key: 'duplicates', label: t('recon.tabDuplicates') },
        ]}
      />

      {tab === 'rows' ? (
        <>
          <div className="filter-bar">
            <Field label={t('col.outcome')}>
              <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome | '')} data-testid="filter-outcome">
                <option value="">{t('common.all')}</option>
                {OUTCOMES.map((o) => <option key={o} value={o}>{outcomeName(t, o)}</option>)}
              </select>
            </Field>
            <Field label={t('col.channel')}>
              <select value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="filter-channel">
                <option value="">{t('common.all')}</option>
                {CHANNELS.map((c) => <option key={c} value={c}>{channelName(t, c)}</option>)}
              </select>
            </Field>
            <span className="filter-total muted">{total === null ? '' : t('recon.rowsTotal', { n: total.toLocaleString('en-US') })}</span>
          </div>
          {outcome === 'bankExtra' && may(user, 'recon.hangUpBankExtras') ? (
            <BankExtraActions date={date} channel={channel} checked={checked} total={total} onDone={() => { setChecked(new Set()); changed(); }} />
          ) : null}
          <div className={`rows-and-detail ${selected ? 'with-detail' : ''}`}>
            <FlowTable
              date={date}
              outcome={outcome}
              channel={channel}
              reloadKey={revision}
              selected={selected ? rowKey(selected) : null}
              onSelect={setSelected}
              onTotal={onTotal}
              {...(outcome === 'bankExtra' && may(user, 'recon.hangUpBankExtras') ? {
                checked,
                onCheck: (id: number, on: boolean) => setChecked((s) => { const n = new Set(s); if (on) n.add(id); else n.delete(id); return n; }),
              } : {})}
            />
            {selected ? (
              <RowDetail
                row={selected}
                date={date}
                canWrite={may(user, 'recon.editClearingFlow')}
                onClose={() => setSelected(null)}
                onRematched={(result) => { setLastRun(result); setCounts(result.counts); setApplied(null); }}
              />
            ) : null}
          </div>
        </>
      ) : null}
      {tab === 'batches' ? <BatchesTab date={date} /> : null}
      {tab === 'summary' ? <SummaryTab date={date} /> : null}
      {tab === 'funds' ? <FundRecon date={date} /> : null}
      {tab === 'duplicates' ? <Duplicates /> : null}
    </div>
  );
}

function StrategyResult(props: { applied: AppOutput<'recon.applyStrategy'>; t: Translate; onClose: () => void }) {
  const { applied, t } = props;
  return (
    <Section
      title={t('recon.strategyTitle', { run: applied.run })}
      testId="strategy-result"
      actions={<button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('common.close')}</button>}
    >
      <p className="facts">
        <span>{t('recon.supplemented')}: <Count n={applied.supplemented.length} /></span>
        <span>{t('recon.toDo')}: <Count n={applied.toDo.length} /></span>
        <span>{t('recon.alreadyHandled')}: <Count n={applied.alreadyHandled} /></span>
      </p>
      {applied.toDo.length ? (
        <DataTable
          rows={applied.toDo}
          rowKey={(_r, i) => i}
          maxHeight={220}
          columns={[
            { key: 'o', head: t('col.outcome'), render: (r) => outcomeName(t, r.outcome) },
            { key: 'n', head: t('col.orderNo'), render: (r) => <span className="mono">{r.orderNo ?? '—'}</span> },
            { key: 'a', head: t('col.decision'), render: (r) => actionName(t, r.action) },
            { key: 'note', head: t('col.note'), render: (r) => <span className="wrap">{r.note}</span> },
          ]}
        />
      ) : null}
    </Section>
  );
}

/** Fetch every bank-extra line id of the date (and channel), page by page. */
async function allBankExtraIds(date: string, channel: string): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; offset < 10_000_000; offset += 1000) {
    const page = await call('recon.results', { date, outcome: 'bankExtra', offset, limit: 1000, ...(channel ? { channel: channel as ChannelCode } : {}) });
    for (const r of page.rows) if (r.clearingId !== null) ids.push(r.clearingId);
    if (page.rows.length < 1000) break;
  }
  return ids;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function BankExtraActions(props: { date: string; channel: string; checked: ReadonlySet<number>; total: number | null; onDone: () => void }) {
  const t = useT();
  const { run, showOk } = useApp.getState();
  const codes = useLoad(() => call('suspense.codes'), []);
  const [code, setCode] = useState('');
  const lang = useApp((s) => s.lang);

  const ids = async (all: boolean) => (all ? allBankExtraIds(props.date, props.channel) : [...props.checked]);

  const classify = async (all: boolean) => {
    if (!code) return;
    const done = await run(t('recon.classifying'), async () => {
      const list = await ids(all);
      let n = 0;
      for (const part of chunks(list, IDS_PER_CALL_MAX)) {
        await call('recon.classifyBankExtras', { ids: part, businessCode: code });
        n += part.length;
      }
      return n;
    });
    if (done !== undefined) {
      showOk(t('recon.classifiedOk', { n: done, code }));
      props.onDone();
    }
  };

  const hangUp = async (all: boolean) => {
    const result = await run(t('recon.hangingUp'), async () => {
      const list = await ids(all);
      const groups: AppOutput<'recon.hangUpBankExtras'>['groups'] = [];
      for (const part of chunks(list, IDS_PER_CALL_MAX)) groups.push(...(await call('recon.hangUpBankExtras', { ids: part, accountingDate: props.date })).groups);
      return groups;
    });
    if (result) {
      showOk(t('recon.hungUpOk', { vouchers: result.map((g) => g.voucherNo).join(', '), lines: result.reduce((s, g) => s + g.lines, 0) }));
      props.onDone();
    }
  };

  const n = props.checked.size;
  return (
    <div className="action-bar" data-testid="bank-extra-actions">
      <strong>{t('recon.bankExtraTitle')}</strong>
      <Field label={t('recon.suspenseCode')}>
        <select value={code} onChange={(e) => setCode(e.target.value)} data-testid="suspense-code">
          <option value="">{t('common.choose')}</option>
          {Object.entries(codes.data ?? {}).map(([c, v]) => <option key={c} value={c}>{c} {lang === 'zh' ? v.name : v.nameEn}</option>)}
        </select>
      </Field>
      <button type="button" className="btn" disabled={!code || n === 0} onClick={() => classify(false)}>{t('recon.classifySelected', { n })}</button>
      <button type="button" className="btn" disabled={!code || !props.total} onClick={() => classify(true)} data-testid="classify-all">{t('recon.classifyAll', { n: props.total ?? 0 })}</button>
      <span className="sep" />
      <button type="button" className="btn btn-warn" disabled={n === 0} onClick={() => hangUp(false)}>{t('recon.hangUpSelected', { n })}</button>
      <button type="button" className="btn btn-warn" disabled={!props.total} onClick={() => hangUp(true)} data-testid="hang-up-all">{t('recon.hangUpAll', { n: props.total ?? 0 })}</button>
    </div>
  );
}

function RowDetail(props: { row: ResultRow; date: string; canWrite: boolean; onClose: () => void; onRematched: (result: AppOutput<'recon.reconcile'>) => void }) {
  const t = useT();
  const { row } = props;
  const revision = useApp((st) => st.revision);
  const detail = useLoad(
    async () => (await call('recon.resultDetail', {
      ...(row.clearingId !== null ? { clearingId: row.clearingId } : {}),
      ...(row.entryId !== null ? { entryId: row.entryId } : {}),
    })) as unknown as Detail,
    [row.resultId, row.clearingId, row.entryId, revision],
  );
  const d = detail.data;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [row.resultId, d]);
  return (
    <aside ref={ref} className="row-detail" data-testid="row-detail">
      <header className="row-detail-head">
        <span className={`dot o-${row.outcome}`} />
        <strong>{outcomeName(t, row.outcome)}</strong>
        <span className="muted">{channelName(t, row.channel)}</span>
        {row.clearingStatus ? <Pill tone="muted">{statusName(t, row.clearingStatus)}</Pill> : null}
        <span className="grow" />
        <button type="button" className="btn btn-quiet" onClick={props.onClose} aria-label={t('common.close')}>×</button>
      </header>
      <div className="row-detail-body">
        {d ? <SideBySide d={d} t={t} /> : <p className="muted">{t('common.loading')}</p>}
        <div className="row-detail-side">
          {d && d.actions.length ? (
            <div className="detail-actions">
              <strong className="small">{t('recon.actionsTaken')}</strong>
              <ul>
                {d.actions.map((a, i) => <li key={i} className="small">{a.at.slice(0, 16).replace('T', ' ')} · {actionName(t, a.action)} · {a.status === 'to_do' ? t('action.toDo') : t('action.done')}</li>)}
              </ul>
            </div>
          ) : null}
          {props.canWrite && d?.clearing ? (
            EDITABLE.has(d.clearing.status)
              ? <CorrectForm key={`${d.clearing.id}:${d.clearing.amount_minor}`} line={d.clearing} date={props.date} onDone={props.onClose} onRematched={props.onRematched} />
              : <p className="muted small">{t('recon.notEditable', { status: statusName(t, d.clearing.status) })}</p>
          ) : null}
        </div>
      </div>
    </aside>
  );
}

function SideBySide(props: { d: Detail; t: Translate }) {
  const { d, t } = props;
  const e = d.entry;
  const c = d.clearing;
  const dir = (x: 'in' | 'out' | undefined) => (x === undefined ? '—' : x === 'in' ? t('dir.in') : t('dir.out'));
  const fields: { label: string; ours: ReactNode; theirs: ReactNode; differ?: boolean }[] = [
    { label: t('col.orderNo'), ours: <span className="mono">{e?.order_no ?? '—'}</span>, theirs: <span className="mono">{c?.order_no ?? '—'}</span>, differ: !!e && !!c && e.order_no !== c.order_no },
    { label: t('col.amount'), ours: e ? <Amount minor={e.amount_minor} currency={e.currency} /> : '—', theirs: c ? <Amount minor={c.amount_minor} currency={c.currency} /> : '—', differ: !!e && !!c && e.amount_minor !== c.amount_minor },
    { label: t('col.dir'), ours: dir(e?.direction), theirs: dir(c?.direction), differ: !!e && !!c && e.direction !== c.direction },
    { label: t('col.channelTradeNo'), ours: <span className="mono">{e?.channel_trade_no ?? '—'}</span>, theirs: <span className="mono">{c?.channel_trade_no ?? '—'}</span> },
    { label: t('col.time'), ours: <span className="num">{e?.occurred_at ?? '—'}</span>, theirs: <span className="num">{c?.booked_at ?? '—'}</span> },
    { label: t('col.day'), ours: <span className="num">{e?.accounting_date ?? '—'}</span>, theirs: <span className="num">{c?.bank_date ?? '—'}</span> },
    { label: t('col.code'), ours: <span className="mono">{e?.business_code ?? '—'}</span>, theirs: <span className="mono">{c ? `${c.kind}${c.business_code ? ` · ${c.business_code}` : ''}` : '—'}</span> },
    { label: t('col.order'), ours: d.order ? `${d.order.merchant_id} · ${d.order.method} · ${d.order.status}` : '—', theirs: '' },
    { label: t('col.channelFee'), ours: '', theirs: c?.fee_minor !== null && c?.fee_minor !== undefined ? <Amount minor={c.fee_minor} currency={c.currency} /> : '—' },
    { label: t('col.counterparty'), ours: '', theirs: c?.counterparty ?? '—' },
    { label: t('col.summary'), ours: '', theirs: c?.summary ?? '—' },
    { label: t('col.voucher'), ours: <span className="mono">{e?.voucher_no ?? '—'}</span>, theirs: <span className="mono">{c?.voucher_id ? `#${c.voucher_id}` : '—'}</span> },
    { label: t('col.source'), ours: e ? t('recon.entryFlow', { id: e.id }) : '—', theirs: c ? t('recon.lineOf', { file: displayFileName(c.file_name), row: c.row_no, batch: c.batch_id }) : '—' },
  ];
  return (
    <table className="side-by-side">
      <thead>
        <tr><th /><th>{t('recon.platformRecord')}</th><th>{t('recon.statementLine')}</th></tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.label} className={f.differ ? 'differ' : ''}>
            <th>{f.label}</th>
            <td>{f.ours}</td>
            <td>{f.theirs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CorrectForm(props: { line: NonNullable<Detail['clearing']>; date: string; onDone: () => void; onRematched: (result: AppOutput<'recon.reconcile'>) => void }) {
  const t = useT();
  const c = props.line;
  const { run, changed, showOk } = useApp.getState();
  const [amount, setAmount] = useState(formatMinor(c.amount_minor, c.currency, { group: false }));
  const [orderNo, setOrderNo] = useState(c.order_no ?? '');
  const [bankDate, setBankDate] = useState(c.bank_date);
  const [reason, setReason] = useState('');
  const parsed = parseMinor(amount, c.currency);
  const positive = parsed.ok && parsed.minor > 0;

  const correct = async () => {
    if (!parsed.ok || !reason.trim()) return;
    const done = await run(t('recon.correcting'), async () => {
      await call('recon.editClearingFlow', {
        id: c.id, reason: reason.trim(),
        ...(parsed.minor !== c.amount_minor ? { amountMinor: parsed.minor } : {}),
        ...(orderNo.trim() && orderNo.trim() !== c.order_no ? { orderNo: orderNo.trim() } : {}),
        ...(bankDate && bankDate !== c.bank_date ? { bankDate } : {}),
      });
      return call('recon.reconcile', { date: props.date });
    });
    if (done) {
      showOk(t('recon.correctedOk', { matched: done.counts.matched.count }));
      props.onRematched(done);
      changed();
      props.onDone();
    }
  };

  const remove = async () => {
    if (!reason.trim()) return;
    const done = await run(t('recon.deleting'), () => call('recon.deleteClearingFlow', { id: c.id, reason: reason.trim() }));
    if (done !== undefined) {
      showOk(t('recon.deletedOk'));
      changed();
      props.onDone();
    }
  };

  return (
    <div className="correct-form" data-testid="correct-form">
      <strong>{t('recon.correctTitle')}</strong>
      <div className="form-row">
        <Field label={t('col.amount')} hint={positive ? undefined : t('common.badAmount')}>
          <input value={amount} onChange={(ev) => setAmount(ev.target.value)} className={`num ${positive ? '' : 'invalid'}`} inputMode="decimal" data-testid="correct-amount" />
        </Field>
        <Field label={t('col.orderNo')}>
          <input value={orderNo} onChange={(ev) => setOrderNo(ev.target.value)} className="mono" />
        </Field>
        <Field label={t('col.bankDate')}>
          <input type="date" value={bankDate} onChange={(ev) => setBankDate(ev.target.value)} />
        </Field>
      </div>
      <Field label={t('recon.reason')} wide>
        <input value={reason} onChange={(ev) => setReason(ev.target.value)} placeholder={t('recon.reasonPh')} data-testid="correct-reason" />
      </Field>
      <div className="form-row">
        <button type="button" className="btn btn-primary" disabled={!positive || !reason.trim()} onClick={correct} data-testid="correct-submit">{t('recon.correctAndRematch')}</button>
        <button type="button" className="btn btn-danger" disabled={!reason.trim()} onClick={remove}>{t('recon.deleteLine')}</button>
      </div>
    </div>
  );
}

function BatchesTab(props: { date: string }) {
  const t = useT();
  const revision = useApp((s) => s.revision);
  const batches = useLoad(() => call('recon.batches', { limit: 1000 }), [revision]);
  const [stats, setStats] = useState<number | null>(null);
  const rows = (batches.data ?? []).filter((b) => !b.first_date || !b.last_date || (b.first_date <= props.date && props.date <= b.last_date));
  return (
    <>
      <Section title={t('recon.batchesOf', { date: props.date })}>
        <DataTable
          testId="recon-batches"
          rows={rows}
          rowKey={(b) => b.id}
          onRowClick={(b) => setStats(b.id)}
          selected={stats}
          columns={[
            { key: 'id', head: t('col.batch'), align: 'right', width: 56, render: (b) => <span className="num">{b.id}</span> },
            { key: 'file', head: t('col.file'), render: (b) => <span className="ellipsis" title={b.file_name}>{displayFileName(b.file_name)}</span> },
            { key: 'channel', head: t('col.channel'), render: (b) => channelName(t, b.channel_code) },
            { key: 'format', head: t('col.format'), render: (b) => <code>{b.format}</code> },
            { key: 'status', head: t('col.status'), align: 'center', render: (b) => <BatchPill status={b.status} t={t} /> },
            { key: 'rows', head: t('col.rows'), align: 'right', render: (b) => <Count n={b.rows} /> },
            { key: 'in', head: t('col.moneyIn'), align: 'right', render: (b) => <Amount minor={Object.values(b.totals)[0]?.creditMinor ?? null} /> },
            { key: 'out', head: t('col.moneyOut'), align: 'right', render: (b) => <Amount minor={Object.values(b.totals)[0]?.debitMinor ?? null} /> },
          ]}
        />
      </Section>
      {stats !== null ? <BatchStatistics batch={stats} onClose={() => setStats(null)} /> : <p className="muted small">{t('recon.pickBatch')}</p>}
    </>
  );
}

function SummaryTab(props: { date: string }) {
  const t = useT();
  const { user, revision } = useApp();
  const { run, showOk, changed } = useApp.getState();
  const summary = useLoad(() => call('recon.summary', { date: props.date }), [props.date, revision], { quiet: true });
  const history = useLoad(() => call('recon.history', { from: props.date, to: props.date, limit: 1 }), [props.date, revision], { quiet: true });
  const confirmed = Array.isArray(history.data) && history.data.length > 0;

  const confirm = async () => {
    const result = await run(t('recon.confirming'), () => call('recon.confirm', { date: props.date }));
    if (result) {
      showOk(t('recon.confirmedOk', { moved: result.moved, refused: result.refused.length }));
      changed();
    }
  };

  if (summary.error) return <p className="notice">{t('recon.noSummary')}</p>;
  const s = summary.data;
  const unbalanced = s ? s.groups.filter((g) => !g.balanced).length : 0;
  return (
    <Section
      title={t('recon.summaryTitle', { date: props.date })}
      testId="summary"
      actions={
        <>
          {confirmed ? <Pill tone="ok">{t('recon.confirmed')}</Pill> : <Pill tone="muted">{t('recon.notConfirmed')}</Pill>}
          {may(user, 'recon.confirm') ? (
            <button type="button" className="btn btn-primary" onClick={confirm} disabled={!s} data-testid="confirm-summary">{t('recon.confirm')}</button>
          ) : <span className="muted small">{t('recon.reviewerConfirms')}</span>}
        </>
      }
    >
      {s ? (
        <>
          <p className="facts">
            <span>{t('recon.runNo', { run: s.run })}</span>
            <span>{t('recon.groups', { n: s.groups.length, unbalanced })}</span>
          </p>
          <DataTable
            rows={s.groups}
            rowKey={(g) => `${g.channel}:${g.direction}`}
            columns={[
              { key: 'ch', head: t('col.channel'), render: (g) => channelName(t, g.channel) },
              { key: 'dir', head: t('col.dir'), render: (g) => (g.direction === 'in' ? t('dir.in') : t('dir.out')) },
              { key: 'e', head: t('recon.entryTotal'), align: 'right', render: (g) => <Amount minor={g.entryTotalMinor} /> },
              { key: 'c', head: t('recon.clearingTotal'), align: 'right', render: (g) => <Amount minor={g.clearingTotalMinor} /> },
              { key: 'o', head: t('recon.outstanding'), align: 'right', render: (g) => <Amount minor={g.outstandingMinor} /> },
              { key: 'd', head: t('recon.unexplained'), align: 'right', render: (g) => <Amount minor={g.clearingTotalMinor - g.entryTotalMinor - g.outstandingMinor} /> },
              { key: 'm', head: t('recon.matchedPairs'), align: 'right', render: (g) => <Count n={g.matchedCount} /> },
              { key: 'b', head: t('col.result'), align: 'center', render: (g) => <Pill tone={g.balanced ? 'ok' : 'bad'}>{g.balanced ? t('common.balanced') : t('common.unbalanced')}</Pill> },
              { key: 'why', head: t('recon.differences'), render: (g) => <span className="wrap">{g.differences.join('; ')}</span> },
            ]}
          />
        </>
      ) : <p className="muted">{t('common.loading')}</p>}
    </Section>
  );
}

