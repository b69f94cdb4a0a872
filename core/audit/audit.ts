import { createHash } from 'node:crypto';
import type { Db } from '../db/index.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string;
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: unknown;
}

function hashOf(prevHash: string, e: { at: string; user_id: number | null; action: string; entity: string; entity_id: string | null; detail: string }): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify([e.at, e.user_id, e.action, e.entity, e.entity_id, e.detail]))
    .digest('hex');
}

/**
 * Append one record to the audit log. Each record's hash covers the previous record's hash, so
 * changing or removing any earlier record breaks every hash after it.
 */
export function appendAudit(db: Db, entry: AuditEntry): void {
  const last = db.first(db.q.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1));
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    at: entry.at,
    user_id: entry.userId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    detail: JSON.stringify(entry.detail ?? null),
  };
  db.run(db.q.insertInto('audit_log').values({ ...row, prev_hash: prevHash, hash: hashOf(prevHash, row) }));
}

export interface AuditChainReport {
  ok: boolean;
  records: number;
  /** id of the first record whose hash or link does not hold */
  brokenAt: number | null;
}

/** Walk the whole chain and recompute every hash. */
export function verifyAuditChain(db: Db): AuditChainReport {
  let prev = GENESIS_HASH;
  let records = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<{
    id: number; at: string; user_id: number | null; action: string; entity: string; entity_id: string | null; detail: string; prev_hash: string; hash: string;
  }>) {
    records++;
    if (r.prev_hash !== prev || hashOf(prev, r) !== r.hash) return { ok: false, records, brokenAt: r.id };
    prev = r.hash;
  }
  return { ok: true, records, brokenAt: null };
}
