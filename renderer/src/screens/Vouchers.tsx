// 凭证导出: the date's vouchers as an ERP import file. Preview the first rows exactly as written,
// export into <dataDir>/exports, then download it (browser) or show it in its folder (desktop).
import { useEffect, useState } from 'react';
import { call, downloadUrl } from '../api/client.js';
import type { AppOutput } from '../api/bridge-types.js';
import { useApp, may } from '../store.js';
import { useT, type TKey } from '../i18n.js';
import { Count, DataTable, Field, Pill, Section } from '../components/ui.js';
import { joinPath } from '../paths.js';

type Format = 'kingdee' | 'kingdee-cloud' | 'yonyou' | 'csv';
const FORMATS: { key: Format; label: TKey; ext: string }[] = [
  { key: 'kingdee', label: 'vch.kingdee', ext: 'xlsx' },
  { key: 'kingdee-cloud', label: 'vch.kingdeeCloud', ext: 'xlsx' },
  { key: 'yonyou', label: 'vch.yonyou', ext: 'txt' },
  { key: 'csv', label: 'vch.csv', ext: 'csv' },
];

export function VouchersScreen() {
  const t = useT();
  const { date, user, host } = useApp();
  const { run, showOk, changed } = useApp.getState();
  const [format, setFormat] = useState<Format>('kingdee');
  const [book, setBook] = useState({ accountBook: '', accountBookName: '', org: '', orgName: '' });
  const [preparer, setPreparer] = useState('');
  const [preview, setPreview] = useState<AppOutput<'erp.preview'> | null>(null);
  const [written, setWritten] = useState<AppOutput<'erp.exportVouchers'> | null>(null);

  useEffect(() => {
    setPreview(null);
    setWritten(null);
  }, [date, format]);

  const cloudReady = format !== 'kingdee-cloud' || (book.accountBook.trim() !== '' && book.org.trim() !== '');
  const options = () => ({
    date, format,
    ...(preparer.trim() ? { preparer: preparer.trim() } : {}),
    ...(format === 'kingdee-cloud' ? {
      cloudBook: {
        accountBook: book.accountBook.trim(), org: book.org.trim(),
        ...(book.accountBookName.trim() ? { accountBookName: book.accountBookName.trim() } : {}),
        ...(book.orgName.trim() ? { orgName: book.orgName.trim() } : {}),
      },
    } : {}),
  });

  const doPreview = async () => {
    const p = await run(t('vch.previewing'), () => call('erp.preview', { ...options(), limit: 50 }));
    if (p) setPreview(p);
  };

  const doExport = async () => {
    if (!host) return;
    const ext = FORMATS.find((f) => f.key === format)!.ext;
    const out = joinPath(host.exportsDir, `vouchers-${date}-${format}.${ext}`);
    const w = await run(t('vch.exporting'), () => call('erp.exportVouchers', { ...options(), out }));
    if (w) {
      setWritten(w);
      showOk(t('vch.exportedOk', { vouchers: w.vouchers, lines: w.lines }));
      changed();
    }
  };

  const href = written ? downloadUrl(written.file) : null;
  return (
    <div className="screen" data-testid="screen-vouchers">
      <div className="screen-head">
        <h1>{t('vch.title')} <span className="head-date">{date}</span></h1>
        <p className="muted">{t('vch.lead')}</p>
      </div>
      <Section title={t('vch.layout')}>
        <div className="format-choices" role="radiogroup">
          {FORMATS.map((f) => (
            <label key={f.key} className={`choice ${format === f.key ? 'on' : ''}`}>
              <input type="radio" name="format" value={f.key} checked={format === f.key} onChange={() => setFormat(f.key)} data-testid={`format-${f.key}`} />
              <span>{t(f.label)}</span>
              <code>.{f.ext}</code>
            </label>
          ))}
        </div>
        {format === 'kingdee-cloud' ? (
          <div className="form-row">
            <Field label={t('vch.accountBook')}><input value={book.accountBook} onChange={(e) => setBook({ ...book, accountBook: e.target.value })} className={book.accountBook ? '' : 'attention'} /></Field>
            <Field label={t('vch.accountBookName')}><input value={book.accountBookName} onChange={(e) => setBook({ ...book, accountBookName: e.target.value })} /></Field>
            <Field label={t('vch.org')}><input value={book.org} onChange={(e) => setBook({ ...book, org: e.target.value })} className={book.org ? '' : 'attention'} /></Field>
            <Field label={t('vch.orgName')}><input value={book.orgName} onChange={(e) => setBook({ ...book, orgName: e.target.value })} /></Field>
          </div>
        ) : null}
        <div className="form-row">
          <Field label={t('vch.preparer')} hint={t('vch.preparerHint')}>
            <input value={preparer} onChange={(e) => setPreparer(e.target.value)} placeholder={user?.name ?? ''} />
          </Field>
          <button type="button" className="btn" onClick={doPreview} disabled={!cloudReady} data-testid="preview">{t('vch.preview')}</button>
          {may(user, 'erp.exportVouchers') ? (
            <button type="button" className="btn btn-primary" onClick={doExport} disabled={!cloudReady || !host} data-testid="export">{t('vch.export')}</button>
          ) : <span className="muted small">{t('vch.noExportRole')}</span>}
        </div>
      </Section>

      {written ? (
        <Section title={t('vch.written')} testId="export-result">
          <p className="facts">
            <span>{t('vch.vouchers')}: <Count n={written.vouchers} /></span>
            <span>{t('vch.lines')}: <Count n={written.lines} /></span>
            <span>{t('vch.debit')}: <span className="num">{written.debit}</span></span>
            <span>{t('vch.credit')}: <span className="num">{written.credit}</span></span>
            <Pill tone={written.debit === written.credit ? 'ok' : 'bad'}>{written.debit === written.credit ? t('common.balanced') : t('common.unbalanced')}</Pill>
            {!written.dayClosed ? <Pill tone="warn">{t('vch.dayOpen')}</Pill> : null}
          </p>
          <p>
            <code className="path">{written.file}</code>{' '}
            {href ? (
              <a className="btn btn-primary" href={href} download={written.file.split(/[\\/]/).pop()} data-testid="download">{t('vch.download')}</a>
            ) : (
              <button type="button" className="btn" onClick={() => run(t('common.reveal'), () => call('host.revealFile', { path: written.file }))}>{t('common.reveal')}</button>
            )}
          </p>
        </Section>
      ) : null}

      {preview ? (
        <Section title={t('vch.previewTitle', { shown: preview.rows.length, lines: preview.lines, vouchers: preview.vouchers })} testId="preview-table">
          {!preview.dayClosed ? <p className="notice small">{t('vch.dayOpenNote')}</p> : null}
          <DataTable
            rows={preview.rows}
            rowKey={(_r, i) => i}
            maxHeight={420}
            columns={(preview.header.at(-1) ?? preview.rows[0]?.map((_c, i) => `${i + 1}`) ?? []).map((h, i) => ({
              key: String(i),
              head: h,
              align: looksNumeric(preview.rows, i) ? 'right' as const : undefined,
              render: (row: string[]) => <span className={looksNumeric(preview.rows, i) ? 'num' : ''}>{row[i] ?? ''}</span>,
            }))}
          />
        </Section>
      ) : null}
    </div>
  );
}

/** A preview column whose every filled cell is an amount like "1234.50" is right-aligned. */
function looksNumeric(rows: string[][], i: number): boolean {
  let seen = 0;
  for (const r of rows) {
    const c = r[i] ?? '';
    if (c === '') continue;
    if (!/^-?\d+(\.\d+)?$/.test(c)) return false;
    seen++;
  }
  return seen > 0;
}
