import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { AT } from '../testing/ledger-fixture.js';
import { createUser } from '../users/users.js';
import { readBackVoucherFile } from './read-back.js';
import { DAY, erpFixture } from './test-fixture.js';

describe('erp API methods', () => {
  it('lets operators, reviewers and admins export, not trainers; the export is audited', async () => {
    const f = erpFixture();
    const trainer = createUser(f.db, { login: 'trainer', name: 'Trainer', role: 'trainer' }, AT);
    const out = join(f.folder, 'u8.txt');
    await expect(callApi(f.ctx(trainer), 'erp.exportVouchers', { date: DAY, format: 'yonyou', out })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(existsSync(out)).toBe(false);

    const result = await callApi(f.ctx(f.reviewer), 'erp.exportVouchers', { date: DAY, format: 'yonyou', out });
    expect(result).toMatchObject({ file: out, vouchers: 4, lines: 14, debit: '1234667950.11', credit: '1234667950.11' });
    expect((await readBackVoucherFile(out, 'yonyou')).vouchers).toHaveLength(4);
    await expect(callApi(f.ctx(f.operator), 'erp.exportVouchers', { date: DAY, format: 'csv', out: join(f.folder, 'v.csv') })).resolves.toMatchObject({ vouchers: 4 });

    const audit = f.db.sqlite.prepare("SELECT user_id, entity_id, detail FROM audit_log WHERE action = 'erp.export' ORDER BY id").all() as { user_id: number; entity_id: string; detail: string }[];
    expect(audit.map((a) => [a.user_id, a.entity_id])).toEqual([[f.reviewer.id, DAY], [f.operator.id, DAY]]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ format: 'yonyou', file: out, vouchers: 4, lines: 14 });
  });

  it('lets anyone read mappings but only admins change them', async () => {
    const f = erpFixture();
    const input = { erp: 'kingdee', subjectCode: '1002.01', erpCode: '1002.02', aux: { kind: 'bank_account' } };
    await expect(callApi(f.ctx(f.operator), 'erp.setMapping', input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callApi(f.ctx(f.reviewer), 'erp.deleteMapping', { erp: 'kingdee', subjectCode: '1002.01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callApi(f.ctx(f.admin), 'erp.setMapping', input)).resolves.toMatchObject({ erpCode: '1002.02', aux: { kind: 'bank_account', code: null } });
    const list = await callApi(f.ctx(f.operator), 'erp.mappings', { erp: 'kingdee' });
    expect(list.find((m) => m.subjectCode === '1002.01')).toMatchObject({ erpCode: '1002.02', source: 'custom', updatedBy: 'admin' });
    await expect(callApi(f.ctx(f.admin), 'erp.deleteMapping', { erp: 'kingdee', subjectCode: '1002.01' })).resolves.toMatchObject({ erpCode: '1002.01', source: 'default' });
  });

  it('checks input and previews what a file will hold', async () => {
    const f = erpFixture();
    await expect(callApi(f.ctx(f.admin), 'erp.exportVouchers', { date: DAY, format: 'sap', out: join(f.folder, 'x') })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(callApi(f.ctx(f.admin), 'erp.mappings', { erp: 'oracle' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const preview = await callApi(f.ctx(f.operator), 'erp.preview', { date: DAY, format: 'csv', limit: 2 });
    expect(preview.rows).toHaveLength(2);
    expect(preview.header[0]![0]).toBe('凭证号');
    expect(preview.rows.map((r) => r.slice(12, 14))).toEqual([['123.45', '0.00'], ['0.00', '123.45']]);
  });
});
