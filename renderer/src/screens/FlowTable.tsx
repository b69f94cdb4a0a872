// The date's reconciliation rows, virtualised: only the visible rows are in the DOM, and rows come
// from the core a page at a time (recon.results), so a day of 1,000,000 rows scrolls like one of 100.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { call } from '../api/client.js';
import type { Outcome, ResultRow } from '../api/bridge-types.js';
import { toCallError } from '../api/errors.js';
import { useT, channelName, outcomeName, statusName, type ChannelCode } from '../i18n.js';
import { formatMinor } from '../money.js';

export const PAGE_ROWS = 100;
const ROW_PX = 26;
const PAGES_KEPT_MAX = 300;
/**
 * One request at a time: the core answers one call at a time per database anyway, so a second
 * request would only queue behind the first. When one ends, the next asked for is the missing page
 * nearest the middle of what is on screen now: after a jump, pages the user scrolled past are
 * never fetched.
 */
const IN_FLIGHT_MAX = 1;

export function rowKey(r: ResultRow): string {
  return String(r.resultId);
}

export interface FlowTableProps {
  date: string;
  outcome: Outcome | '';
  channel: string;
  reloadKey: number;
  selected: string | null;
  onSelect: (row: ResultRow) => void;
  /** checkboxes on rows with a statement line (bank-extra classification and hang-up) */
  checked?: ReadonlySet<number>;
  onCheck?: (clearingId: number, on: boolean) => void;
  onTotal?: (total: number | null) => void;
}

export function FlowTable(props: FlowTableProps) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, ResultRow[]>());
  const inFlight = useRef(new Set<number>());
  const wanted = useRef<{ first: number; last: number }>({ first: 0, last: 0 });
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const { onTotal } = props;

  const filter = useMemo(() => ({ date: props.date, outcome: props.outcome, channel: props.channel }), [props.date, props.outcome, props.channel]);

  const pump = useCallback(() => {
    const gen = generation.current;
    const { first, last } = wanted.current;
    const middle = (first + last) / 2;
    const missing: number[] = [];
    for (let page = first; page <= last; page++) if (!pages.current.has(page) && !inFlight.current.has(page)) missing.push(page);
    missing.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
    for (const page of missing) {
      if (inFlight.current.size >= IN_FLIGHT_MAX) break;
      inFlight.current.add(page);
      call('recon.results', {
        date: filter.date, offset: page * PAGE_ROWS, limit: PAGE_ROWS,
        ...(filter.outcome ? { outcome: filter.outcome } : {}), ...(filter.channel ? { channel: filter.channel as ChannelCode } : {}),
      }).then(
        (result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.rows);
          if (pages.current.size > PAGES_KEPT_MAX) {
            // drop the pages farthest from what is on screen
            const middle = (wanted.current.first + wanted.current.last) / 2;
            const far = [...pages.current.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
            for (const p of far.slice(0, pages.current.size - PAGES_KEPT_MAX)) pages.current.delete(p);
          }
          setTotal(result.total);
          onTotal?.(result.total);
          setError(null);
          setTick((n) => n + 1);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          const err = toCallError(e);
          setError(err.reason === 'NOT_RECONCILED' ? t('recon.notReconciled') : err.message);
          if (page === 0) {
            setTotal(0);
            onTotal?.(null);
          }
        },
      ).finally(() => {
        if (gen !== generation.current) return;
        inFlight.current.delete(page);
        pump();
      });
    }
  }, [filter, onTotal, t]);

  // a new filter, date or a change to the books: start again from the first page
  useEffect(() => {
    generation.current++;
    pages.current.clear();
    inFlight.current.clear();
    setTotal(null);
    setError(null);
    wanted.current = { first: 0, last: 0 };
    scrollRef.current?.scrollTo({ top: 0 });
    pump();
  }, [filter, props.reloadKey, pump]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (total === null) return;
    const first = Math.floor(firstIndex / PAGE_ROWS);
    const last = Math.floor(lastIndex / PAGE_ROWS);
    if (first === wanted.current.first && last === wanted.current.last) return;
    wanted.current = { first, last };
    pump();
  }, [firstIndex, lastIndex, total, pump]);

  const rowAt = (index: number): ResultRow | undefined => pages.current.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  const checkable = !!props.onCheck;
  const loadedPages = pages.current.size;

  return (
    <div className="flow-table" data-testid="flow-table" data-total={total ?? ''} data-pages={loadedPages}>
      <div className={`flow-row flow-head ${checkable ? 'checkable' : ''}`} role="row">
        {checkable ? <span /> : null}
        <span className="a-right">#</span>
        <span>{t('col.outcome')}</span>
        <span>{t('col.channel')}</span>
        <span>{t('col.dir')}</span>
        <span>{t('col.orderNo')}</span>
        <span className="a-right">{t('col.ours')}</span>
        <span className="a-right">{t('col.theirs')}</span>
        <span className="a-right">{t('col.difference')}</span>
        <span>{t('col.bankDate')}</span>
        <span>{t('col.time')}</span>
        <span>{t('col.code')}</span>
        <span>{t('col.status')}</span>
      </div>
      <div ref={scrollRef} className="flow-scroll" data-testid="flow-scroll" tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const r = rowAt(v.index);
            const style = { transform: `translateY(${v.start}px)`, height: ROW_PX };
            if (!r) {
              return (
                <div key={v.key} className={`flow-row placeholder ${checkable ? 'checkable' : ''}`} style={style} data-index={v.index}>
                  {checkable ? <span /> : null}
                  <span className="a-right num muted">{(v.index + 1).toLocaleString('en-US')}</span>
                  <span className="skeleton" />
                </div>
              );
            }
            const key = rowKey(r);
            const diff = r.ourAmountMinor !== null && r.theirAmountMinor !== null ? r.theirAmountMinor - r.ourAmountMinor : null;
            return (
              <div
                key={v.key}
                role="row"
                data-index={v.index}
                data-testid="flow-row"
                data-outcome={r.outcome}
                className={`flow-row o-${r.outcome} ${props.selected === key ? 'selected' : ''} ${checkable ? 'checkable' : ''}`}
                style={style}
                onClick={() => props.onSelect(r)}
              >
                {checkable ? (
                  <span onClick={(e) => e.stopPropagation()}>
                    {r.clearingId !== null ? (
                      <input type="checkbox" checked={props.checked?.has(r.clearingId) ?? false} onChange={(e) => props.onCheck!(r.clearingId!, e.target.checked)} aria-label={`select ${r.orderNo ?? r.clearingId}`} />
                    ) : null}
                  </span>
                ) : null}
                <span className="a-right num muted">{(v.index + 1).toLocaleString('en-US')}</span>
                <span><span className={`dot o-${r.outcome}`} />{outcomeName(t, r.outcome)}</span>
                <span>{channelName(t, r.channel)}</span>
                <span>{r.direction === 'in' ? t('dir.in') : r.direction === 'out' ? t('dir.out') : '—'}</span>
                <span className="mono ellipsis" title={r.orderNo ?? ''}>{r.orderNo ?? '—'}</span>
                <span className="a-right num">{r.ourAmountMinor === null ? '—' : formatMinor(r.ourAmountMinor)}</span>
                <span className="a-right num">{r.theirAmountMinor === null ? '—' : formatMinor(r.theirAmountMinor)}</span>
                <span className={`a-right num ${diff ? 'neg' : 'muted'}`}>{diff === null ? '' : formatMinor(diff)}</span>
                <span className="num">{r.bankDate ?? '—'}</span>
                <span className="num muted">{r.bookedAt ? r.bookedAt.slice(11, 19) : '—'}</span>
                <span className="mono">{r.businessCode ?? ''}</span>
                <span className="ellipsis">{r.clearingStatus ? statusName(t, r.clearingStatus) : '—'}</span>
              </div>
            );
          })}
        </div>
        {total === 0 && !error ? <div className="flow-empty muted">{t('recon.noRows')}</div> : null}
        {error ? <div className="flow-empty warn-text" data-testid="flow-error">{error}</div> : null}
      </div>
      <div className="flow-foot muted">
        {total === null ? t('common.loading') : t('recon.rowsTotal', { n: total.toLocaleString('en-US') })}
      </div>
    </div>
  );
}
