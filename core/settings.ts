import type { Db } from './db/index.js';
import { DEFAULT_TIME_ZONE } from './clock.js';

/** Installation settings with their defaults; stored as text in app_setting. */
export const SETTING_DEFAULTS = {
  /** 日切: business times at or after this local time belong to the next accounting date. */
  'ledger.cutoff': '00:00',
  'ledger.timeZone': DEFAULT_TIME_ZONE,
  'ledger.currency': 'CNY',
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export function getSetting(db: Db, key: SettingKey): string {
  const row = db.first(db.q.selectFrom('app_setting').select('value').where('key', '=', key));
  return row?.value ?? SETTING_DEFAULTS[key];
}

export function setSetting(db: Db, key: SettingKey, value: string): void {
  db.run(
    db.q.insertInto('app_setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}
