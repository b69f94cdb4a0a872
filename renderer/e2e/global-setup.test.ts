// A missing browser is never a silent skip: CI fails, a desk run names what it skipped.
import { describe, expect, it } from 'vitest';
import { browserCheck, browserJourneys } from './global-setup.js';

describe('browser journeys without Chromium', () => {
  it('knows every journey that needs the browser', () => {
    const journeys = browserJourneys();
    expect(journeys).toContain('renderer/e2e/journey.test.ts');
    expect(journeys).toContain('core/host/http-browser.test.ts');
    expect(journeys.length).toBeGreaterThanOrEqual(11);
  });

  it('fails the run under CI', () => {
    expect(() => browserCheck({ CI: 'true', PAYDESK_CHROMIUM: 'none' })).toThrow(/^CI=true and no Chromium .* browser journeys cannot run$/);
  });

  it('prints one line naming the skipped journeys outside CI', () => {
    const line = browserCheck({ PAYDESK_CHROMIUM: 'none' });
    expect(line).toMatch(/^paydesk: skipped \d+ browser journeys \(.*journey.*http-browser.*\): no Chromium/);
    expect(line).not.toContain('\n');
  });
});
