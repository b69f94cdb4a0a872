// Column-mapping profiles (导入模板): a person maps an unknown bank layout once, saves it under a
// name, and every later import of that layout — on the desk or `paydesk import --profile NAME` —
// uses it. A profile is configuration, so it may be changed; each change is audited.
import { appendAudit } from '../audit/audit.js';
import { CHANNEL_CODES } from '../channels/types.js';
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import type { ProfileFormat } from '../shared/rules.js';
import type { BankMappableField, BankMapping } from './parsers/cn-bank-columns.js';

export const MAPPABLE_FIELDS: readonly BankMappableField[] = ['date', 'time', 'debit', 'credit', 'amount', 'direction', 'balance', 'counterparty', 'reference', 'channelRef'];

export interface ImportProfile {
  name: string;
  format: ProfileFormat | null;
  channel: string | null;
  mapping: BankMapping;
  updatedAt: string;
}

function toProfile(row: { name: string; format: ProfileFormat | null; channel_code: string | null; mapping: string; updated_at: string }): ImportProfile {
  return { name: row.name, format: row.format, channel: row.channel_code, mapping: JSON.parse(row.mapping) as BankMapping, updatedAt: row.updated_at };
}

export function listProfiles(db: Db): ImportProfile[] {
  return db.all(db.q.selectFrom('import_profile').select(['name', 'format', 'channel_code', 'mapping', 'updated_at']).orderBy('name')).map(toProfile);
}

export function getProfile(db: Db, name: string): ImportProfile {
  const row = db.first(db.q.selectFrom('import_profile').select(['name', 'format', 'channel_code', 'mapping', 'updated_at']).where('name', '=', name));
  if (!row) {
    const known = listProfiles(db).map((p) => p.name);
    fail('NOT_FOUND', `no import profile "${name}"${known.length ? ` (saved: ${known.join(', ')})` : ' (none saved yet)'}`);
  }
  return toProfile(row);
}

/** Save (create or replace) a profile; a mapping needs the date and either one amount column or debit and credit. */
export function saveProfile(db: Db, input: { name: string; format?: ProfileFormat | null; channel?: string | null; mapping: BankMapping; userId: number; at: string }): ImportProfile {
  const name = input.name.trim();
  if (!name) fail('BAD_INPUT', 'a profile needs a name / 请填写模板名称');
  const mapping: BankMapping = {};
  for (const [field, header] of Object.entries(input.mapping)) {
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field)) fail('BAD_INPUT', `unknown field "${field}" (known: ${MAPPABLE_FIELDS.join(', ')})`);
    if (typeof header === 'string' && header.trim()) mapping[field as BankMappableField] = header.trim();
  }
  if (!mapping.date) fail('BAD_INPUT', 'the mapping must name the date column / 必须指定交易日期列');
  if (!mapping.amount && !(mapping.debit && mapping.credit)) fail('BAD_INPUT', 'the mapping must name an amount column, or both the debit and credit columns / 必须指定金额列，或借方和贷方两列');
  if (input.channel && !(CHANNEL_CODES as readonly string[]).includes(input.channel)) fail('BAD_INPUT', `unknown channel "${input.channel}"`);
  return db.tx(() => {
    const existing = db.first(db.q.selectFrom('import_profile').select('id').where('name', '=', name));
    const values = { format: input.format ?? null, channel_code: input.channel ?? null, mapping: JSON.stringify(mapping), updated_at: input.at, updated_by: input.userId };
    if (existing) db.run(db.q.updateTable('import_profile').set(values).where('id', '=', existing.id));
    else db.run(db.q.insertInto('import_profile').values({ name, ...values, created_at: input.at, created_by: input.userId }));
    appendAudit(db, { at: input.at, userId: input.userId, action: existing ? 'recon.profile.change' : 'recon.profile.create', entity: 'import_profile', entityId: name, detail: { format: values.format, channel: values.channel_code, mapping } });
    return getProfile(db, name);
  });
}

export function deleteProfile(db: Db, input: { name: string; userId: number; at: string }): { deleted: string } {
  return db.tx(() => {
    const profile = getProfile(db, input.name);
    db.run(db.q.deleteFrom('import_profile').where('name', '=', profile.name));
    appendAudit(db, { at: input.at, userId: input.userId, action: 'recon.profile.delete', entity: 'import_profile', entityId: profile.name, detail: profile });
    return { deleted: profile.name };
  });
}
