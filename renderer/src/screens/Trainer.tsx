// 培训模式: a simulated day on a separate training database, step by step. The seed-003 example with
// its exact figures, each order's routing level by level with its risk result, vouchers and three
// flows, then the day end narrated to a closed day. Trainers and admins run and reset it; everyone
// else may watch. Nothing on this screen touches the books.
import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { useScreenT, channelName } from '../i18n.js';
import { Amount, DataTable, Field, Pill, Section, Tabs, useLoad } from '../components/ui.js';
import { TRAINER_WORDS } from '../components/TrainerWords.js';
import { TrainerEventView, statusTone, word } from '../components/TrainerEvent.js';
import { DayEndCard } from '../components/TrainerDayEnd.js';
import './Trainer.css';

type State = AppOutput<'trainer.state'>;
type Live = Extract<State, { exists: true }>;
type Tab = 'seed' | 'day' | 'end';
type Scenario = 'day' | 'seed003';
type T = ReturnType<typeof useScreenT<typeof TRAINER_WORDS>>;

export function TrainerScreen() {
  const t = useScreenT(TRAINER_WORDS);
  const { user, date, revision } = useApp();
  const { run, showOk } = useApp.getState();
  const canRun = may(user, 'trainer.start');
  const [tick, setTick] = useState(0);
  const reload = () => setTick((n) => n + 1);
  const state = useLoad(() => call('trainer.state'), [revision, tick]);
  const [asking, setAsking] = useState(false);
  const [tab, setTab] = useState<Tab>('seed');

  const reset = async () => {
    setAsking(false);
    const done = await run(t('tr.resetting'), () => call('trainer.reset', { confirm: true }));
    if (done) {
      showOk(t('tr.resetOk'));
      setTab('seed');
      reload();
    }
  };

  const s = state.data;
  return (
    <div className="screen trainer" data-testid="screen-trainer">
      <div className="screen-head">
        <h1>{t('tr.title')}</h1>
        {s?.exists && s.day ? <span className="head-date" data-testid="trainer-day">{s.day.date}</span> : null}
        {s?.exists && s.closed ? <Pill tone="ok">{t('tr.closedPill')}</Pill> : null}
        {canRun ? (
          <div className="head-actions">
            {asking ? (
              <span className="trainer-confirm" role="alertdialog" data-testid="trainer-reset-ask">
                <span>{t('tr.resetAsk')}</span>
                <button type="button" className="btn btn-danger" onClick={reset} data-testid="trainer-reset-confirm">{t('tr.resetYes')}</button>
                <button type="button" className="btn" onClick={() => setAsking(false)}>{t('tr.cancel')}</button>
              </span>
            ) : (
              <button type="button" className="btn btn-warn" onClick={() => setAsking(true)} data-testid="trainer-reset">{t('tr.reset')}</button>
            )}
          </div>
        ) : null}
        <p className="muted">{t('tr.lead')}</p>
        {s ? <p className="muted small">{t('tr.file')}: <code data-testid="trainer-file">{s.file}</code></p> : null}
      </div>
      {!canRun ? <p className="notice">{t('tr.watchOnly')}</p> : null}
      {s && !s.exists ? <Section title={t('tr.title')}><p className="muted">{t('tr.none')}</p></Section> : null}
      {s?.exists && !s.day ? <StartForm t={t} canRun={canRun} defaultDate={date} onStarted={reload} /> : null}
      {s?.exists && s.day ? (
        <>
          <p className="facts">{t('tr.dayFacts', { date: s.day.date, seed: s.day.seed, orders: s.day.orders, by: s.day.startedBy })}</p>
          <Tabs<Tab>
            value={tab}
            onChange={setTab}
            tabs={[
              { key: 'seed', label: <span data-testid="trainer-tab-seed">{t('tr.tabSeed')}</span> },
              { key: 'day', label: <span data-testid="trainer-tab-day">{t('tr.tabDay')}</span> },
              { key: 'end', label: <span data-testid="trainer-tab-end">{t('tr.tabEnd')}</span> },
            ]}
          />
          {tab === 'seed' ? <SeedView t={t} s={s} canRun={canRun} onChanged={reload} /> : null}
          {tab === 'day' ? <DayView t={t} s={s} canRun={canRun} onChanged={reload} /> : null}
          {tab === 'end' ? <EndView t={t} s={s} canRun={canRun} onChanged={reload} /> : null}
        </>
      ) : null}
    </div>
  );
}

function StartForm(props: { t: T; canRun: boolean; defaultDate: string; onStarted: () => void }) {
  const { t } = props;
  const { run } = useApp.getState();
  const [date, setDate] = useState(props.defaultDate);
  const [orders, setOrders] = useState('40');
  const [seed, setSeed] = useState('3');
  const start = async () => {
    const r = await run(t('tr.starting'), () => call('trainer.start', { date, orders: Number(orders), seed: Number(seed) }));
    if (r) props.onStarted();
  };
  return (
    <Section title={t('tr.startTitle')} testId="trainer-start-form">
      <p className="muted">{t('tr.startLead')}</p>
      <div className="form-row">
        <Field label={t('tr.date')}><input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="trainer-date" /></Field>
        <Field label={t('tr.orders')}><input type="number" min={10} max={300} value={orders} onChange={(e) => setOrders(e.target.value)} data-testid="trainer-orders" /></Field>
        <Field label={t('tr.seed')}><input type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} data-testid="trainer-seed" /></Field>
        <button type="button" className="btn btn-primary" onClick={start} disabled={!props.canRun} data-testid="trainer-start">{t('tr.start')}</button>
      </div>
    </Section>
  );
}

/** Runs trainer work and points the detail panel at the last event that ran. */
function useStepper(t: T, onChanged: () => void) {
  const { run } = useApp.getState();
  const [selected, setSelected] = useState<{ scenario: Scenario; seq: number } | null>(null);
  const step = async (scenario: Scenario, rest: boolean) => {
    const ran = await run(t('tr.running'), async () => {
      if (!rest) return call('trainer.step', { scenario, count: 1 });
      await call('trainer.runRest', { scenario });
      return null;
    });
    if (ran === undefined) return;
    if (ran && ran.length) setSelected({ scenario, seq: ran.at(-1)!.summary.seq });
    onChanged();
  };
  return { selected, setSelected, step };
}

function EventDetailPanel(props: { t: T; selected: { scenario: Scenario; seq: number } | null; version: unknown }) {
  const { t, selected } = props;
  const detail = useLoad(() => (selected ? call('trainer.event', selected) : Promise.resolve(null)), [selected?.scenario, selected?.seq, props.version]);
  if (!selected || !detail.data) return <p className="muted trainer-pick">{t('tr.pickEvent')}</p>;
  return <TrainerEventView detail={detail.data} />;
}

function SeedView(props: { t: T; s: Live; canRun: boolean; onChanged: () => void }) {
  const { t, s, canRun } = props;
  const seed = s.seed003!;
  const { selected, setSelected, step } = useStepper(t, props.onChanged);
  const locked = s.dayEnd.length > 0;
  return (
    <>
      <Section
        title={t('tr.seedTitle')}
        testId="seed003"
        actions={canRun ? (
          <>
            <button type="button" className="btn btn-primary" disabled={seed.remaining === 0 || locked} onClick={() => step('seed003', false)} data-testid="seed003-next">{t('tr.seedNext')}</button>
            <button type="button" className="btn" disabled={seed.remaining === 0 || locked} onClick={() => step('seed003', true)} data-testid="seed003-rest">{t('tr.seedRest')}</button>
          </>
        ) : null}
      >
        <p className="muted">{t('tr.seedLead')}</p>
        {seed.remaining === 0 ? <p className="facts"><Pill tone="ok">{t('tr.seedDone')}</Pill></p> : null}
        <EventTable t={t} rows={seed.events} selected={selected?.scenario === 'seed003' ? selected.seq : null} onPick={(seq) => setSelected({ scenario: 'seed003', seq })} testId="seed003-events" />
        <div className="trainer-flows seed-flows">
          <div>
            <h5>{t('tr.orderFlow')}</h5>
            <DataTable rows={seed.flows.orders} rowKey={(o) => o.order_no} testId="seed003-orders" columns={[
              { key: 'm', head: t('tr.merchant'), render: (o) => o.merchant_id },
              { key: 'k', head: t('tr.kind'), render: (o) => word(t, 'ok.kind', o.kind) },
              { key: 's', head: t('tr.result'), render: (o) => <Pill tone={statusTone(o.status)}>{word(t, 'os', o.status)}</Pill> },
              { key: 'a', head: t('tr.amount'), align: 'right', render: (o) => <Amount minor={o.amount_minor} /> },
              { key: 'f', head: t('tr.fee'), align: 'right', render: (o) => <Amount minor={o.fee_minor} /> },
            ]} />
          </div>
          <div>
            <h5>{t('tr.transFlow')}</h5>
            <DataTable rows={seed.flows.trans} rowKey={(_r, i) => i} testId="seed003-trans" columns={[
              { key: 'm', head: t('tr.merchant'), render: (r) => r.merchantId },
              { key: 'k', head: t('tr.kind'), render: (r) => word(t, 'type', r.type) },
              { key: 'a', head: t('tr.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
            ]} />
          </div>
          <div>
            <h5>{t('tr.fundFlow')}</h5>
            <DataTable rows={seed.flows.fund} rowKey={(_r, i) => i} testId="seed003-fund" columns={[
              { key: 'm', head: t('tr.merchant'), render: (r) => r.merchantId },
              { key: 'k', head: t('tr.kind'), render: (r) => word(t, 'item', r.item) },
              { key: 'a', head: t('tr.amount'), align: 'right', render: (r) => <Amount minor={r.amountMinor} /> },
            ]} />
          </div>
          <div>
            <h5>{t('tr.due')}</h5>
            <DataTable rows={seed.flows.due} rowKey={(d) => d.merchantId} testId="seed003-due" columns={[
              { key: 'm', head: t('tr.merchant'), render: (d) => d.merchantId },
              { key: 'n', head: t('tr.fundCount'), align: 'right', render: (d) => <span data-testid={`seed003-count-${d.merchantId}`}>{d.fundFlows}</span> },
              { key: 'a', head: t('tr.dueAmount'), align: 'right', render: (d) => <span data-testid={`seed003-due-${d.merchantId}`}><Amount minor={d.dueMinor} /></span> },
            ]} />
          </div>
        </div>
      </Section>
      <Section title={t('ev.flowsTitle')}>
        <EventDetailPanel t={t} selected={selected?.scenario === 'seed003' ? selected : null} version={s} />
      </Section>
    </>
  );
}

function EventTable(props: { t: T; rows: Live['events']; selected: number | null; onPick: (seq: number) => void; testId: string }) {
  const { t } = props;
  return (
    <DataTable
      rows={props.rows}
      rowKey={(e) => e.seq}
      selected={props.selected}
      onRowClick={(e) => (e.done ? props.onPick(e.seq) : undefined)}
      maxHeight={420}
      testId={props.testId}
      columns={[
        { key: 'seq', head: '#', align: 'right', render: (e) => <span data-testid={`event-row-${e.seq}`}>{e.seq}</span> },
        { key: 'at', head: t('tr.time'), render: (e) => <span className="num">{e.at.slice(11)}</span> },
        // the note goes under the event so the row stays narrow enough for the half-width list
        { key: 'kind', head: t('tr.kind'), className: 'wrap', width: 160, render: (e) => <>{word(t, 'kind', e.kind)}{e.note ? <div className="muted small">{word(t, 'note', e.note)}</div> : null}</> },
        { key: 'm', head: t('tr.merchant'), render: (e) => e.merchantId },
        { key: 'a', head: t('tr.amount'), align: 'right', render: (e) => (e.amountMinor ? <Amount minor={e.amountMinor} /> : '') },
        // the risk result beside the outcome: the list is half the screen wide
        { key: 's', head: `${t('tr.result')} · ${t('tr.risk')}`, render: (e) => (e.done ? (
          <>
            <Pill tone={statusTone(e.status)}>{word(t, 'os', e.status)}</Pill>{' '}
            {e.risk ? <Pill tone={e.risk === 'PASS' ? 'muted' : e.risk.startsWith('BLOCK') ? 'bad' : 'warn'}>{e.risk}</Pill> : null}
          </>
        ) : <span className="muted small">{t('tr.notRun')}</span>) },
        { key: 'c', head: t('tr.channel'), render: (e) => (e.channel ? channelName(t, e.channel) : '') },
      ]}
    />
  );
}

function DayView(props: { t: T; s: Live; canRun: boolean; onChanged: () => void }) {
  const { t, s, canRun } = props;
  const { selected, setSelected, step } = useStepper(t, props.onChanged);
  const locked = s.dayEnd.length > 0;
  return (
    <div className="trainer-day">
      <div className="trainer-day-list">
        <Section
          title={t('tr.eventsTitle')}
          actions={canRun ? (
            <>
              <button type="button" className="btn btn-primary" disabled={s.remaining === 0 || locked} onClick={() => step('day', false)} data-testid="day-next">{t('tr.next')}</button>
              <button type="button" className="btn" disabled={s.remaining === 0 || locked} onClick={() => step('day', true)} data-testid="day-rest">{t('tr.rest')}</button>
            </>
          ) : null}
        >
          <p className="facts" data-testid="day-left">{s.remaining > 0 ? t('tr.left', { n: s.remaining }) : t('tr.allRun')}</p>
          <EventTable t={t} rows={s.events} selected={selected?.scenario === 'day' ? selected.seq : null} onPick={(seq) => setSelected({ scenario: 'day', seq })} testId="day-events" />
        </Section>
        <Section title={t('ch.quality')}>
          <DataTable rows={s.channels} rowKey={(c) => c.code} columns={[
            { key: 'c', head: t('tr.channel'), render: (c) => channelName(t, c.code) },
            { key: 's', head: t('ch.status'), render: (c) => <Pill tone={c.status === 'up' ? 'ok' : c.status === 'down' ? 'bad' : 'warn'}>{c.status}</Pill> },
            { key: 'r', head: t('ch.success'), align: 'right', render: (c) => <span className="num">{(c.successRateBp / 100).toFixed(2)}%</span> },
            { key: 'l', head: t('ch.latency'), align: 'right', render: (c) => <span className="num">{c.latencyMs} ms</span> },
            { key: 'f', head: t('ch.feeRate'), align: 'right', render: (c) => <span className="num">{c.feeRate}</span> },
          ]} />
        </Section>
      </div>
      <Section title={t('ev.flowsTitle')} className="trainer-day-detail">
        <EventDetailPanel t={t} selected={selected?.scenario === 'day' ? selected : null} version={s} />
      </Section>
    </div>
  );
}

function EndView(props: { t: T; s: Live; canRun: boolean; onChanged: () => void }) {
  const { t, s, canRun } = props;
  const { run } = useApp.getState();
  const [busy, setBusy] = useState(false);
  useEffect(() => setBusy(false), [s]);
  const go = async (all: boolean) => {
    setBusy(true);
    await run(t('de.running'), () => call('trainer.dayEnd', { all }));
    props.onChanged();
  };
  const next = s.nextStep;
  return (
    <Section
      title={t('de.title')}
      testId="dayend"
      actions={canRun && next && s.remaining === 0 ? (
        <>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => go(false)} data-testid="dayend-next">{t('de.next', { step: word(t, 'de.step', next) })}</button>
          <button type="button" className="btn" disabled={busy} onClick={() => go(true)} data-testid="dayend-all">{t('de.all')}</button>
        </>
      ) : null}
    >
      <p className="muted">{t('de.lead')}</p>
      {s.remaining > 0 ? <p className="notice" data-testid="dayend-not-yet">{t('de.notYet', { n: s.remaining })}</p> : null}
      {s.dayEnd.map((r) => <DayEndCard key={r.seq} record={r} date={s.day!.date} />)}
      {!next ? <p className="facts" data-testid="dayend-complete"><Pill tone={s.closed ? 'ok' : 'bad'}>{t('de.complete')}</Pill></p> : null}
    </Section>
  );
}
