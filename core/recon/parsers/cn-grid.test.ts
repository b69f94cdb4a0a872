import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readXlsxGrid } from './cn-grid.js';

describe('readXlsxGrid', () => {
  it('fails at once on a missing file instead of waiting forever', async () => {
    await expect(readXlsxGrid(join(tmpdir(), 'paydesk-no-such-file.xlsx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
