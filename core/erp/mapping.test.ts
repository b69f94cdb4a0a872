import { describe, expect, it } from 'vitest';
import { AT, ledgerFixture, tempDbFile } from '../testing/ledger-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { verifyAuditChain } from '../audit/audit.js';
import { defaultErpCode, deleteMapping, listMappings, setMapping } from './mapping.js';

describe('default ERP subject codes', () => {
  it.each([
    ['kingdee', '1002.01', '1002.01'],
    ['kingdee', '4001', '4001'],
    ['yonyou', '1002.01', '100201'],
    ['yonyou', '2221.01.01', '22210101'],
    ['yonyou', '6603.1', '660301'],
    ['generic', '2241.03', '224103'],
    ['yonyou', '6603.100', null], // a level past 99 has no 4-2-2 form
    ['kingdee', 'X-1', null],
  ] as const)('%s %s → %s', (erp, code, expected) => {
    expect(defaultErpCode(erp, code)).toBe(expected);
  });
});

describe('subject mapping table', () => {
  it('lists every detail subject with its default until a row says otherwise', () => {
    const f = ledgerFixture(tempDbFile());
    const kingdee = listMappings(f.db, 'kingdee');
    const yonyou = listMappings(f.db, 'yonyou');
    expect(kingdee.find((m) => m.subjectCode === '1002.01')).toMatchObject({ erpCode: '1002.01', erpName: '银行存款-结算户', source: 'default', aux: null });
    expect(yonyou.find((m) => m.subjectCode === '1002.01')).toMatchObject({ erpCode: '100201', source: 'default' });
    expect(kingdee.some((m) => m.subjectCode === '1002')).toBe(false); // parent subjects carry no accounts
    expect(kingdee.find((m) => m.subjectCode === '4001')).toMatchObject({ erpCode: '4001' }); // a leaf general-ledger subject
  });

  it('sets, blanks and deletes a mapping, auditing each change with its user', () => {
    const f = ledgerFixture(tempDbFile());
    const set = setMapping(f.db, { erp: 'yonyou', subjectCode: '1122.01', erpCode: '11220101', erpName: '应收账款-支付宝', aux: { kind: 'customer', code: 'ALI', name: '支付宝' } }, f.admin, AT);
    expect(set).toMatchObject({ erpCode: '11220101', erpName: '应收账款-支付宝', aux: { kind: 'customer', label: '客户', code: 'ALI', name: '支付宝' }, source: 'custom', updatedBy: 'admin' });
    const blank = setMapping(f.db, { erp: 'yonyou', subjectCode: '1122.01', erpCode: '' }, f.admin, AT);
    expect(blank).toMatchObject({ erpCode: null, erpName: '应收账款-应收渠道款', aux: null, source: 'custom' });
    expect(listMappings(f.db, 'kingdee').find((m) => m.subjectCode === '1122.01')).toMatchObject({ erpCode: '1122.01', source: 'default' });
    const back = deleteMapping(f.db, { erp: 'yonyou', subjectCode: '1122.01' }, f.admin, AT);
    expect(back).toMatchObject({ erpCode: '112201', source: 'default' });

    const audit = f.db.sqlite.prepare("SELECT user_id, action, entity, entity_id, detail FROM audit_log WHERE action LIKE 'erp.%' ORDER BY id").all() as
      { user_id: number; action: string; entity: string; entity_id: string; detail: string }[];
    expect(audit.map((a) => [a.action, a.user_id, a.entity_id])).toEqual([
      ['erp.mapping.set', f.admin.id, 'yonyou:1122.01'], ['erp.mapping.set', f.admin.id, 'yonyou:1122.01'], ['erp.mapping.delete', f.admin.id, 'yonyou:1122.01'],
    ]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ before: { erpCode: '112201', source: 'default' }, after: { erpCode: '11220101', source: 'custom' } });
    expect(JSON.parse(audit[2]!.detail)).toMatchObject({ before: { erpCode: null, source: 'custom' }, after: { erpCode: '112201', source: 'default' } });
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('refuses what an export could not use, with a clear reason', () => {
    const f = ledgerFixture(tempDbFile());
    const attempt = (input: Parameters<typeof setMapping>[1]) => payDeskErrorOf(() => setMapping(f.db, input, f.admin, AT));
    expect(attempt({ erp: 'kingdee', subjectCode: '1002', erpCode: '1002' })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('parent subject') });
    expect(attempt({ erp: 'kingdee', subjectCode: '9999.01', erpCode: '1' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(attempt({ erp: 'kingdee', subjectCode: '1002.01', erpCode: '1002,01' })).toMatchObject({ code: 'BAD_INPUT' });
    expect(attempt({ erp: 'yonyou', subjectCode: '1002.01', erpCode: '100201', aux: { kind: 'bank' } }))
      .toMatchObject({ code: 'BAD_INPUT', message: 'a yonyou voucher file cannot carry the auxiliary item bank (银行); it can carry customer, supplier, department, employee, project' });
    expect(attempt({ erp: 'kingdee', subjectCode: '1002.01', erpCode: '1002.01', aux: { kind: 'project' } })).toMatchObject({ code: 'BAD_INPUT' });
    expect(attempt({ erp: 'kingdee', subjectCode: '1002.01', erpCode: '1002.01', aux: { kind: 'bank', name: '工商银行' } })).toMatchObject({ code: 'BAD_INPUT' });
    expect(attempt({ erp: 'generic', subjectCode: '1002.01', erpCode: '100201', aux: { kind: 'bank', code: 'ICBC,01' } })).toMatchObject({ code: 'BAD_INPUT' });
    expect(payDeskErrorOf(() => deleteMapping(f.db, { erp: 'kingdee', subjectCode: '1002.01' }, f.admin, AT))).toMatchObject({ code: 'NOT_FOUND' });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM erp_subject_map').pluck().get()).toBe(0);
  });
});
