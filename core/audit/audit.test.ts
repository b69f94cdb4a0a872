import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from './audit.js';
import { ledgerFixture } from '../testing/ledger-fixture.js';
import { postVouchers } from '../ledger/index.js';

describe('audit log', () => {
  it('records who posted and chains every record to the one before', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [{
      accountingDate: '2026-11-22', businessCode: '100001', summary: 'capital',
      lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: 1 }, { accountId: f.capital.id, direction: 'C', amountMinor: 1 }],
    }]);
    const rows = f.db.sqlite.prepare('SELECT a.action, u.login, a.prev_hash, a.hash FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id ORDER BY a.id').all() as { action: string; login: string; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.action)).toEqual(['system.init', 'voucher.post']);
    expect(rows[1]!.login).toBe('operator');
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(verifyAuditChain(f.db)).toEqual({ ok: true, records: 2, brokenAt: null });
  });

  it('detects a record edited behind the application’s back', () => {
    const f = ledgerFixture();
    for (let i = 0; i < 5; i++) appendAudit(f.db, { at: `t${i}`, userId: f.admin.id, action: 'test', entity: 'x', entityId: String(i), detail: { i } });
    // Someone with a SQLite tool drops the guard and rewrites record 4.
    f.db.sqlite.exec('DROP TRIGGER audit_log_no_update');
    f.db.sqlite.prepare("UPDATE audit_log SET detail = '{\"i\":99}' WHERE id = 4").run();
    expect(verifyAuditChain(f.db)).toMatchObject({ ok: false, brokenAt: 4 });
  });
});
