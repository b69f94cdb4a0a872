// 导入: drop statement files (or pick them), each uploaded then imported as a batch; the result,
// the errors by row and column, and a column mapping for bank layouts the core cannot map by itself.
import { useEffect, useRef, useState } from 'react';
import { call, onProgress, upload } from '../api/client.js';
import { CallError, toCallError } from '../api/errors.js';
import type { AppOutput } from '../api/bridge-types.js';
import { BANK_MAPPABLE_FIELDS, PROFILE_FORMATS, type BankMappableField, type ProfileFormat } from '../../../core/shared/rules.js';
import { useApp, may } from '../store.js';
import { useT, channelName, errorText, CHANNELS, type ChannelCode, type Translate, type TKey } from '../i18n.js';
import { Amount, Count, DataTable, Field, Pill, Section, useLoad } from '../components/ui.js';
import { displayFileName, withoutUploadPrefix } from '../files.js';
import { BatchStatistics } from './BatchStatistics.js';
import { BatchPill } from '../components/BatchPill.js';

type ImportResult = AppOutput<'recon.import'>;
type Preview = AppOutput<'recon.previewFile'>;
type Profile = AppOutput<'recon.profiles'>[number];

/** The bank columns a person may map by hand, as the core reads them. */
const MAPPABLE = BANK_MAPPABLE_FIELDS;
type Mappable = BankMappableField;
type Mapping = Partial<Record<Mappable, string>>;

interface Item {
  id: number;
  file: File;
  path: string | null;
  channel: string;
  state: 'queued' | 'uploading' | 'previewing' | 'mapping' | 'importing' | 'done' | 'abnormal' | 'failed' | 'cancelled';
  preview: Preview | null;
  showPreview: boolean;
  result: ImportResult | null;
  error: CallError | null;
  done: number;
  total: number | null;
  force: boolean;
  mapping: Mapping | null;
  format: string | null;
  showErrors: boolean;
  showMapping: boolean;
}


function needsChannel(e: CallError | null): boolean {
  return e?.reason === 'CHANNEL_NOT_NAMED';
}

/** No format detected, or a workbook (told by its signature alone) whose header maps to no usable columns. */
function isUnknownLayout(preview: Preview): boolean {
  return preview.format === null || preview.header?.usable === false;
}

function needsMapping(item: Item): boolean {
  if (item.state === 'mapping') return true;
  if (item.error?.reason === 'FORMAT_UNKNOWN') return true;
  return !!item.result && item.result.status === 'ABNORMAL' && item.result.errors.some((e) => e.kind === 'COLUMNS_UNMAPPED');
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(Math.round((bytes * 10) / (1024 * 1024)) / 10).toFixed(1)} MB`;
}

let nextId = 1;

export function ImportScreen() {
  const t = useT();
  const { user, revision } = useApp();
  const canWrite = may(user, 'recon.import');
  const [items, setItems] = useState<Item[]>([]);
  const [channel, setChannel] = useState('');
  const [drag, setDrag] = useState(false);
  const [statsFor, setStatsFor] = useState<number | null>(null);
  const working = useRef(false);
  const current = useRef<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const batches = useLoad(() => call('recon.batches', { limit: 50 }), [revision]);
  const retryInput = useRef<HTMLInputElement>(null);
  const [retrying, setRetrying] = useState<number | null>(null);

  // An interrupted (RUNNING) batch runs again from the same file: the user picks it again, since
  // only its name is kept, and the core checks it is the same content.
  const retryBatch = async (file: File) => {
    const batch = retrying;
    setRetrying(null);
    if (batch === null) return;
    const { run, showOk, changed } = useApp.getState();
    const result = await run(t('import.retrying', { batch }), async () => call('recon.retryImport', { batch, file: await upload(file) }));
    if (result) {
      changed();
      showOk(t('import.retriedOk', { batch, status: result.status, rows: result.rows }));
    }
  };

  const patch = (id: number, change: Partial<Item>) => setItems((list) => list.map((i) => (i.id === id ? { ...i, ...change } : i)));

  useEffect(() => onProgress((p) => {
    if (p.method !== 'recon.import' || current.current === null) return;
    patch(current.current, { done: p.done, total: p.total });
  }), []);

  // One file at a time: the core runs one call at a time per database anyway.
  useEffect(() => {
    if (working.current) return;
    const next = items.find((i) => i.state === 'queued');
    if (!next) return;
    working.current = true;
    void (async () => {
      const app = useApp.getState();
      current.current = next.id;
      useApp.setState({ busy: `${t('import.importing')} ${next.file.name}`, progress: null });
      try {
        let path = next.path;
        if (!path) {
          patch(next.id, { state: 'uploading' });
          path = await upload(next.file);
          patch(next.id, { path });
        }
        // a first look: an unknown layout stops here for its columns to be mapped
        let preview = next.preview;
        if (!preview) {
          patch(next.id, { state: 'previewing' });
          preview = await call('recon.previewFile', { file: path, ...(next.format ? { format: next.format } : {}) });
          patch(next.id, { preview });
          if (isUnknownLayout(preview) && !next.format && !next.mapping) {
            patch(next.id, { state: 'mapping', showPreview: true });
            return;
          }
        }
        patch(next.id, { state: 'importing', done: 0, total: null });
        const result = await call('recon.import', {
          file: path,
          ...(next.channel ? { channel: next.channel as ChannelCode } : {}),
          ...(next.format ? { format: next.format } : {}),
          ...(next.mapping ? { mapping: next.mapping as Record<string, string> } : {}),
          force: next.force,
        });
        patch(next.id, { state: result.status === 'DONE' ? 'done' : 'abnormal', result, error: null, showErrors: result.status !== 'DONE' });
        app.changed();
      } catch (error) {
        const e = toCallError(error);
        patch(next.id, { state: e.code === 'CANCELLED' ? 'cancelled' : 'failed', error: e, result: null });
        // a cancelled batch is kept as ABNORMAL (saying so): the list shows it
        if (e.code === 'CANCELLED') app.changed();
      } finally {
        current.current = null;
        useApp.setState({ busy: null, progress: null });
        working.current = false;
        setItems((list) => [...list]);
      }
    })();
  }, [items, t]);

  const add = (files: FileList | File[] | null) => {
    if (!files || files.length === 0) return;
    const added: Item[] = Array.from(files).map((file) => ({
      id: nextId++, file, path: null, channel, state: 'queued', result: null, error: null, done: 0, total: null,
      force: false, mapping: null, format: null, showErrors: false, showMapping: false, preview: null, showPreview: false,
    }));
    setItems((list) => [...added, ...list]);
  };

  const retry = (item: Item, change: Partial<Item> = {}) => patch(item.id, { state: 'queued', error: null, result: null, ...change });

  // A press just as the import starts may reach the host before the import call does: ask again
  // until the host has something to cancel or this item's import is over.
  const cancel = async (id: number) => {
    for (let attempt = 0; attempt < 50 && current.current === id; attempt++) {
      try {
        if ((await call('host.cancel', { method: 'recon.import' })).cancelled > 0) return;
      } catch (error) {
        useApp.getState().showError(error);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  return (
    <div className="screen" data-testid="screen-import">
      <div className="screen-head">
        <h1>{t('import.title')}</h1>
        <p className="muted">{t('import.lead')}</p>
      </div>
      {canWrite ? (
        <div
          className={`dropzone ${drag ? 'over' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; setDrag(true); }}
          onDragLeave={() => setDrag(false)}
          onDrop={(e) => { e.preventDefault(); setDrag(false); add(e.dataTransfer.files); }}
        >
          <div className="dropzone-main">
            <strong>{t('import.drop')}</strong>
            <span className="muted">{t('import.formats')}</span>
          </div>
          <div className="dropzone-side">
            <Field label={t('import.channelForNext')} hint={t('import.channelHint')}>
              <select value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="import-channel">
                <option value="">{t('import.channelAuto')}</option>
                {CHANNELS.map((c) => <option key={c} value={c}>{channelName(t, c)}</option>)}
              </select>
            </Field>
            <button type="button" className="btn btn-primary" onClick={() => inputRef.current?.click()}>{t('import.pick')}</button>
            <input ref={inputRef} type="file" multiple hidden data-testid="file-input" onChange={(e) => { add(e.target.files); e.target.value = ''; }} />
          </div>
        </div>
      ) : (
        <p className="notice">{t('import.readOnly')}</p>
      )}

      {items.length > 0 ? (
        <Section title={t('import.thisSession')} testId="import-items">
          <div className="import-list">
            {items.map((item) => <ImportRow key={item.id} item={item} t={t} patch={patch} retry={retry} onStats={setStatsFor} onCancel={cancel} />)}
          </div>
        </Section>
      ) : null}

      <Section title={t('import.recent')} actions={<button type="button" className="btn btn-quiet" onClick={batches.reload}>{t('common.refresh')}</button>}>
        <DataTable
          testId="batches"
          rows={batches.data ?? []}
          rowKey={(b) => b.id}
          maxHeight={360}
          onRowClick={(b) => setStatsFor(b.id)}
          selected={statsFor}
          columns={[
            { key: 'id', head: t('col.batch'), align: 'right', width: 56, render: (b) => <span className="num">{b.id}</span> },
            { key: 'file', head: t('col.file'), render: (b) => <span className="ellipsis" title={b.file_name}>{displayFileName(b.file_name)}</span> },
            { key: 'channel', head: t('col.channel'), render: (b) => channelName(t, b.channel_code) },
            { key: 'format', head: t('col.format'), render: (b) => <code>{b.format}</code> },
            { key: 'status', head: t('col.status'), align: 'center', render: (b) => <BatchPill status={b.status} t={t} /> },
            { key: 'rows', head: t('col.rows'), align: 'right', render: (b) => <Count n={b.rows} /> },
            { key: 'in', head: t('col.moneyIn'), align: 'right', render: (b) => <Amount minor={b.totals.CNY?.creditMinor ?? firstTotals(b.totals).creditMinor} /> },
            { key: 'out', head: t('col.moneyOut'), align: 'right', render: (b) => <Amount minor={b.totals.CNY?.debitMinor ?? firstTotals(b.totals).debitMinor} /> },
            { key: 'errors', head: t('col.errors'), align: 'right', render: (b) => (b.error_count ? <span className="num neg">{b.error_count}</span> : <span className="num muted">0</span>) },
            { key: 'dates', head: t('col.bankDates'), render: (b) => <span className="num">{b.first_date ?? '—'}{b.last_date && b.last_date !== b.first_date ? ` → ${b.last_date}` : ''}</span> },
            { key: 'at', head: t('col.importedAt'), render: (b) => <span className="num muted">{b.created_at.slice(0, 16).replace('T', ' ')}</span> },
            { key: 'retry', head: '', render: (b) => (b.status === 'RUNNING' && canWrite ? (
              <button type="button" className="btn btn-small" data-testid={`retry-batch-${b.id}`} title={t('import.retryHint')}
                onClick={(e) => { e.stopPropagation(); setRetrying(b.id); retryInput.current?.click(); }}>{t('import.retryBatch')}</button>
            ) : null) },
          ]}
        />
        <input ref={retryInput} type="file" hidden data-testid="retry-file" onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void retryBatch(file);
        }} />
      </Section>
      {statsFor !== null ? <BatchStatistics batch={statsFor} onClose={() => setStatsFor(null)} /> : null}
    </div>
  );
}

function firstTotals(totals: Record<string, { creditMinor: number; debitMinor: number }>): { creditMinor: number | null; debitMinor: number | null } {
  const first = Object.values(totals)[0];
  return first ?? { creditMinor: null, debitMinor: null };
}

function ImportRow(props: {
  item: Item; t: Translate; patch: (id: number, change: Partial<Item>) => void; retry: (item: Item, change?: Partial<Item>) => void;
  onStats: (batch: number) => void; onCancel: (id: number) => Promise<void>;
}) {
  const { item, t, patch, retry } = props;
  const r = item.result;
  const percent = item.total ? Math.min(100, Math.floor((item.done * 100) / item.total)) : null;
  const stateTone = item.state === 'done' ? 'ok' : item.state === 'abnormal' || item.state === 'failed' ? 'bad' : item.state === 'queued' || item.state === 'cancelled' ? 'muted' : 'info';
  return (
    <div className={`import-item state-${item.state}`} data-testid="import-item" data-file={item.file.name} data-state={item.state}>
      <div className="import-item-head">
        <Pill tone={stateTone}>{t(`import.state.${item.state}` as const)}</Pill>
        <strong className="ellipsis" title={item.file.name}>{item.file.name}</strong>
        <span className="muted num">{sizeText(item.file.size)}</span>
        {item.preview && !r ? (
          <span className="import-facts">
            {item.preview.format ? <span>{t('import.detected', { format: item.preview.format, encoding: item.preview.encoding ?? '—' })}</span> : <span className="warn-text">{t('import.unknownLayout')}</span>}
          </span>
        ) : null}
        {item.preview ? (
          <button type="button" className="link" onClick={() => patch(item.id, { showPreview: !item.showPreview })} data-testid="item-preview-toggle">
            {t('import.preview')} {item.showPreview ? '▾' : '▸'}
          </button>
        ) : null}
        {r ? (
          <span className="import-facts">
            <span>{t('col.format')} <code>{r.format}</code></span>
            <span>{t('col.channel')} {channelName(t, r.channel)}</span>
            <span>{t('col.rows')} <Count n={r.rows} /></span>
            {Object.entries(r.totals).map(([ccy, tot]) => (
              <span key={ccy}>{ccy} {t('col.moneyIn')} <Amount minor={tot.creditMinor} currency={ccy} /> · {t('col.moneyOut')} <Amount minor={tot.debitMinor} currency={ccy} /></span>
            ))}
            <button type="button" className="link" onClick={() => props.onStats(r.batch)}>{t('import.batchStats', { batch: r.batch })}</button>
          </span>
        ) : null}
      </div>
      {item.state === 'importing' || item.state === 'uploading' ? (
        <div className="import-progress">
          <div className={`progress-bar small ${percent === null ? 'indeterminate' : ''}`}>
            <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
          </div>
          {item.state === 'importing' ? (
            <button
              type="button" className="btn btn-quiet btn-small" data-testid="item-cancel" title={t('common.cancelHint')}
              onClick={() => void props.onCancel(item.id)}
            >{t('common.cancel')}</button>
          ) : null}
        </div>
      ) : null}
      {item.preview && item.showPreview ? <PreviewTable preview={item.preview} t={t} /> : null}
      {item.error ? (
        <div className={item.state === 'cancelled' ? 'inline-error inline-muted' : 'inline-error'} role={item.state === 'cancelled' ? 'status' : 'alert'}>
          <span className="banner-code">{item.error.code}</span> {withoutUploadPrefix(errorText(t, item.error))}
          {item.error.location?.row !== undefined ? <span className="banner-where"> {t('col.row')} {item.error.location.row}{item.error.location.column ? ` · ${item.error.location.column}` : ''}</span> : null}
        </div>
      ) : null}
      {item.state === 'failed' || item.state === 'abnormal' || item.state === 'cancelled' ? (
        <div className="import-fix">
          <Field label={t('col.channel')}>
            <select value={item.channel} className={needsChannel(item.error) ? 'attention' : ''} onChange={(e) => patch(item.id, { channel: e.target.value })} data-testid="item-channel">
              <option value="">{t('import.channelAuto')}</option>
              {CHANNELS.map((c) => <option key={c} value={c}>{channelName(t, c)}</option>)}
            </select>
          </Field>
          <button type="button" className="btn" onClick={() => retry(item)} data-testid="item-retry">{t('import.retry')}</button>
          {item.error?.reason === 'ALREADY_IMPORTED' ? (
            <button type="button" className="btn btn-warn" onClick={() => retry(item, { force: true })}>{t('import.force')}</button>
          ) : null}
          <button type="button" className="btn btn-quiet" onClick={() => patch(item.id, { showMapping: !item.showMapping })}>{t('import.mapColumns')}</button>
        </div>
      ) : null}
      {r?.accountWarning ? (
        <div className="notice" role="status" data-testid="item-account-warning">
          {t('import.accountWarning')} {useApp.getState().lang === 'zh' ? r.accountWarning.messageZh : r.accountWarning.message}
        </div>
      ) : null}
      {r && r.errors.length ? (
        <div className="import-errors">
          <button type="button" className="link" onClick={() => patch(item.id, { showErrors: !item.showErrors })}>
            {t('import.errorsCount', { n: r.errorCount, kept: r.errors.length })} {item.showErrors ? '▾' : '▸'}
          </button>
          {item.showErrors ? (
            <DataTable
              rows={r.errors}
              rowKey={(_e, i) => i}
              maxHeight={240}
              columns={[
                { key: 'row', head: t('col.row'), align: 'right', width: 70, render: (e) => <span className="num">{e.row || t('import.wholeFile')}</span> },
                { key: 'column', head: t('col.column'), width: 180, render: (e) => <code>{e.column || '—'}</code> },
                { key: 'reason', head: t('col.reason'), render: (e) => <span className="wrap">{e.reason}</span> },
              ]}
            />
          ) : null}
        </div>
      ) : null}
      {(needsMapping(item) || item.showMapping) && (item.state === 'failed' || item.state === 'abnormal' || item.state === 'mapping') ? (
        <MappingForm item={item} t={t} onApply={(mapping, format, channel) => retry(item, { mapping, format, channel, showMapping: false })} />
      ) : null}
    </div>
  );
}

/** The first rows of the file as it has them; the header row marked, each mapped column named above it. */
function PreviewTable(props: { preview: Preview; t: Translate }) {
  const { preview, t } = props;
  const header = preview.header;
  const width = Math.max(1, ...preview.rows.map((r) => r.cells.length));
  const fieldOf = new Map<string, string>();
  for (const [field, name] of Object.entries(header?.fields ?? {})) if (name) fieldOf.set(name, field);
  return (
    <div className="preview" data-testid="item-preview">
      <div className="table-wrap" style={{ maxHeight: 260 }}>
        <table className="grid preview-grid">
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.row} className={header?.row === r.row ? 'preview-header' : undefined}>
                <td className="a-right muted num">{r.row}</td>
                {Array.from({ length: width }, (_, c) => {
                  const cell = r.cells[c] ?? '';
                  const field = header?.row === r.row ? fieldOf.get(cell) : undefined;
                  return (
                    <td key={c} title={cell}>
                      {field ? <span className="preview-field">{t(`map.${field}` as TKey)}</span> : null}
                      {cell}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.partial ? <p className="muted small">{t('import.partial')}</p> : null}
    </div>
  );
}

/** The row most likely to be the header: the one the core found, else the first row with the most filled cells. */
function guessHeaderRow(preview: Preview | null): number | null {
  if (!preview || preview.rows.length === 0) return null;
  if (preview.header) return preview.header.row;
  let best = preview.rows[0]!;
  for (const r of preview.rows.slice(0, 30)) if (r.cells.filter((c) => c.trim()).length > best.cells.filter((c) => c.trim()).length) best = r;
  return best.row;
}

/** The format a hand mapping starts from: a workbook by its extension (.xls and .xlsx differ), else a CSV. */
function guessBankFormat(fileName: string, encoding: string | null): ProfileFormat {
  if (/\.xls$/i.test(fileName)) return 'bank-xls';
  return encoding === 'binary' || /\.xlsx$/i.test(fileName) ? 'bank-xlsx' : 'bank-csv';
}

function MappingForm(props: { item: Item; t: Translate; onApply: (mapping: Mapping, format: string, channel: string) => void }) {
  const { item, t } = props;
  const [mapping, setMapping] = useState<Mapping>(item.mapping ?? {});
  const [format, setFormat] = useState(item.format ?? guessBankFormat(item.file.name, item.preview?.encoding ?? null));
  const [channel, setChannel] = useState(item.channel || 'bank_b2c');
  const [headerRow, setHeaderRow] = useState<number | null>(guessHeaderRow(item.preview));
  const [profileName, setProfileName] = useState('');
  const { user, revision } = useApp();
  const profiles = useLoad(() => call('recon.profiles', {}), [revision]);
  const headerCells = (item.preview?.rows.find((r) => r.row === headerRow)?.cells ?? []).filter((c) => c.trim() !== '');
  const set = (field: Mappable, value: string) => setMapping((m) => {
    const next = { ...m };
    if (value.trim()) next[field] = value.trim();
    else delete next[field];
    return next;
  });

  const saveProfile = async () => {
    const name = profileName.trim();
    if (!name) return;
    const saved = await useApp.getState().run(t('import.saveProfile'), () => call('recon.saveProfile', { name, format: format as ProfileFormat, channel: channel as ChannelCode, mapping }));
    if (saved) {
      useApp.getState().showOk(t('import.profileSaved', { name: saved.name }));
      useApp.getState().changed();
    }
  };

  const pickProfile = (name: string) => {
    const p: Profile | undefined = profiles.data?.find((x) => x.name === name);
    if (!p) return;
    setMapping(p.mapping as Mapping);
    if (p.format) setFormat(p.format);
    if (p.channel) setChannel(p.channel);
    setProfileName(p.name);
  };

  return (
    <div className="mapping" data-testid="mapping-form">
      <div className="mapping-head">
        <strong>{t('import.mappingTitle')}</strong>
        <span className="muted">{t('import.mappingLead')}</span>
      </div>
      <div className="form-row">
        <Field label={t('import.profile')}>
          <select value="" onChange={(e) => pickProfile(e.target.value)} data-testid="mapping-profile">
            <option value="">{profiles.data?.length ? t('import.profilePick') : t('import.profileNone')}</option>
            {(profiles.data ?? []).map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
          </select>
        </Field>
        <Field label={t('import.headerRow')}>
          <select value={headerRow ?? ''} onChange={(e) => setHeaderRow(Number(e.target.value))} data-testid="mapping-header-row">
            {(item.preview?.rows ?? []).map((r) => <option key={r.row} value={r.row}>{t('import.headerRowN', { n: r.row })} · {r.cells.filter((c) => c.trim()).slice(0, 3).join(' | ')}</option>)}
          </select>
        </Field>
        <Field label={t('col.format')}>
          <select value={format} onChange={(e) => setFormat(e.target.value)} data-testid="mapping-format">
            {PROFILE_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </Field>
        <Field label={t('col.channel')}>
          <select value={channel} onChange={(e) => setChannel(e.target.value)}>
            {CHANNELS.map((c) => <option key={c} value={c}>{channelName(t, c)}</option>)}
          </select>
        </Field>
      </div>
      <div className="mapping-grid">
        {MAPPABLE.map((field) => {
          const value = mapping[field] ?? '';
          // a profile may name a column this row does not have: keep it visible, not silently dropped
          const options = value && !headerCells.includes(value) ? [value, ...headerCells] : headerCells;
          const label = t(`map.${field}` as const);
          return (
            <Field key={field} label={label}>
              {/* named by aria-label: a select inside its label would be named by its options' texts too */}
              <select value={value} onChange={(e) => set(field, e.target.value)} data-field={field} aria-label={label}>
                <option value="">{t('import.notMapped')}</option>
                {options.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </Field>
          );
        })}
      </div>
      <div className="form-row">
        <button type="button" className="btn btn-primary" onClick={() => props.onApply(mapping, format, channel)} disabled={Object.keys(mapping).length === 0}>
          {t('import.applyMapping')}
        </button>
        {may(user, 'recon.saveProfile') ? (
          <>
            <Field label={t('import.saveAs')}>
              <input value={profileName} onChange={(e) => setProfileName(e.target.value)} placeholder={t('import.profileNamePh')} />
            </Field>
            <button type="button" className="btn btn-quiet" onClick={() => void saveProfile()} disabled={!profileName.trim()}>{t('import.saveProfile')}</button>
          </>
        ) : null}
      </div>
    </div>
  );
}
