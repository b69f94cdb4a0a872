// 今日: the day's steps for the work date, each with its state and what is left, each linking to its screen.
import { call } from '../api/client.js';
import { useApp, may, type Screen } from '../store.js';
import { useT, channelName, checkDetail, type Lang, type TKey, type Translate } from '../i18n.js';
import { Amount, Count, Pill, Section, useLoad, type Tone } from '../components/ui.js';
import { displayFileName } from '../files.js';
import type { AppOutput } from '../api/bridge-types.js';
import { loadCounts, type Counts } from '../counts.js';

type StepState = 'done' | 'todo' | 'attention' | 'waiting';

interface Step {
  key: string;
  title: TKey;
  screen: Screen | null;
  state: StepState;
  lines: string[];
  left: string[];
}

const TONE: Record<StepState, Tone> = { done: 'ok', todo: 'info', attention: 'bad', waiting: 'muted' };
const STATE_LABEL: Record<StepState, TKey> = { done: 'step.done', todo: 'step.todo', attention: 'step.attention', waiting: 'step.waiting' };

async function quiet<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

interface DayFacts {
  batches: AppOutput<'recon.batches'>;
  summary: AppOutput<'recon.summary'> | null;
  counts: Counts | null;
  confirmed: boolean;
  balances: AppOutput<'balances.query'>;
  check: AppOutput<'balances.check'>;
  closeReports: AppOutput<'day.closeReports'>;
  dayStatus: 'open' | 'closed' | 'none';
  exports: string[];
  trial: AppOutput<'ledger.trialBalance'> | null;
}

export async function loadDay(date: string): Promise<DayFacts> {
  const [batches, summary, counts, history, balances, check, closeReports, days, audit, trial] = await Promise.all([
    call('recon.batches', { limit: 1000 }),
    quiet(call('recon.summary', { date })),
    quiet(loadCounts(date)),
    quiet(call('recon.history', { from: date, to: date, limit: 1 })),
    quiet(call('balances.query', { date })),
    quiet(call('balances.check', { date })),
    quiet(call('day.closeReports', { date })),
    quiet(call('ledger.days')),
    quiet(call('audit.list', { limit: 1000 })),
    quiet(call('ledger.trialBalance', { date })),
  ]);
  const day = days?.find((d) => d.date === date);
  const exports = (audit ?? [])
    .filter((a) => a.action === 'erp.export' && a.entityId === date)
    .map((a) => {
      try {
        return (JSON.parse(String(a.detail)) as { format?: string }).format ?? '?';
      } catch {
        return '?';
      }
    });
  return {
    batches: batches.filter((b) => batchCovers(b, date)),
    summary,
    counts,
    confirmed: Array.isArray(history) && history.length > 0,
    balances: balances ?? [],
    check: check ?? [],
    closeReports: closeReports ?? [],
    dayStatus: day ? day.status : 'none',
    exports: [...new Set(exports)],
    trial,
  };
}

function batchCovers(b: { first_date: string | null; last_date: string | null; file_name: string }, date: string): boolean {
  if (b.first_date && b.last_date) return b.first_date <= date && date <= b.last_date;
  return b.file_name.includes(date.replaceAll('-', ''));
}

function steps(f: DayFacts, t: Translate, lang: Lang): Step[] {
  const done = f.batches.filter((b) => b.status === 'DONE');
  const abnormal = f.batches.filter((b) => b.status === 'ABNORMAL');
  const running = f.batches.filter((b) => b.status === 'RUNNING');
  const channels = [...new Set(done.map((b) => b.channel_code))];
  const importStep: Step = {
    key: 'import', title: 'step.import', screen: 'import',
    state: abnormal.length || running.length ? 'attention' : done.length ? 'done' : 'todo',
    lines: done.length ? [t('today.importLine', { files: done.length, rows: done.reduce((s, b) => s + b.rows, 0).toLocaleString('en-US'), channels: channels.map((c) => channelName(t, c)).join(' · ') })] : [],
    left: [
      ...(done.length === 0 ? [t('today.importNone')] : []),
      ...abnormal.map((b) => t('today.importAbnormal', { file: displayFileName(b.file_name), errors: b.error_count })),
      ...running.map((b) => t('today.importRunning', { file: displayFileName(b.file_name) })),
    ],
  };

  const counts = f.counts;
  const differences = counts ? counts.amountMismatch.count + counts.bankExtra.count + counts.platformExtra.count + counts.duplicate.count : null;
  const reconStep: Step = {
    key: 'recon', title: 'step.recon', screen: 'recon',
    state: f.summary ? 'done' : done.length ? 'todo' : 'waiting',
    lines: counts
      ? [t('today.reconLine', { matched: counts.matched.count.toLocaleString('en-US'), differences: (differences ?? 0).toLocaleString('en-US'), timing: counts.timing.count })]
      : f.summary ? [t('today.reconRun', { run: f.summary.run })] : [],
    left: f.summary ? [] : [t('today.reconNone')],
  };

  const unbalanced = f.summary?.groups.filter((g) => !g.balanced) ?? [];
  const reviewStep: Step = {
    key: 'review', title: 'step.review', screen: 'recon',
    state: !f.summary ? 'waiting' : f.confirmed && unbalanced.length === 0 ? 'done' : unbalanced.length ? 'attention' : 'todo',
    lines: f.summary ? [t('today.reviewLine', { groups: f.summary.groups.length, balanced: f.summary.groups.length - unbalanced.length })] : [],
    left: [
      ...unbalanced.map((g) => `${channelName(t, g.channel)} ${g.direction === 'in' ? t('dir.in') : t('dir.out')}: ${g.differences.join('; ')}`),
      ...(f.summary && !f.confirmed ? [t('today.reviewConfirm')] : []),
    ],
  };

  const counted = { N: 0, A: 0, Y: 0 };
  for (const b of f.balances) if (b.accountStatus === 'normal') counted[b.balanceStatus]++;
  const failing = f.check.filter((c) => !c.ok);
  const balancesStep: Step = {
    key: 'balances', title: 'step.balances', screen: 'balances',
    state: f.balances.length === 0 ? 'waiting' : counted.N + counted.A === 0 && failing.length === 0 ? 'done' : failing.length && counted.N + counted.A === 0 ? 'attention' : 'todo',
    lines: [t('today.balancesLine', { y: counted.Y, a: counted.A, n: counted.N })],
    left: [
      ...(counted.N ? [t('today.balancesEnter', { n: counted.N })] : []),
      ...(counted.A ? [t('today.balancesReview', { n: counted.A })] : []),
      ...failing.filter((c) => c.reviewedMinor !== null).map((c) => t('today.balancesCheck', { account: c.accountNo })),
    ],
  };

  const lastClose = f.closeReports.at(-1);
  const readyToClose = importStep.state === 'done' && reconStep.state === 'done';
  const closeStep: Step = {
    key: 'close', title: 'step.close', screen: null,
    state: f.dayStatus === 'closed' ? 'done' : lastClose && !lastClose.closed ? 'attention' : readyToClose ? 'todo' : 'waiting',
    lines: f.dayStatus === 'closed' ? [t('today.closed')] : lastClose ? [t('today.closeTried', { at: lastClose.at.slice(0, 16).replace('T', ' ') })] : [],
    left: f.dayStatus === 'closed' ? [] : lastClose ? lastClose.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${checkDetail(c, lang)}`) : [t('today.closeNone')],
  };

  const exportStep: Step = {
    key: 'export', title: 'step.export', screen: 'vouchers',
    state: f.exports.length ? 'done' : f.dayStatus === 'closed' ? 'todo' : 'waiting',
    lines: f.exports.length ? [t('today.exported', { formats: f.exports.join(', ') })] : [],
    left: f.exports.length ? [] : [t('today.exportNone')],
  };
  return [importStep, reconStep, reviewStep, balancesStep, closeStep, exportStep];
}

export function Today() {
  const t = useT();
  const { date, user, revision, lang } = useApp();
  const { go, run, changed, showOk } = useApp.getState();
  const day = useLoad(() => loadDay(date), [date, revision]);
  const list = day.data ? steps(day.data, t, lang) : [];
  const leftCount = list.reduce((s, step) => s + (step.state === 'done' ? 0 : step.left.length), 0);
  const closeReport = day.data?.closeReports.at(-1);

  const closeDay = async () => {
    const result = await run(t('today.closeRun'), () => call('day.close', { date }));
    if (result) {
      if (result.closed) showOk(t('today.closedOk', { date }));
      else useApp.setState({ banner: { kind: 'error', code: 'CHECK_FAILED', text: t('today.closeRefused', { n: result.checks.filter((c) => !c.ok).length }) } });
      changed();
    }
  };

  return (
    <div className="screen" data-testid="screen-today">
      <div className="screen-head">
        <h1>{t('today.title')} <span className="head-date">{date}</span></h1>
        <div className="head-facts">
          {day.data?.trial ? (
            <>
              <span>{t('today.trial')}: <Pill tone={day.data.trial.balanced ? 'ok' : 'bad'}>{day.data.trial.balanced ? t('common.balanced') : t('common.unbalanced')}</Pill></span>
              <span>{t('today.debit')} <Amount minor={day.data.trial.period.debit} /></span>
              <span>{t('today.credit')} <Amount minor={day.data.trial.period.credit} /></span>
            </>
          ) : null}
          <span>{t('today.left')}: <Count n={day.data ? leftCount : null} /></span>
        </div>
      </div>
      <ol className="steps" data-testid="steps">
        {list.map((step, i) => (
          <li key={step.key} className={`step step-${step.state}`} data-testid={`step-${step.key}`}>
            <div className="step-no">{i + 1}</div>
            <div className="step-main">
              <div className="step-title">
                <strong>{t(step.title)}</strong>
                <Pill tone={TONE[step.state]}>{t(STATE_LABEL[step.state])}</Pill>
              </div>
              {step.lines.map((l) => <div key={l} className="step-line">{l}</div>)}
              {step.state !== 'done' && step.left.length ? (
                <ul className="step-left">
                  {step.left.slice(0, 8).map((l) => <li key={l}>{l}</li>)}
                  {step.left.length > 8 ? <li className="muted">{t('common.more', { n: step.left.length - 8 })}</li> : null}
                </ul>
              ) : null}
            </div>
            <div className="step-go">
              {step.screen ? (
                <button type="button" className="btn" onClick={() => go(step.screen!)}>{t('today.open')} →</button>
              ) : step.key === 'close' && day.data?.dayStatus !== 'closed' && may(user, 'day.close') ? (
                <button type="button" className="btn btn-primary" onClick={closeDay} data-testid="close-day">{t('today.closeDay')}</button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {closeReport ? (
        <Section title={t('today.lastClose', { at: closeReport.at.slice(0, 19).replace('T', ' ') })}>
          <table className="grid compact">
            <thead><tr><th>{t('today.check')}</th><th className="a-center">{t('today.result')}</th><th>{t('today.detail')}</th></tr></thead>
            <tbody>
              {closeReport.checks.map((c) => (
                <tr key={c.name}><td>{c.name}</td><td className="a-center"><Pill tone={c.ok ? 'ok' : 'bad'}>{c.ok ? t('common.ok') : t('common.failed')}</Pill></td><td className="wrap">{checkDetail(c, lang)}</td></tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
    </div>
  );
}
