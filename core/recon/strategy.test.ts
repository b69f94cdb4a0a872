import { describe, expect, it } from 'vitest';
import { ledgerFixture, AT } from '../testing/ledger-fixture.js';
import { decide, DEFAULT_STRATEGIES, listStrategies, setStrategy } from './strategy.js';
import { PayDeskError } from '../errors.js';

describe('error strategy table', () => {
  it('is seeded at init with the defaults, every channel', () => {
    const f = ledgerFixture();
    const rows = listStrategies(f.db);
    expect(rows).toHaveLength(DEFAULT_STRATEGIES.length);
    expect(rows.every((r) => r.channel_code === null)).toBe(true);
    expect(decide(f.db, { channel: 'wechat', txn: 'pay', ours: 'pending', theirs: 'success' })).toMatchObject({ action: 'supplement', automatic: 1 });
    expect(decide(f.db, { channel: 'wechat', txn: 'payout', ours: 'failed', theirs: 'amount_differs' })).toBeNull();
  });

  it('a channel’s own row wins over the any-channel row, and every change is audited', () => {
    const f = ledgerFixture();
    setStrategy(f.db, { channel: 'unionpay', txn: 'pay', ours: 'pending', theirs: 'success', action: 'manual', automatic: false, note: '银联先人工核实' }, f.reviewer, AT);
    expect(decide(f.db, { channel: 'unionpay', txn: 'pay', ours: 'pending', theirs: 'success' })).toMatchObject({ action: 'manual', channel_code: 'unionpay' });
    expect(decide(f.db, { channel: 'alipay', txn: 'pay', ours: 'pending', theirs: 'success' })).toMatchObject({ action: 'supplement', channel_code: null });
    const changed = setStrategy(f.db, { channel: 'unionpay', txn: 'pay', ours: 'pending', theirs: 'success', action: 'supplement', automatic: true, note: '恢复自动补单' }, f.reviewer, AT);
    expect(changed).toMatchObject({ action: 'supplement', automatic: 1, updated_by: f.reviewer.id });
    const audits = f.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'recon.strategy.set'").pluck().get();
    expect(audits).toBe(2);
  });

  it('lets only supplement and wait run without a person', () => {
    const f = ledgerFixture();
    expect(() => setStrategy(f.db, { channel: null, txn: 'pay', ours: 'missing', theirs: 'success', action: 'hang_up', automatic: true, note: 'x' }, f.reviewer, AT)).toThrow(PayDeskError);
  });
});
