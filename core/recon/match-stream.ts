import type { Db } from '../db/index.js';
import { matchGroup, MatchLists, type GroupRow, type MatchRules } from './match-groups.js';

/** What each side holds per channel for the run (S0), both sides signed: money in positive. */
export interface SideTotals {
  channel: string;
  ours: { count: number; amountMinor: number };
  theirs: { count: number; amountMinor: number };
}

export interface MatchScope {
  date: string;
  /** the channels the run covers; each is read and matched on its own */
  channels: readonly string[];
  fundFormats: readonly string[];
}

/**
 * One channel's two sides of a run as one stream in order-number order, ours and theirs merged.
 * Each side is read along an index that already holds it in that order (entry_flow_match,
 * clearing_flow_date), so SQLite merges three ordered reads instead of sorting two million rows;
 * within an order number the rows are put in step order in JavaScript (byStepOrder), groups being a
 * few rows each.
 * Ours: the date's entries not yet settled by another run, and entries an earlier run held as timing;
 * none on the internal balance channel, which no statement covers.
 * Theirs: open lines of DONE transaction batches whose bank date (the channel's own day) is the date.
 */
function streamSql(scope: MatchScope, namedCodes: readonly string[]): string {
  const funds = scope.fundFormats.map((_, i) => `:fund${i}`).join(', ');
  const codes = namedCodes.map((_, i) => `:code${i}`).join(', ');
  // Only what the steps read crosses into JavaScript, cheapest form first: side and direction as one
  // number (2 × side, 0 ours and 1 theirs, + 1 for money in; the CHECK on both tables allows only
  // 'in' and 'out'), and the business code only where a rule names it (offset, many-to-many,
  // one-to-many); every other code is one-to-one and comes as null.
  const bc = codes ? `CASE WHEN e.business_code IN (${codes}) THEN e.business_code END` : 'NULL';
  return `
    SELECT kind, id, ono, amt, bc FROM (
      SELECT e.direction = 'in' AS kind, e.id, e.order_no AS ono, e.amount_minor AS amt, ${bc} AS bc
      FROM entry_flow e
      WHERE e.channel_code = :channel AND e.accounting_date = :date AND :channel <> 'balance'
        AND NOT EXISTS (SELECT 1 FROM entry_recon_state s WHERE s.entry_id = e.id)
      UNION ALL
      SELECT e.direction = 'in', e.id, e.order_no, e.amount_minor, ${bc}
      FROM entry_recon_state s JOIN entry_flow e ON e.id = s.entry_id
      WHERE s.outcome = 'timing' AND e.channel_code = :channel AND e.accounting_date < :date AND :channel <> 'balance'
      UNION ALL
      SELECT 2 + (c.direction = 'in'), c.id, c.order_no, c.amount_minor, NULL
      FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
      WHERE c.channel_code = :channel AND c.bank_date = :date AND c.status = 'initial'
        AND b.status = 'DONE' ${funds ? `AND b.format NOT IN (${funds})` : ''}
      ORDER BY ono LIMIT -1)`;
}

/**
 * Step order within an order number: direction ('in' first), amount, ours before theirs, then by id
 * (first come, first matched: ours in booking order, theirs in import order).
 */
function byStepOrder(a: GroupRow, b: GroupRow): number {
  if (a.dir !== b.dir) return a.dir < b.dir ? -1 : 1;
  return a.amt - b.amt || (a.ours === b.ours ? a.id - b.id : a.ours ? -1 : 1);
}

/** Sorts a group in place: insertion sort for the usual two or three rows, the engine's sort beyond. */
function sortGroup(group: GroupRow[]): void {
  if (group.length > 16) {
    group.sort(byStepOrder);
    return;
  }
  for (let i = 1; i < group.length; i++) {
    const r = group[i]!;
    let j = i - 1;
    while (j >= 0 && byStepOrder(group[j]!, r) > 0) {
      group[j + 1] = group[j]!;
      j--;
    }
    group[j + 1] = r;
  }
}

/** An exact running sum of integer amounts: past 2^53 it carries on in BigInt rather than round. */
export class Tally {
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
 * Reads both sides channel by channel, each in one pass in order-number order, and applies the
 * matching steps to each order number as soon as its rows are in; returns every step's rows and the
 * per-channel totals. Row objects are reused from group to group: a million-line day allocates a handful.
 */
export function matchRun(
  db: Db,
  scope: MatchScope,
  rules: MatchRules,
): { lists: MatchLists; totals: SideTotals[] } {
  const params: Record<string, unknown> = { date: scope.date };
  scope.fundFormats.forEach((f, i) => (params[`fund${i}`] = f));
  const namedCodes = [...new Set([...rules.offsetPairs.flat(), ...rules.manyToMany, ...rules.oneToMany])];
  namedCodes.forEach((c, i) => (params[`code${i}`] = c));
  // Each column comes back as one JSON array, rows in the stream's order (an aggregate other than
  // count/min/max keeps its subquery's ORDER BY): parsing five arrays is far cheaper than handing a
  // million rows to JavaScript one by one.
  const statement = db.sqlite.prepare(`SELECT json_group_array(kind), json_group_array(id), json_group_array(ono),
    json_group_array(amt), json_group_array(bc) FROM (${streamSql(scope, namedCodes)})`).raw();
  const sides = [...scope.channels].sort().map((channel) => {
    const json = statement.get({ ...params, channel }) as string[];
    const columns = json.map((column, i) => {
      json[i] = ''; // let each text go once parsed
      return JSON.parse(column) as unknown[];
    }) as [number[], number[], (string | null)[], number[], (string | null)[]];
    return { channel, columns };
  });
  let ourRows = 0;
  for (const { columns } of sides) for (const kind of columns[0]) if (kind < 2) ourRows++;
  const lists = new MatchLists(rules.offsetPairs.length, ourRows);
  const totals: SideTotals[] = [];
  const pool: GroupRow[] = [];
  const group: GroupRow[] = [];
  for (const side of sides) {
    const { channel } = side;
    const [kinds, ids, onos, amts, bcs] = side.columns;
    side.columns = [[], [], [], [], []];
    if (kinds.length === 0) continue;
    const ours = new Tally();
    const theirs = new Tally();
    let groupOno: string | null = null;
    const flush = () => {
      if (group.length === 0) return;
      sortGroup(group);
      // 1-based place among its side's rows of the same direction and amount
      for (let i = 0; i < group.length; i++) {
        const r = group[i]!;
        const p = group[i - 1];
        r.rn = p !== undefined && p.ours === r.ours && p.dir === r.dir && p.amt === r.amt ? p.rn + 1 : 1;
      }
      matchGroup(channel, groupOno, group, rules, lists);
      group.length = 0;
    };
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i]!;
      const ono = onos[i]!;
      if (ono !== groupOno) {
        flush();
        groupOno = ono;
      }
      const isOurs = kind < 2;
      const dir = kind % 2 === 1 ? 'in' : 'out';
      const amt = amts[i]!;
      (isOurs ? ours : theirs).add(dir === 'in' ? amt : -amt);
      const r = (pool[group.length] ??= { ours: true, id: 0, dir: '', amt: 0, bc: null, rn: 0, done: false });
      r.ours = isOurs;
      r.id = ids[i]!;
      r.dir = dir;
      r.amt = amt;
      r.bc = bcs[i]!;
      r.rn = 0;
      r.done = false;
      group.push(r);
    }
    flush();
    totals.push({ channel, ours: { count: ours.count, amountMinor: ours.amountMinor }, theirs: { count: theirs.count, amountMinor: theirs.amountMinor } });
  }
  return { lists, totals };
}
