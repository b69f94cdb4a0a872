// A bank statement no bank account of ours owns never drops out of the balance check silently: the
// import says so, the batch shows it, the balance check lists its lines as unassigned, and close-day
// refuses until the account is registered.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { ledgerFixture } from '../testing/ledger-fixture.js';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { unassignedStatementsCheck } from './unassigned.js';
import { outstandingItems } from './check.js';

const BOC_CSV = path.resolve('fixtures/statements/cn/boc-signed-amount-utf8bom.csv');
const ACCOUNT = '6216610100001234567';
const DAY = '2026-05-10'; // the statement's last bank date

describe('bank statements tied to no bank account', () => {
  it('are named at import and on the batch, listed as unassigned, and stop the close until the account is registered', async () => {
    const f = ledgerFixture();
    seedChannels(f.db, DEFAULT_CHANNELS, 'CNY', '2026-05-09T00:00:00.000Z');
    const imported = await callApi(f.ctx(f.operator), 'recon.import', { file: BOC_CSV, channel: 'bank_b2c' });
    expect(imported.status).toBe('DONE');
    expect(imported.accountWarning).toMatchObject({ account: ACCOUNT, message: expect.stringContaining(`account ${ACCOUNT} is not one of our bank accounts`) });
    const [batch] = await callApi(f.ctx(f.operator), 'recon.batches', {});
    expect(batch!.accountWarning).toMatchObject({ account: ACCOUNT });

    const unassigned = await callApi(f.ctx(f.reviewer), 'balances.unassigned', { date: DAY });
    expect(unassigned.length).toBe(imported.rows);
    expect(unassigned.every((u) => u.account === ACCOUNT && u.fileName === path.basename(BOC_CSV))).toBe(true);
    expect(unassignedStatementsCheck(f.db, DAY)).toMatchObject({ ok: false, detail: expect.stringContaining(`${imported.rows} statement line(s)`) });
    // a day before the statement is not held up by it
    expect(unassignedStatementsCheck(f.db, '2026-05-08').ok).toBe(true);

    await callApi(f.ctx(f.admin), 'balances.registerAccount', { accountNo: ACCOUNT, bankName: '中国银行', accountName: '备付金账户', currency: 'CNY' });
    expect((await callApi(f.ctx(f.operator), 'recon.batches', {}))[0]!.accountWarning).toBeNull();
    expect(await callApi(f.ctx(f.reviewer), 'balances.unassigned', { date: DAY })).toEqual([]);
    expect(unassignedStatementsCheck(f.db, DAY).ok).toBe(true);
    // the lines now stand where they belong: that account's outstanding items
    expect(outstandingItems(f.db, ACCOUNT, DAY).length).toBe(imported.rows);
  });

  it('is named on a desk that was only initialised (no channel rows yet), as the CLI makes it', async () => {
    const f = ledgerFixture();
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM channel').pluck().get()).toBe(0);
    const imported = await callApi(f.ctx(f.operator), 'recon.import', { file: BOC_CSV, channel: 'bank_b2c' });
    expect(imported.accountWarning).toMatchObject({ account: ACCOUNT });
    expect((await callApi(f.ctx(f.reviewer), 'balances.unassigned', { date: DAY })).length).toBe(imported.rows);
  });

  it('a wallet bill needs no bank account: no warning', async () => {
    const f = ledgerFixture();
    seedChannels(f.db, DEFAULT_CHANNELS, 'CNY', '2026-05-09T00:00:00.000Z');
    const wallet = await callApi(f.ctx(f.operator), 'recon.import', { file: BOC_CSV, channel: 'alipay', force: true });
    expect(wallet.accountWarning).toBeNull();
    expect(await callApi(f.ctx(f.reviewer), 'balances.unassigned', { date: DAY })).toEqual([]);
  });
});
