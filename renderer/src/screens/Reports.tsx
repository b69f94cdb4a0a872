// 报表: every day-end report of reports.kinds with its options, written as .xlsx into the exports
// folder; then downloaded (browser) or shown in its folder (desktop). "Export all" writes the set.
import { useEffect, useState } from 'react';
import { call, downloadUrl } from '../api/client.js';
import type { AppInput, AppOutput } from '../api/bridge-types.js';
import { useApp } from '../store.js';
import { useScreenT, type Words } from '../i18n.js';
import { Count, Field, Pill, Section, useLoad } from '../components/ui.js';
import { joinPath } from '../paths.js';
import './Reports.css';

const WORDS = {
  'rp.title': ['报表', 'Reports'],
  'rp.lead': ['日终报表写成 Excel (.xlsx) 文件，保存在导出文件夹；浏览器中可直接下载。', 'The day-end reports as Excel (.xlsx) files in the exports folder; in the browser, download them from here.'],
  'rp.date': ['报表日期', 'Report date'],
  'rp.dateHint': ['默认为会计日期', 'The accounting date by default'],
  'rp.export': ['导出 .xlsx', 'Export .xlsx'],
  'rp.exportAll': ['全部导出', 'Export all'],
  'rp.exporting': ['导出报表 {name}', 'Exporting {name}'],
  'rp.exportedOk': ['已导出 {name}：{rows} 行', '{name} written: {rows} rows'],
  'rp.exportedAll': ['已导出 {n} 张报表', '{n} reports written'],
  'rp.written': ['已写入', 'Written'],
  'rp.file': ['文件', 'File'],
  'rp.sheets': ['工作表', 'Sheets'],
  'rp.rows': ['数据行', 'Rows'],
  'rp.download': ['下载', 'Download'],
  'rp.notYet': ['尚未导出', 'Not exported yet'],
  'rp.failed': ['导出失败', 'Failed'],
  'rp.noHost': ['没有导出文件夹：请重新登录', 'No exports folder: sign in again'],
  'rp.opt.batchId': ['对账批次', 'Import batch'],
  'rp.opt.batchAll': ['当日全部批次', 'Every batch of the date'],
  'rp.opt.by': ['日期口径', 'Date basis'],
  'rp.opt.byAll': ['全部三种口径', 'All three bases'],
  'rp.by.accounting': ['记账日期', 'Accounting date'],
  'rp.by.bank': ['银行日期', 'Bank date'],
  'rp.by.clearing': ['清算日期', 'Clearing date'],
  'rp.opt.to': ['截止日期（最多 7 天）', 'To (at most 7 days)'],
  'rp.opt.toHint': ['留空为单日', 'Empty: the one day'],
  'rp.opt.accountNo': ['银行账户', 'Bank account'],
  'rp.opt.accountAll': ['全部账户', 'Every account'],
  'rp.opt.currency': ['币种', 'Currency'],
  'rp.noOptions': ['无其他参数', 'No other options'],
  'rp.badCurrency': ['币种为 3 位大写字母', 'A currency is 3 capital letters'],
  'rp.badTo': ['截止日期不能早于报表日期', 'To cannot be before the report date'],
} as const satisfies Words;

type Kind = AppOutput<'reports.kinds'>[number];
type KindName = Kind['kind'];
type Result = AppOutput<'reports.export'>;
type Options = { batchId: string; by: string; to: string; accountNo: string; currency: string };

const BASES = ['accounting', 'bank', 'clearing'] as const;
const EMPTY: Options = { batchId: '', by: '', to: '', accountNo: '', currency: 'CNY' };

export function ReportsScreen() {
  const t = useScreenT(WORDS);
  const workDate = useApp((s) => s.date);
  const lang = useApp((s) => s.lang);
  const host = useApp((s) => s.host);
  const revision = useApp((s) => s.revision);
  const [date, setDate] = useState(workDate);
  const [options, setOptions] = useState<Record<string, Options>>({});
  const [results, setResults] = useState<Record<string, Result | { error: string }>>({});
  const kinds = useLoad(() => call('reports.kinds'), []);
  const batches = useLoad(() => call('recon.batches', { limit: 200 }), [revision], { quiet: true });
  const banks = useLoad(() => call('balances.accounts', {}), [revision], { quiet: true });

  useEffect(() => setDate(workDate), [workDate]);
  useEffect(() => setResults({}), [date]);

  const optionsOf = (kind: string): Options => options[kind] ?? EMPTY;
  const setOption = (kind: string, key: keyof Options, value: string) => setOptions((o) => ({ ...o, [kind]: { ...optionsOf(kind), [key]: value } }));
  const nameOf = (k: Kind) => (lang === 'zh' ? k.zh : k.en);
  const problem = (k: Kind): string | null => {
    const o = optionsOf(k.kind);
    if (k.options.includes('currency') && !/^[A-Z]{3}$/.test(o.currency)) return t('rp.badCurrency');
    if (k.options.includes('to') && o.to && o.to < date) return t('rp.badTo');
    return null;
  };

  /** The file name says what is in it, so two exports with different options do not overwrite each other. */
  const fileFor = (k: Kind): string => {
    const o = optionsOf(k.kind);
    const parts = [k.kind, date];
    if (k.options.includes('to') && o.to && o.to !== date) parts.push(`to-${o.to}`);
    if (k.options.includes('by') && o.by) parts.push(o.by);
    if (k.options.includes('batchId') && o.batchId) parts.push(`batch-${o.batchId}`);
    if (k.options.includes('accountNo') && o.accountNo) parts.push(o.accountNo);
    if (k.options.includes('currency') && o.currency !== 'CNY') parts.push(o.currency);
    return joinPath(host!.exportsDir, `report-${parts.join('-')}.xlsx`);
  };

  const inputFor = (k: Kind): AppInput<'reports.export'> => {
    const o = optionsOf(k.kind);
    const by = BASES.find((b) => b === o.by);
    return {
      kind: k.kind, date, file: fileFor(k),
      ...(k.options.includes('batchId') && o.batchId ? { batchId: Number(o.batchId) } : {}),
      ...(k.options.includes('by') && by ? { by } : {}),
      ...(k.options.includes('to') && o.to ? { to: o.to } : {}),
      ...(k.options.includes('accountNo') && o.accountNo ? { accountNo: o.accountNo } : {}),
      ...(k.options.includes('currency') ? { currency: o.currency } : {}),
    };
  };

  const exportOne = async (k: Kind, quiet = false): Promise<boolean> => {
    const { run, showOk, showError } = useApp.getState();
    try {
      const written = await run(t('rp.exporting', { name: nameOf(k) }), async () => {
        try {
          return await call('reports.export', inputFor(k));
        } catch (error) {
          setResults((r) => ({ ...r, [k.kind]: { error: error instanceof Error ? error.message : String(error) } }));
          throw error;
        }
      });
      if (!written) return false;
      setResults((r) => ({ ...r, [k.kind]: written }));
      if (!quiet) showOk(t('rp.exportedOk', { name: nameOf(k), rows: written.rows }));
      return true;
    } catch (error) {
      showError(error);
      return false;
    }
  };

  const exportAll = async () => {
    let n = 0;
    for (const k of kinds.data ?? []) {
      if (problem(k)) continue;
      if (await exportOne(k, true)) n++;
    }
    if (n > 0) useApp.getState().showOk(t('rp.exportedAll', { n }));
  };

  const dateBatches = (batches.data ?? []).filter((b) => !b.first_date || (b.first_date <= date && (b.last_date ?? b.first_date) >= date));
  const batchChoices = dateBatches.length ? dateBatches : (batches.data ?? []);

  return (
    <div className="screen" data-testid="screen-reports">
      <div className="screen-head">
        <h1>{t('rp.title')} <span className="head-date">{date}</span></h1>
        <p className="muted">{t('rp.lead')}</p>
      </div>
      <div className="form-row rp-top">
        <Field label={t('rp.date')} hint={t('rp.dateHint')}>
          <input type="date" value={date} onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && setDate(e.target.value)} data-testid="report-date" />
        </Field>
        <button type="button" className="btn btn-primary" onClick={exportAll} disabled={!host || !kinds.data} data-testid="export-all">{t('rp.exportAll')}</button>
        {!host ? <span className="warn-text">{t('rp.noHost')}</span> : null}
      </div>
      <div className="rp-list">
        {(kinds.data ?? []).map((k) => {
          const o = optionsOf(k.kind);
          const result = results[k.kind];
          const bad = problem(k);
          return (
            <Section key={k.kind} title={<>{nameOf(k)} <span className="muted small">{lang === 'zh' ? k.en : k.zh}</span></>} testId={`report-${k.kind}`} className="rp-card">
              <div className="form-row">
                {k.options.length === 0 ? <span className="muted small rp-noopt">{t('rp.noOptions')}</span> : null}
                {k.options.includes('batchId') ? (
                  <Field label={t('rp.opt.batchId')}>
                    <select value={o.batchId} onChange={(e) => setOption(k.kind, 'batchId', e.target.value)} data-testid={`opt-${k.kind}-batchId`}>
                      <option value="">{t('rp.opt.batchAll')}</option>
                      {batchChoices.map((b) => <option key={b.id} value={b.id}>#{b.id} · {b.channel_code ?? '—'} · {b.file_name}</option>)}
                    </select>
                  </Field>
                ) : null}
                {k.options.includes('by') ? (
                  <Field label={t('rp.opt.by')}>
                    <select value={o.by} onChange={(e) => setOption(k.kind, 'by', e.target.value)} data-testid={`opt-${k.kind}-by`}>
                      <option value="">{t('rp.opt.byAll')}</option>
                      {BASES.map((b) => <option key={b} value={b}>{t(`rp.by.${b}`)}</option>)}
                    </select>
                  </Field>
                ) : null}
                {k.options.includes('to') ? (
                  <Field label={t('rp.opt.to')} hint={t('rp.opt.toHint')}>
                    <input type="date" value={o.to} min={date} onChange={(e) => setOption(k.kind, 'to', e.target.value)} data-testid={`opt-${k.kind}-to`} />
                  </Field>
                ) : null}
                {k.options.includes('accountNo') ? (
                  <Field label={t('rp.opt.accountNo')}>
                    <select value={o.accountNo} onChange={(e) => setOption(k.kind, 'accountNo', e.target.value)} data-testid={`opt-${k.kind}-accountNo`}>
                      <option value="">{t('rp.opt.accountAll')}</option>
                      {(banks.data ?? []).map((b) => <option key={b.id} value={b.accountNo}>{b.bankName} · {b.accountNo}</option>)}
                    </select>
                  </Field>
                ) : null}
                {k.options.includes('currency') ? (
                  <Field label={t('rp.opt.currency')}>
                    <input value={o.currency} maxLength={3} className={/^[A-Z]{3}$/.test(o.currency) ? 'rp-currency' : 'rp-currency attention'}
                      onChange={(e) => setOption(k.kind, 'currency', e.target.value.toUpperCase())} data-testid={`opt-${k.kind}-currency`} />
                  </Field>
                ) : null}
                <span className="grow" />
                <button type="button" className="btn" disabled={!host || !!bad} onClick={() => void exportOne(k)} data-testid={`export-${k.kind}`}>{t('rp.export')}</button>
              </div>
              {bad ? <p className="warn-text small">{bad}</p> : null}
              <ResultLine result={result} kind={k.kind} t={t} />
            </Section>
          );
        })}
      </div>
    </div>
  );
}

function ResultLine(props: { result: Result | { error: string } | undefined; kind: KindName; t: ReturnType<typeof useScreenT<typeof WORDS>> }) {
  const { result, t } = props;
  const run = useApp((s) => s.run);
  if (!result) return <p className="muted small rp-result">{t('rp.notYet')}</p>;
  if ('error' in result) return <p className="rp-result"><Pill tone="bad">{t('rp.failed')}</Pill> <span className="small">{result.error}</span></p>;
  const href = downloadUrl(result.file);
  const name = result.file.split(/[\\/]/).pop() ?? result.file;
  return (
    <p className="rp-result facts" data-testid={`result-${props.kind}`}>
      <Pill tone="ok">{t('rp.written')}</Pill>
      <span>{t('rp.file')}: <code className="path" title={result.file} data-testid={`file-${props.kind}`}>{name}</code></span>
      <span>{t('rp.sheets')}: <Count n={result.sheets} /></span>
      <span>{t('rp.rows')}: <span data-testid={`rows-${props.kind}`}><Count n={result.rows} /></span></span>
      {href ? (
        <a className="btn btn-primary" href={href} download={name} data-testid={`download-${props.kind}`}>{t('rp.download')}</a>
      ) : (
        <button type="button" className="btn" onClick={() => run(t('common.reveal'), () => call('host.revealFile', { path: result.file }))}>{t('common.reveal')}</button>
      )}
    </p>
  );
}
