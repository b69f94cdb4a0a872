// The suspense desk in a real browser, over the local HTTP host and a real SQLite file: an operator
// hangs up money the bank shows (after the core refuses a wrong side, with its rule on screen), a
// reviewer passes it (the operator sees no pass button: maker ≠ checker), the operator writes off part
// of it and the remainder card appears linked to its origin both ways; an internal posting is refused
// with the core's message beside the form, then posted. Screenshots go to renderer/e2e/screenshots/.
import { givePasswords } from '../../core/testing/credentials.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { callApi, type Ctx } from '../../core/api/index.js';
import { openDatabase } from '../../core/db/index.js';
import { createUser, findUser } from '../../core/users/users.js';
import { systemClock } from '../../core/clock.js';
import { buildRenderer, describeInBrowser, openDesk, bannerWith, paydeskAsync, shotOf, signInAs, signOutOf } from './harness.js';


let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];
const figures: string[] = [];
const accounts: Record<'icbc' | 'cmb' | 'suspenseIncome' | 'feeIncome', number> = { icbc: 0, cmb: 0, suspenseIncome: 0, feeIncome: 0 };

const shot = (name: string) => shotOf(page, name);

const banner = (kind: 'ok' | 'error', expected: RegExp) => bannerWith(page, kind, expected, 30_000);

const signIn = (login: string) => signInAs(page, login, date);

const signOut = () => signOutOf(page);

const card = (voucherNo: string) => page.locator(`[data-testid="card"][data-voucher="${voucherNo}"]`);

const cli = paydeskAsync;

/**
 * New books: made through the real CLI; the users and two bank accounts of our own (each with its
 * bank deposit account) added through the core's API in this process, the registry the CLI serves.
 */
async function makeBooks(): Promise<void> {
  await cli(['init', '--db', dbFile, '--json']);
  date = ((await cli(['trial-balance', '--db', dbFile, '--json'])) as { date: string }).date;
  const db = openDatabase(dbFile);
  try {
    const at = new Date().toISOString();
    const admin: Ctx = { db, user: findUser(db, 'admin')!, clock: systemClock };
    for (const u of [{ login: 'operator', name: 'Operator', role: 'operator' as const }, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' as const }]) createUser(db, u, at);
    for (const b of [{ accountNo: '6222000011112222', bankName: '中国工商银行 ICBC' }, { accountNo: '7555000033334444', bankName: '招商银行 CMB' }]) {
      await callApi(admin, 'balances.registerAccount', { ...b, accountName: '演示支付有限公司', currency: 'CNY' });
    }
    const list = await callApi(admin, 'ledger.accounts', { ownerKind: 'internal' });
    accounts.icbc = list.find((a) => a.ownerRef === '6222000011112222')!.id;
    accounts.cmb = list.find((a) => a.ownerRef === '7555000033334444')!.id;
    accounts.suspenseIncome = list.find((a) => a.purpose === 'suspense_income')!.id;
    accounts.feeIncome = list.find((a) => a.purpose === 'fee_income')!.id;
  } finally {
    db.close();
  }
  await givePasswords(dbFile, ['operator', 'reviewer']);
}

describeInBrowser('the suspense desk in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-suspense-'));
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    // the renderer builds while the CLI makes the books (the CLI runs as child processes)
    const t0 = performance.now();
    await Promise.all([buildRenderer(rendererDir).then(() => figures.push(`renderer built: ${Math.round(performance.now() - t0)} ms`)), makeBooks().then(() => figures.push(`books made (CLI and API): ${Math.round(performance.now() - t0)} ms`))]);

    ({ browser, page, host } = await openDesk({ dbFile, rendererDir, dataDir, onPageError: (m) => errors.push(m), onHostError: (m) => errors.push(`host: ${m}`) }));
    await page.getByTestId('user-operator').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`\n${figures.join('\n')}\n`);
  });

  let cardNo = '';
  let remainderNo = '';

  it('the operator hangs up money the bank received; a wrong credit side is refused with the seed rule', async () => {
    await signIn('operator');
    await page.getByTestId('nav-suspense').click();
    const form = page.getByTestId('hangup-form');
    await form.waitFor();
    expect(await page.getByTestId('card-table').textContent()).toContain('No suspense cards');
    // the usual sides are offered: Dr bank deposit / Cr suspense income
    // (the account lists load after the form shows: wait for them rather than read an empty select)
    await expect.poll(async () => Number(await page.getByTestId('hangup-debit').inputValue()), { timeout: 15_000 }).toBe(accounts.icbc);
    expect(Number(await page.getByTestId('hangup-credit').inputValue())).toBe(accounts.suspenseIncome);

    await page.getByTestId('hangup-credit').selectOption(String(accounts.feeIncome));
    await page.getByTestId('hangup-amount').fill('1,000.00');
    await page.getByTestId('hangup-summary').fill('不明来款 unknown receipt from 杭州某公司');
    await page.getByTestId('hangup-submit').click();
    await banner('error', /the credit account must be the write-off account \(suspense income\)/);
    expect(await page.getByTestId('hangup-error').textContent()).toContain('贷方账户必须是销账账户');
    await shot('suspense-01-hangup-refused');

    await page.getByTestId('hangup-credit').selectOption(String(accounts.suspenseIncome));
    await page.getByTestId('hangup-submit').click();
    const ok = await banner('ok', /Hung up as card/);
    cardNo = /card (\d{8}-\d{6})/.exec(ok)![1]!;
    const row = card(cardNo);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('to_review');
    expect(await row.textContent()).toContain('1,000.00');
    // maker ≠ checker: an operator gets no pass button, only the reason
    expect(await row.getByTestId('card-review').count()).toBe(0);
    expect(await row.textContent()).toContain('awaiting a reviewer');
    expect(await page.getByTestId('aging').textContent()).toContain('中国工商银行 ICBC');
    expect(await page.getByTestId('count-to-review').textContent()).toBe('1');
    await shot('suspense-02-hung-up');
  });

  it('the reviewer passes the card (reached with Alt+S)', async () => {
    await signOut();
    await signIn('reviewer');
    await page.keyboard.press('Alt+KeyS');
    await page.getByTestId('screen-suspense').waitFor();
    expect(await page.getByTestId('hangup-form').count()).toBe(0);
    await card(cardNo).getByTestId('card-review').click();
    await banner('ok', new RegExp(`Card ${cardNo} passed`));
    await expect.poll(async () => card(cardNo).getAttribute('data-status')).toBe('open');
    // a reviewer does not write off
    expect(await card(cardNo).getByTestId('card-writeoff').count()).toBe(0);
    await shot('suspense-03-reviewed');
  });

  it('the operator writes off part of it; the remainder card is linked to its origin both ways', async () => {
    await signOut();
    await signIn('operator');
    await page.getByTestId('nav-suspense').click();
    await card(cardNo).getByTestId('card-writeoff').click();
    const dialog = page.getByTestId('writeoff-dialog');
    await dialog.waitFor();
    // the suspense accounts are not offered on the other side; the core would refuse them anyway
    const offered = await page.getByTestId('writeoff-target-0').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).not.toContain(String(accounts.suspenseIncome));
    await page.getByTestId('writeoff-target-0').selectOption(String(accounts.feeIncome));
    await page.getByTestId('writeoff-amount-0').fill('400');
    expect(await page.getByTestId('writeoff-sum').textContent()).toMatch(/Remainder \(re-hung\):\s*600\.00/);
    await shot('suspense-04-writeoff-dialog');
    await page.getByTestId('writeoff-submit').click();
    const ok = await banner('ok', /400\.00 written off/);
    remainderNo = /re-hung as card (\d{8}-\d{6})/.exec(ok)![1]!;
    expect(remainderNo).not.toBe(cardNo);

    const remainder = card(remainderNo);
    await remainder.waitFor();
    expect(await remainder.getAttribute('data-status')).toBe('open');
    expect(await remainder.textContent()).toContain('600.00');
    expect(await remainder.textContent()).toContain('中国工商银行 ICBC');
    expect(await remainder.getByTestId('card-origin').textContent()).toContain(cardNo);
    // the original is written off and hidden from the open list until the link is followed
    expect(await card(cardNo).count()).toBe(0);
    await remainder.getByTestId('card-origin').click();
    const origin = card(cardNo);
    await origin.waitFor();
    expect(await origin.getAttribute('data-status')).toBe('written_off');
    expect(await origin.getByTestId('card-remainder').textContent()).toContain(remainderNo);
    await shot('suspense-05-remainder-linked');

    // the ledger agrees: 600.00 still waits on suspense income, 400.00 reached fee income
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const balance = (id: number) => db.prepare('SELECT SUM(credit_minor) - SUM(debit_minor) FROM account_day_total WHERE account_id = ?').pluck().get(id) as number;
    expect(balance(accounts.suspenseIncome)).toBe(60_000);
    expect(balance(accounts.feeIncome)).toBe(40_000);
    db.close();
  });

  it('an internal posting naming a write-off account is refused with the core’s message beside the form, then posted', async () => {
    const form = page.getByTestId('posting-form');
    await page.getByTestId('posting-debit').selectOption(String(accounts.cmb));
    await page.getByTestId('posting-credit').selectOption(String(accounts.suspenseIncome));
    await page.getByTestId('posting-amount').fill('250.00');
    await page.getByTestId('posting-summary').fill('行内调拨 transfer between our banks');
    await page.getByTestId('posting-submit').click();
    await banner('error', /neither side may be a write-off \(suspense\) account/);
    expect(await form.getByTestId('posting-error').textContent()).toContain('不允许任意一方是销账账户');
    await form.scrollIntoViewIfNeeded();
    await shot('suspense-06-posting-refused');

    await page.getByTestId('posting-credit').selectOption(String(accounts.icbc));
    await page.getByTestId('posting-submit').click();
    await banner('ok', /Posted as voucher \d{8}-\d{6}/);
    expect(await form.getByTestId('posting-error').count()).toBe(0);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('待查卡片').waitFor();
    await shot('suspense-07-zh');
    await page.getByRole('button', { name: 'EN' }).click();
    expect(errors).toEqual([]);
  });
});
