import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpBridge, readToken } from './http-bridge.js';
import { CallError, toCallError } from './errors.js';
import { call, setBridge } from './client.js';
import { displayFileName, withoutUploadPrefix } from '../files.js';

function fakeDocument(contents: string[]): Document {
  return { querySelectorAll: () => contents.map((c) => ({ getAttribute: () => c })) } as unknown as Document;
}

function reply(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('the HTTP bridge', () => {
  it('reads the first non-empty token the host put into index.html', () => {
    expect(readToken(fakeDocument(['', 'abc123']))).toBe('abc123');
    expect(readToken(fakeDocument([]))).toBe('');
  });

  it('posts a call as JSON with the token and returns the result', async () => {
    const fetch = vi.fn(async () => reply({ ok: true, result: { date: '2026-11-22' } }));
    vi.stubGlobal('fetch', fetch);
    const bridge = createHttpBridge('t0k');
    await expect(bridge.call('ledger.trialBalance', { date: '2026-11-22' })).resolves.toEqual({ date: '2026-11-22' });
    expect(fetch).toHaveBeenCalledWith('/api/ledger.trialBalance', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-paydesk-token': 't0k' },
      body: JSON.stringify({ date: '2026-11-22' }),
    });
  });

  it('turns a refusal into an Error with the code in front, and keeps the location', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply({ ok: false, error: { code: 'FORBIDDEN', message: 'recon.confirm needs the role reviewer', location: { row: 3 } } }, 403)));
    const error = await createHttpBridge('t').call('recon.confirm', { date: '2026-11-22' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).message).toBe('[FORBIDDEN] recon.confirm needs the role reviewer');
    expect((error as CallError).code).toBe('FORBIDDEN');
    expect((error as CallError).location).toEqual({ row: 3 });
  });

  it('invoke answers a refusal as data, and the client call throws a CallError with its reason and params', async () => {
    const error = { code: 'BAD_INPUT', message: 'x.csv is a bank-csv file, which does not say whose it is', reason: 'CHANNEL_NOT_NAMED', params: { file: 'x.csv', format: 'bank-csv' } };
    vi.stubGlobal('fetch', vi.fn(async () => reply({ ok: false, error }, 400)));
    const bridge = createHttpBridge('t');
    await expect(bridge.invoke('recon.import', { file: '/u/x.csv' })).resolves.toEqual({ ok: false, error });
    setBridge(bridge);
    try {
      const thrown = await call('recon.import', { file: '/u/x.csv' }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(CallError);
      expect(thrown).toMatchObject({ code: 'BAD_INPUT', reason: 'CHANNEL_NOT_NAMED', params: { file: 'x.csv', format: 'bank-csv' } });
    } finally {
      setBridge(null);
    }
  });

  it('invoke answers a host that does not answer, or answers no JSON, as data too', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(createHttpBridge('t').invoke('system.info')).resolves.toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>', { status: 403 })));
    await expect(createHttpBridge('t').invoke('system.info')).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('uploads the raw file with its URI-encoded name, and builds download URLs', async () => {
    const fetch = vi.fn(async () => reply({ ok: true, result: { path: '/data/uploads/x-对账单.xlsx' } }));
    vi.stubGlobal('fetch', fetch);
    const bridge = createHttpBridge('tok');
    const file = new File([new Uint8Array([1, 2, 3])], '对账单 1.xlsx');
    await expect(bridge.upload(file)).resolves.toBe('/data/uploads/x-对账单.xlsx');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/upload');
    expect((init.headers as Record<string, string>)['x-file-name']).toBe(encodeURIComponent('对账单 1.xlsx'));
    expect((init.headers as Record<string, string>)['x-paydesk-token']).toBe('tok');
    expect(init.body).toBe(file);
    expect(bridge.downloadUrl('/d/exports/v 1.xlsx')).toBe(`/api/download?path=${encodeURIComponent('/d/exports/v 1.xlsx')}&token=tok`);
  });

  it('reads the code back from an Electron error message', () => {
    const e = toCallError(new Error('[CHECK_FAILED] nothing to confirm'));
    expect([e.code, e.text]).toEqual(['CHECK_FAILED', 'nothing to confirm']);
    expect(toCallError(new Error('boom')).code).toBe('INTERNAL');
  });

  it('shows uploaded files by the names people gave them', () => {
    expect(displayFileName('/data/uploads/0123456789abcdef-对账单.xlsx')).toBe('对账单.xlsx');
    expect(displayFileName('alipay.csv')).toBe('alipay.csv');
    expect(withoutUploadPrefix('0123456789abcdef-odd.csv: not a statement')).toBe('odd.csv: not a statement');
  });
});
