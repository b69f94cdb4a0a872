import type { Db } from '../db/index.js';
import { matchGroup, MatchLists, type GroupRow } from './match-groups.js';

/** What each side holds per channel for the run (S0), both sides signed: money in positive. */
export interface SideTotals {
  channel: string;
  ours: { count: number; amountMinor: number };
  theirs: { count: number; amountMinor: number };
}

export interface MatchScope {
  date: string;
  channel: string | null;
  fundFormats: readonly string[];
}

/**
 * Both sides of a run as one stream, sorted the way the matching steps pair rows: by channel, order
 * number, direction and amount, ours before theirs, ours by id (first come, first matched) and
 * theirs by batch and row. SQLite sorts each side and merges the two; nothing is written.
 * Ours: the date's entries not yet settled by another run, and entries an earlier run held as timing.
 * Theirs: open lines of DONE transaction batches whose bank date (the channel's own day) is the date.
 */
function streamSql(scope: MatchScope, offsetCodes: readonly string[]): string {
  const funds = scope.fundFormats.map((_, i) => `:fund${i}`).join(', ');
  const codes = offsetCodes.map((_, i) => `:code${i}`).join(', ');
  // Only what the steps read crosses into JavaScript, cheapest form first: the direction as 1 (in)
  // or 0 (out), which the CHECK on both tables allows, and the business code only where it is one
  // of an offset pair's. The sort keys stay in SQL.
  return `
    SELECT side, id, ch, ono, dir_in, amt, bc FROM (
      SELECT 0 AS side, e.id, e.channel_code AS ch, e.order_no AS ono, e.direction AS dir, e.direction = 'in' AS dir_in, e.amount_minor AS amt,
             ${codes ? `CASE WHEN e.business_code IN (${codes}) THEN e.business_code END` : 'NULL'} AS bc, e.id AS k1, 0 AS k2
      FROM entry_flow e LEFT JOIN entry_recon_state s ON s.entry_id = e.id
      WHERE e.channel_code <> 'balance' ${scope.channel ? 'AND e.channel_code = :channel' : ''}
        AND ((e.accounting_date = :date AND s.entry_id IS NULL) OR (e.accounting_date < :date AND s.outcome = 'timing'))
      UNION ALL
      SELECT 1, c.id, c.channel_code, c.order_no, c.direction, c.direction = 'in', c.amount_minor, NULL, c.batch_id, c.row_no
      FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
      WHERE c.bank_date = :date AND b.status = 'DONE' ${funds ? `AND b.format NOT IN (${funds})` : ''}
        AND c.status = 'initial' ${scope.channel ? 'AND c.channel_code = :channel' : ''}
      ORDER BY ch, ono, dir, amt, side, k1, k2 LIMIT -1)`;
}

/** An exact running sum of integer amounts: past 2^53 it carries on in BigInt rather than round. */
class Tally {
  count = 0;
  private sum = 0;
  private big: bigint | null = null;

  add(amount: number): void {
    this.count++;
    if (this.big !== null) {
      this.big += BigInt(amount);
      return;
    }
    const next = this.sum + amount;
    if (Number.isSafeInteger(next) && Number.isSafeInteger(amount)) this.sum = next;
    else this.big = BigInt(this.sum) + BigInt(amount);
  }

  get amountMinor(): number {
    return this.big === null ? this.sum : Number(this.big);
  }
}

/**
 * Reads both sides in one sorted pass and applies the matching steps to each order number as soon
 * as its rows are in; returns every step's rows and the per-channel totals. Row objects are reused
 * from group to group: a million-line day allocates a handful.
 */
export function matchRun(db: Db, scope: MatchScope, offsetPairs: readonly (readonly [string, string])[]): { lists: MatchLists; totals: SideTotals[] } {
  const totals = new Map<string, { ours: Tally; theirs: Tally }>();
  const pool: GroupRow[] = [];
  const group: GroupRow[] = [];
  let groupCh = '';
  let groupOno: string | null = null;
  let tally: { ours: Tally; theirs: Tally } | undefined;
  const flush = () => {
    if (group.length > 0) matchGroup(groupCh, groupOno, group, offsetPairs, lists);
    group.length = 0;
  };
  const params: Record<string, unknown> = { date: scope.date };
  if (scope.channel) params.channel = scope.channel;
  scope.fundFormats.forEach((f, i) => (params[`fund${i}`] = f));
  const offsetCodes = [...new Set(offsetPairs.flat())];
  offsetCodes.forEach((c, i) => (params[`code${i}`] = c));

  // Each column comes back as one JSON array, rows in the stream's order (an aggregate other than
  // count/min/max keeps its subquery's ORDER BY): parsing seven arrays is far cheaper than
  // handing two million rows to JavaScript one by one.
  // side and direction travel as one number: 2 × side (0 ours, 1 theirs) + 1 for money in
  const json = db.sqlite.prepare(`SELECT json_group_array(side * 2 + dir_in), json_group_array(id), json_group_array(ch), json_group_array(ono),
    json_group_array(amt), json_group_array(bc) FROM (${streamSql(scope, offsetCodes)})`).raw().get(params) as string[];
  const [kinds, ids, chs, onos, amts, bcs] = json.map((column, i) => {
    json[i] = ''; // let each text go once parsed
    return JSON.parse(column) as unknown[];
  }) as [number[], number[], string[], (string | null)[], number[], (string | null)[]];
  let ourRows = 0;
  for (const kind of kinds) if (kind < 2) ourRows++;
  const lists = new MatchLists(offsetPairs.length, ourRows);
  for (let i = 0; i < ids.length; i++) {
    const kind = kinds[i]!;
    const ours = kind < 2;
    const ch = chs[i]!;
    const ono = onos[i]!;
    const dir = kind % 2 === 1 ? 'in' : 'out';
    const amt = amts[i]!;
    if (ch !== groupCh || ono !== groupOno || group.length === 0) {
      flush();
      if (ch !== groupCh || tally === undefined) {
        tally = totals.get(ch);
        // channels arrive in ORDER BY ch order, which is the order the totals are reported in
        if (!tally) totals.set(ch, (tally = { ours: new Tally(), theirs: new Tally() }));
      }
      groupCh = ch;
      groupOno = ono;
    }
    (ours ? tally!.ours : tally!.theirs).add(dir === 'in' ? amt : -amt);
    const previous = group[group.length - 1];
    const r = (pool[group.length] ??= { ours: true, id: 0, dir: '', amt: 0, bc: null, rn: 0, done: false });
    r.ours = ours;
    r.id = ids[i]!;
    r.dir = dir;
    r.amt = amt;
    r.bc = bcs[i]!;
    r.rn = previous !== undefined && previous.ours === ours && previous.dir === dir && previous.amt === amt ? previous.rn + 1 : 1;
    r.done = false;
    group.push(r);
  }
  flush();
  return {
    lists,
    totals: [...totals].map(([channel, t]) => ({
      channel,
      ours: { count: t.ours.count, amountMinor: t.ours.amountMinor },
      theirs: { count: t.theirs.count, amountMinor: t.theirs.amountMinor },
    })),
  };
}
