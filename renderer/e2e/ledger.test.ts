// The ledger screen in a real browser over a closed demo day (`paydesk demo`): the chart of accounts
// tree by keyboard, an account's detail with its running balance, a voucher with its lines and audit
// trail, the trial balance; an operator sees no reversal, a reviewer reverses a voucher and the
// red-ink voucher and the original link to each other. Every figure is checked against the core
// through the CLI. Screenshots: renderer/e2e/screenshots/ledger-*.png.
import { givePasswords } from '../../core/testing/credentials.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/clock.js';
import type { HttpHost } from '../../core/host/http.js';
import { openDatabase, type Db } from '../../core/db/index.js';
import { callApi, type MethodName, type MethodOutput } from '../../core/api/index.js';
import { findUser } from '../../core/users/users.js';
import { systemClock } from '../../core/clock.js';
import { BUSINESS_CODES } from '../../core/orders/business-codes.js';
import { buildRenderer, describeInBrowser, openDesk, shotOf, signInAs, paydeskAsync } from './harness.js';

let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const problems: string[] = [];

/** Amounts as the screen shows them: 1,234.56. */
const shown = (minor: number) => {
  const s = (Math.abs(minor) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '-' : ''}${s}`;
};
let books: Db | null = null;
/** The core's own answer, read in-process from the same file the host serves (checks only; the UI does the writing). */
const core = <M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> =>
  callApi({ db: books!, user: findUser(books!, 'admin')!, clock: systemClock }, method, input);

const shot = (name: string) => shotOf(page, name);

const signIn = (login: string) => signInAs(page, login, date);

describeInBrowser('the ledger screen', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-ledger-e2e-'));
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    // The demo day through the real CLI (a child process, so the renderer builds meanwhile).
    await Promise.all([
      buildRenderer(path.join(dir, 'renderer')),
      paydeskAsync(['demo', '--db', dbFile]),
    ]);
    await givePasswords(dbFile, ['admin', 'operator', 'reviewer', 'trainer']);
    books = openDatabase(dbFile, { readonly: true });
    date = (await core('ledger.days', {})).find((d) => d.status === 'closed')!.date;
    ({ browser, page, host } = await openDesk({ dbFile, rendererDir: path.join(dir, 'renderer'), dataDir, onPageError: (m) => problems.push(`page error: ${m}`), onHostError: (m) => problems.push(`host error: ${m}`) }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    books?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the chart of accounts by keyboard down to an account and shows its detail with the running balance', async () => {
    await signIn('operator');
    await page.keyboard.press('Alt+KeyL');
    await page.getByTestId('screen-ledger').waitFor();
    const bank = page.getByTestId('tree-subject-1122');
    await bank.waitFor();
    // Level-1 balances as the trial balance has them.
    const tb = (await core('ledger.trialBalance', { date }));
    const receivable = tb.rows.find((r) => r.code === '1122')!;
    expect(await bank.textContent()).toContain(shown(receivable.closing.debit - receivable.closing.credit));
    await shot('ledger-01-tree');

    // Keyboard: focus 1122, → expands, ↓ to 1122.01, → expands (its accounts load), ↓ to the first account, Enter.
    await bank.click();
    await page.getByTestId('tree-subject-1122.01').waitFor();
    await bank.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('tree-account-1122.01-alipay-CNY').waitFor();
    await shot('ledger-02-tree-expanded');
    expect(await page.getByTestId('tree-subject-1122.01').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('tree-account-1122.01-alipay-CNY').waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('tree-account-1122.01-alipay-CNY').waitFor();
    const accounts = (await core('ledger.accountsAt', { subjectCode: '1122.01', date }));
    const alipay = accounts.accounts.find((a) => a.accountNo === '1122.01-alipay-CNY')!;
    expect(await page.getByTestId('tree-account-1122.01-alipay-CNY').textContent()).toContain(shown(alipay.balanceAtMinor));
    await page.getByTestId('tree-account-1122.01-alipay-CNY').focus();
    await page.keyboard.press('Enter');

    await page.getByTestId('account-detail').waitFor();
    await page.locator('[data-testid^="line-voucher-"]').first().waitFor();
    const lines = (await core(
      'ledger.accountLines', { accountId: alipay.id, from: `${date.slice(0, 8)}01`, to: date, limit: 200 }));
    expect(await page.getByTestId('lines-closing').textContent()).toBe(shown(lines.closingMinor));
    const rows = page.locator('[data-testid="account-lines"] tbody tr');
    // The opening row, then 200 lines; the 200th line's balance is the core's.
    expect(await rows.count()).toBe(201);
    expect(await rows.nth(200).locator('td').last().textContent()).toBe(shown(lines.lines[199]!.balanceMinor));
    expect(lines.next).not.toBeNull();
    await page.getByTestId('lines-more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="account-lines"] tbody tr').length > 201);
    await shot('ledger-03-account-detail');
  });

  it('opens a voucher with its lines (debit = credit) and its audit trail; the operator gets no reversal', async () => {
    const first = page.locator('[data-testid^="line-voucher-"]').first();
    const voucherNo = (await first.textContent())!;
    await first.click();
    await page.getByTestId('voucher-view').waitFor();
    expect(await page.getByTestId('voucher-no').textContent()).toBe(voucherNo);
    const v = (await core('ledger.voucher', { voucherNo }));
    const debit = v.lines.filter((l) => l.direction === 'D').reduce((s, l) => s + l.amountMinor, 0);
    expect(await page.locator('[data-testid="voucher-lines"] tbody tr').count()).toBe(v.lines.length);
    expect(await page.getByTestId('voucher-debit').textContent()).toBe(shown(debit));
    expect(await page.getByTestId('voucher-credit').textContent()).toBe(shown(debit));
    await page.getByTestId('audit-posted').first().waitFor();
    expect(await page.getByTestId('audit-dayClosed').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('audit-exported').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('reverse-open').count()).toBe(0);
    await page.getByTestId('reverse-reviewer-only').waitFor();
    await shot('ledger-04-voucher-operator');
  });

  it('shows the trial balance of the closed day, balanced, with the core\'s totals', async () => {
    await page.getByTestId('tab-trial').click();
    await page.getByTestId('tb-total').waitFor();
    const tb = (await core('ledger.trialBalance', { date }));
    expect(tb.balanced).toBe(true);
    expect(await page.getByTestId('tb-balanced').textContent()).toBe('Balanced: debits equal credits');
    expect(await page.getByTestId('tb-period-debit').textContent()).toBe(shown(tb.period.debit));
    expect(await page.getByTestId('tb-period-credit').textContent()).toBe(shown(tb.period.credit));
    expect(await page.getByTestId('tb-closing-debit').textContent()).toBe(shown(tb.closing.debit));
    await shot('ledger-05-trial-balance');
    await page.getByTestId('tab-journal').click();
    await page.getByTestId('journal-table').locator('tbody tr').first().waitFor();
    await shot('ledger-06-journal');
  });

  it('lets a reviewer reverse a voucher; the red-ink voucher and the original link both ways', async () => {
    await page.getByTestId('sign-out').click();
    await signIn('reviewer');
    await page.getByTestId('nav-ledger').click();
    // A refund voucher: reversing it gives the merchant's money back, which the books always allow
    // (a payment's reversal may be refused, INSUFFICIENT_FUNDS, once the day has settled it away).
    const [refund] = await core('ledger.vouchers', { date, businessCode: BUSINESS_CODES.REFUND, limit: 1 });
    const target = refund!.voucherNo;
    await page.getByTestId('find-voucher').fill(target);
    await page.getByTestId('find-voucher-go').click();
    await page.locator(`[data-voucher-no="${target}"]`).waitFor();
    await page.getByTestId('reverse-open').click();
    // The demo day is closed: the reversal is offered on the first open day after it.
    await expect.poll(() => page.getByTestId('reverse-date').inputValue()).not.toBe('');
    const reverseOn = await page.getByTestId('reverse-date').inputValue();
    expect(reverseOn > date).toBe(true);
    // A reversal needs a reason: refused on the screen before the core is asked.
    await page.getByTestId('reverse-submit').click();
    await page.getByText('Give a reason').waitFor();
    await page.getByTestId('reverse-reason').fill('posted twice');
    await shot('ledger-07-reverse-dialog');
    await page.getByTestId('reverse-submit').click();

    // The screen moves to the red-ink voucher, which names the original.
    await page.getByTestId('reverses-link').waitFor();
    const redNo = (await page.getByTestId('voucher-no').textContent())!;
    expect(redNo).not.toBe(target);
    await expect.poll(async () => page.getByTestId('reverses-link').getByTestId('linked-voucher-no').textContent()).toBe(target);
    const red = (await core('ledger.voucher', { voucherNo: redNo }));
    const original = (await core('ledger.voucher', { voucherNo: target }));
    expect(red.reversesId).toBe(original.id);
    expect(original.reversedById).toBe(red.id);
    expect(red.accountingDate).toBe(reverseOn);
    expect(red.lines.every((l) => l.amountMinor < 0)).toBe(true);
    expect(await page.locator('[data-testid="voucher-lines"] tbody tr.lg-red').count()).toBe(red.lines.length);
    await page.getByTestId('audit-original').waitFor();
    await shot('ledger-08-red-ink-voucher');

    // Back to the original: reversed, linked to the red-ink voucher, no second reversal offered.
    await page.getByTestId('reverses-link').locator('button').click();
    await page.locator(`[data-voucher-no="${target}"]`).waitFor();
    await expect.poll(async () => page.getByTestId('reversed-by-link').getByTestId('linked-voucher-no').textContent()).toBe(redNo);
    await page.getByTestId('audit-reversal').waitFor();
    expect(await page.getByTestId('reverse-open').count()).toBe(0);
    await shot('ledger-09-original-reversed');
    expect(problems).toEqual([]);
  });

  it('lets an operator type a manual voucher that posts only when it balances, then awaits another person\'s review', async () => {
    await page.getByTestId('sign-out').click();
    await signIn('operator');
    await page.getByTestId('nav-ledger').click();
    await page.getByTestId('tab-entry').click();
    // the demo closed its day: the voucher goes on the next, open one (a closed day is refused on the screen, DAY_CLOSED)
    const today = addDays(date, 1);
    const accounts = await core('ledger.accounts', { ownerKind: 'internal' });
    const bank = accounts.find((a) => a.purpose === 'bank_deposit')!;
    const capital = accounts.find((a) => a.purpose === 'capital')!;
    await page.getByTestId('entry-date').fill(today);
    await page.getByTestId('entry-summary').fill('收到股东追加投资 additional capital');
    const lines = page.getByTestId('entry-line');
    await lines.nth(0).getByTestId('entry-account').selectOption(String(bank.id));
    await lines.nth(0).getByTestId('entry-amount').fill('100.00');
    await lines.nth(1).getByTestId('entry-account').selectOption(String(capital.id));
    await lines.nth(1).getByTestId('entry-side').selectOption('C');
    await lines.nth(1).getByTestId('entry-amount').fill('99.99');
    expect(await page.getByTestId('entry-off').textContent()).toContain('0.01');
    expect(await page.getByTestId('entry-post').isDisabled()).toBe(true);
    await lines.nth(1).getByTestId('entry-amount').fill('100.00');
    await page.getByTestId('entry-post').click();
    await page.locator('[data-testid="banner"].banner-ok', { hasText: 'awaiting review' }).waitFor();
    const voucherNo = (await page.getByTestId('voucher-no').textContent())!;
    await page.getByTestId('review-needed').waitFor();
    const posted = await core('ledger.voucher', { voucherNo });
    expect([posted.accountingDate, posted.businessCode]).toEqual([today, '800101']);
    expect(posted.lines.map((l) => [l.accountId, l.direction, l.amountMinor])).toEqual([[bank.id, 'D', 10_000], [capital.id, 'C', 10_000]]);
    expect(posted.review).toMatchObject({ reviewedAt: null });
    await shot('ledger-10-manual-voucher');
    // the reviewer, not its maker, reviews it
    await page.getByTestId('sign-out').click();
    await signIn('reviewer');
    await page.getByTestId('nav-ledger').click();
    await page.getByTestId('find-voucher').fill(voucherNo);
    await page.getByTestId('find-voucher-go').click();
    await page.getByTestId('review-voucher').click();
    await page.getByTestId('reviewed-by').waitFor();
    expect(problems).toEqual([]);
  });

  it('reads in Chinese too', async () => {
    await page.locator('.lang-switch button', { hasText: '中文' }).click();
    await page.getByTestId('tab-tree').click();
    await page.getByTestId('tree-expand-all').click();
    await page.getByTestId('tree-subject-2241.01').waitFor();
    expect(await page.getByTestId('screen-ledger').textContent()).toContain('科目树');
    await shot('ledger-10-tree-zh');
  });
});
