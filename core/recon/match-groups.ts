/**
 * The matching rules of a reconciliation run (see reconcile.ts for the steps), applied one order
 * number at a time. Every rule only ever relates rows with the same channel and order number, so a
 * run can walk both sides in one pass sorted by (channel, order number, direction, amount) and settle
 * each order number's rows before moving on. Each step's rows are collected in its own list, in the
 * order the set-based SQL of the steps produced them; written step by step, they get the same rowids.
 */

/** A row of an order-number group: ours (an entry flow) or theirs (a clearing flow). */
export interface GroupRow {
  ours: boolean;
  id: number;
  dir: string;
  amt: number;
  /** ours: business code where it is an offset, many-to-many or one-to-many code, else null (one-to-one); theirs: null */
  bc: string | null;
  /** 1-based position among its side's rows of the same direction and amount (first come, first matched) */
  rn: number;
  done: boolean;
}

/** Outcome rows in the order each step writes them; flat arrays, a fixed number of slots per row. */
export class MatchLists {
  /** per offset pair: forward entry, reverse entry, amount */
  readonly offsets: number[][];
  /**
   * entry, clearing, our amount, their amount: nearly every row of a day lands here, so it is one
   * preallocated block (ids and amounts are integers, exact in a Float64Array) rather than a
   * growing array; `matchedLength` is how much of it is filled.
   */
  readonly matched: Float64Array;
  matchedLength = 0;
  /** clearing, their amount */
  readonly duplicate: number[] = [];
  /** one-to-many: entry, clearing, our signed amount, their amount (on the group's first entry, else null) */
  readonly grouped: (number | null)[] = [];
  /** entry, clearing, our amount, their amount */
  readonly amountMismatch: number[] = [];
  /** our rows no step claimed (timing or platform extra, decided by the caller) */
  readonly leftOurs: { id: number; ch: string; amt: number }[] = [];
  /** clearing, their amount */
  readonly bankExtra: number[] = [];
  /** keys of a one-to-one code that two or more of our open entries share: the run fails on any */
  readonly repeatedOurs: { channel: string; orderNo: string; direction: string; amountMinor: number; entries: number[] }[] = [];

  /** `ourRows`: how many of our rows the run holds, the most that can be matched one to one. */
  constructor(offsetPairs: number, ourRows: number) {
    this.offsets = Array.from({ length: offsetPairs }, () => []);
    this.matched = new Float64Array(4 * ourRows);
  }

  /** Step 2's rows, for matchGroup. */
  match(entry: number, clearing: number, ourAmount: number, theirAmount: number): void {
    const m = this.matched;
    let at = this.matchedLength;
    m[at++] = entry;
    m[at++] = clearing;
    m[at++] = ourAmount;
    m[at++] = theirAmount;
    this.matchedLength = at;
  }
}

/** Whether integers sum to `target` exactly: a sum past 2^53 is done again in BigInt, so it is never rounded. */
function sumsTo(values: readonly number[], target: number): boolean {
  let sum = 0;
  let safe = true;
  for (const v of values) {
    sum += v;
    if (!Number.isSafeInteger(sum) || !Number.isSafeInteger(v)) safe = false;
  }
  if (safe) return sum === target;
  return values.reduce((acc, v) => acc + BigInt(v), 0n) === BigInt(target);
}

/** Which business codes pair, repeat or add up (core/orders/business-codes.ts). */
export interface MatchRules {
  /** internal offsets (勾销): forward → reverse */
  offsetPairs: readonly (readonly [string, string])[];
  /** many-to-many (充退): a key may repeat on both sides, first come, first matched */
  manyToMany: ReadonlySet<string>;
  /** one-to-many (境外收单): entries summed against one line */
  oneToMany: ReadonlySet<string>;
}

/**
 * Applies steps 1–6 to one order number's rows (same channel and order number; sorted by direction,
 * amount, then ours before theirs, ours by id and theirs by batch and row). `ono` null: a line
 * without an order number, which SQL equality never matches.
 */
export function matchGroup(ch: string, ono: string | null, rows: readonly GroupRow[], rules: MatchRules, out: MatchLists): void {
  const n = rows.length;
  if (ono !== null) {
    offsets(rows, rules.offsetPairs, out);
    for (let start = 0; start < n; ) {
      let end = start;
      while (end < n && rows[end]!.dir === rows[start]!.dir && rows[end]!.amt === rows[start]!.amt) end++;
      matchKey(ch, ono, rows, start, end, rules, out);
      start = end;
    }
    oneToMany(rows, rules.oneToMany, out);
    amountMismatch(rows, out);
  }
  // 5–6. what is left: ours to timing or platform extra, theirs to bank extra
  for (const r of rows) {
    if (r.done) continue;
    if (r.ours) out.leftOurs.push({ id: r.id, ch, amt: r.amt });
    else out.bankExtra.push(r.id, r.amt);
  }
}

/**
 * Steps 2 and 3 for the rows of one key (direction and amount), `rows[start, end)`: the k-th open
 * entry with the k-th line. Refund codes repeat on both sides (many-to-many), and a line beyond
 * our entries goes on to the later steps, as the seed's 银行多帐. Every other code is one-to-one:
 * a line beyond the matched one is a duplicate for the reviewer, and a second open entry of the key
 * is recorded in `repeatedOurs`, which fails the run (seed 001: the 1:1 set is checked first).
 */
function matchKey(ch: string, ono: string, rows: readonly GroupRow[], start: number, end: number, rules: MatchRules, out: MatchLists): void {
  let firstTheirs = start;
  while (firstTheirs < end && rows[firstTheirs]!.ours) firstTheirs++;
  const oneToOneOpen = (o: GroupRow) => !o.done && !rules.manyToMany.has(o.bc ?? '') && !rules.oneToMany.has(o.bc ?? '');
  let openOurs = 0;
  let oneToOne = 0;
  let manyToMany = true;
  for (let j = start; j < firstTheirs; j++) {
    const o = rows[j]!;
    if (o.done) continue;
    openOurs++;
    if (!rules.manyToMany.has(o.bc ?? '')) manyToMany = false;
    if (oneToOneOpen(o)) oneToOne++;
  }
  if (oneToOne > 1) {
    const entries: number[] = [];
    for (let j = start; j < firstTheirs; j++) if (oneToOneOpen(rows[j]!)) entries.push(rows[j]!.id);
    out.repeatedOurs.push({ channel: ch, orderNo: ono, direction: rows[start]!.dir, amountMinor: rows[start]!.amt, entries });
  }
  if (openOurs === 0 || firstTheirs === end) return;
  // open entries and lines paired in order; an entry an offset took holds no place
  let t = firstTheirs;
  for (let j = start; j < firstTheirs && t < end; j++) {
    const o = rows[j]!;
    if (o.done) continue;
    const line = rows[t++]!;
    out.match(o.id, line.id, o.amt, line.amt);
    o.done = true;
    line.done = true;
  }
  if (manyToMany) return;
  for (; t < end; t++) {
    const line = rows[t]!;
    out.duplicate.push(line.id, line.amt);
    line.done = true;
  }
}

function byId(a: GroupRow, b: GroupRow): number {
  return a.id - b.id;
}

function byAmountThenId(a: GroupRow, b: GroupRow): number {
  return a.amt - b.amt || a.id - b.id;
}

/**
 * 1. internal offsets: per pair, the k-th forward entry of an amount against the k-th reverse entry
 * of it (by id), whatever their direction; every pair sees the rows as they came in.
 */
function offsets(rows: readonly GroupRow[], offsetPairs: readonly (readonly [string, string])[], out: MatchLists): void {
  let any = false;
  for (const r of rows) if (r.ours && r.bc !== null && offsetPairs.some(([f, v]) => r.bc === f || r.bc === v)) any = true;
  if (!any) return;
  const claimed: GroupRow[] = [];
  offsetPairs.forEach(([forward, reverse], p) => {
    const forwards = rows.filter((r) => r.ours && r.bc === forward).sort(byAmountThenId);
    const reverses = new Map<number, GroupRow[]>();
    for (const r of rows.filter((x) => x.ours && x.bc === reverse).sort(byAmountThenId)) {
      const same = reverses.get(r.amt);
      if (same) same.push(r);
      else reverses.set(r.amt, [r]);
    }
    let k = 0;
    forwards.forEach((f, i) => {
      k = i > 0 && forwards[i - 1]!.amt === f.amt ? k + 1 : 0;
      const r = reverses.get(f.amt)?.[k];
      if (!r) return;
      out.offsets[p]!.push(f.id, r.id, f.amt);
      claimed.push(f, r);
    });
  });
  for (const r of claimed) r.done = true;
}

/**
 * 3b. one-to-many (境外收单 only): a line still open, the first of its direction and amount, whose
 * amount equals the open cross-border entries of its order summed in its direction (at least two). Every such line takes
 * all those entries; the line's amount sits on the entry with the lowest id.
 */
function oneToMany(rows: readonly GroupRow[], codes: ReadonlySet<string>, out: MatchLists): void {
  const open = rows.filter((r) => r.ours && !r.done && codes.has(r.bc ?? ''));
  if (open.length < 2) return;
  // the open entries summed in one direction: the same for every line of that direction
  const sums = new Map<string, boolean>();
  const lines = rows.filter((t) => {
    if (t.ours || t.done || t.rn !== 1) return false;
    const key = `${t.dir}\u0000${t.amt}`;
    let equal = sums.get(key);
    if (equal === undefined) sums.set(key, (equal = sumsTo(open.map((o) => (o.dir === t.dir ? o.amt : -o.amt)), t.amt)));
    return equal;
  });
  if (lines.length === 0) return;
  let firstId = open[0]!.id;
  for (const o of open) if (o.id < firstId) firstId = o.id;
  for (const t of lines) {
    for (const o of open) out.grouped.push(o.id, t.id, o.dir === t.dir ? o.amt : -o.amt, o.id === firstId ? t.amt : null);
  }
  for (const o of open) o.done = true;
  for (const t of lines) t.done = true;
}

/** 4. amount mismatch: per direction, the open entries and open lines paired in id order. */
function amountMismatch(rows: readonly GroupRow[], out: MatchLists): void {
  for (let start = 0; start < rows.length; ) {
    let end = start;
    while (end < rows.length && rows[end]!.dir === rows[start]!.dir) end++;
    const ours: GroupRow[] = [];
    const theirs: GroupRow[] = [];
    for (let j = start; j < end; j++) {
      const r = rows[j]!;
      if (!r.done) (r.ours ? ours : theirs).push(r);
    }
    if (ours.length > 0 && theirs.length > 0) {
      ours.sort(byId);
      theirs.sort(byId);
      for (let k = 0; k < ours.length && k < theirs.length; k++) {
        out.amountMismatch.push(ours[k]!.id, theirs[k]!.id, ours[k]!.amt, theirs[k]!.amt);
        ours[k]!.done = true;
        theirs[k]!.done = true;
      }
    }
    start = end;
  }
}
