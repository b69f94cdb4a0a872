import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { AUX_KINDS_OF_ERP, AUX_LABELS, ERP_SYSTEMS, type AuxKind, type ErpSystem } from './types.js';
import type { ErpSubjectMapTable } from './schema.js';

/**
 * 科目对照: which ERP subject each of our detail subjects is booked to.
 *
 * Without a row, a subject maps by default. Our chart keeps the MoF standard general-ledger code
 * (企业会计准则 应用指南, e.g. 1002 银行存款) before the dot, and every Chinese ERP chart starts
 * from the same standard codes; only the way detail levels are written differs. Kingdee (KIS, K/3
 * and 云星空) writes levels dotted, as we do (1002.01); Yonyou U8 and most others write fixed-width
 * levels with no separator, 4-2-2 (1002.01 → 100201). So the default is our code in the ERP's
 * style, and a row is needed only where the customer's detail subjects differ from ours.
 */

export interface SubjectMapping {
  erp: ErpSystem;
  subjectCode: string;
  subjectName: string;
  /** null: this subject cannot be exported (deliberately blanked, or no default for its code) */
  erpCode: string | null;
  erpName: string;
  /** aux.code null: each line carries its own account's reference */
  aux: { kind: AuxKind; label: string; code: string | null; name: string | null } | null;
  source: 'default' | 'custom';
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SetMappingInput {
  erp: ErpSystem;
  subjectCode: string;
  /** '' blanks the subject on purpose: exports that meet it are refused until it is mapped */
  erpCode: string;
  /** omitted or '': our subject's name */
  erpName?: string;
  aux?: { kind: AuxKind; code?: string | null; name?: string | null } | null;
}

const GL_AND_DETAILS = /^(\d{4})((?:\.\d+)*)$/;
const ERP_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;
// Codes and names go into comma-separated U8 lines and CSV cells: no commas, no line breaks.
const AUX_CODE = /^[^\s,，][^,，\r\n\t]{0,59}$/;
const NO_CONTROL = /^[^\r\n\t\u0000-\u001f]*$/;

/**
 * Our code in the ERP's usual style, or null when it has none: Kingdee keeps the dots; the others
 * write each detail level as two digits with no separator, so a level beyond 99 has no default.
 */
export function defaultErpCode(erp: ErpSystem, subjectCode: string): string | null {
  const m = GL_AND_DETAILS.exec(subjectCode);
  if (!m) return null;
  const details = m[2] ? m[2].slice(1).split('.') : [];
  if (erp === 'kingdee') return subjectCode;
  if (details.some((d) => d.length > 2)) return null;
  return m[1] + details.map((d) => d.padStart(2, '0')).join('');
}

function assertErp(erp: string): asserts erp is ErpSystem {
  if (!ERP_SYSTEMS.includes(erp as ErpSystem)) fail('BAD_INPUT', `unknown ERP "${erp}": use ${ERP_SYSTEMS.join(', ')}`);
}

type MapRow = ErpSubjectMapTable & { updated_by_login: string | null };

function mapRows(db: Db, erp: ErpSystem): Map<string, MapRow> {
  const rows = db.all(
    db.q.selectFrom('erp_subject_map as m')
      .leftJoin('app_user as u', 'u.id', 'm.updated_by')
      .selectAll('m')
      .select('u.login as updated_by_login')
      .where('m.erp', '=', erp),
  ) as MapRow[];
  return new Map(rows.map((r) => [r.subject_code, r]));
}

function effective(erp: ErpSystem, subject: { code: string; name: string }, row: MapRow | undefined): SubjectMapping {
  if (!row) {
    return {
      erp, subjectCode: subject.code, subjectName: subject.name, erpCode: defaultErpCode(erp, subject.code), erpName: subject.name,
      aux: null, source: 'default', updatedAt: null, updatedBy: null,
    };
  }
  return {
    erp,
    subjectCode: subject.code,
    subjectName: subject.name,
    erpCode: row.erp_code === '' ? null : row.erp_code,
    erpName: row.erp_name === '' ? subject.name : row.erp_name,
    aux: row.aux_kind ? { kind: row.aux_kind, label: AUX_LABELS[row.aux_kind], code: row.aux_code, name: row.aux_name } : null,
    source: 'custom',
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_login,
  };
}

/** Every detail subject (the only ones accounts are opened under) with the mapping in force for `erp`. */
export function listMappings(db: Db, erp: ErpSystem): SubjectMapping[] {
  assertErp(erp);
  const rows = mapRows(db, erp);
  const subjects = db.all(db.q.selectFrom('subject').select(['code', 'name']).where('is_leaf', '=', 1).orderBy('code'));
  return subjects.map((s) => effective(erp, s, rows.get(s.code)));
}

/** The mapping in force for each of `subjectCodes` (subjects the chart does not hold are left out). */
export function mappingsFor(db: Db, erp: ErpSystem, subjectCodes: readonly string[]): Map<string, SubjectMapping> {
  assertErp(erp);
  const rows = mapRows(db, erp);
  const out = new Map<string, SubjectMapping>();
  if (subjectCodes.length === 0) return out;
  const subjects = db.all(db.q.selectFrom('subject').select(['code', 'name']).where('code', 'in', [...subjectCodes]));
  for (const s of subjects) out.set(s.code, effective(erp, s, rows.get(s.code)));
  return out;
}

function getMapping(db: Db, erp: ErpSystem, subjectCode: string): SubjectMapping {
  const subject = db.first(db.q.selectFrom('subject').select(['code', 'name', 'is_leaf']).where('code', '=', subjectCode))
    ?? fail('NOT_FOUND', `subject ${subjectCode} is not in the chart of accounts`);
  return effective(erp, subject, mapRows(db, erp).get(subjectCode));
}

function checkText(value: string, pattern: RegExp, what: string, hint: string): void {
  if (!pattern.test(value)) fail('BAD_INPUT', `${what} "${value}" ${hint}`);
}

/** Add or change one subject's mapping for one ERP; audited with the user who did it. */
export function setMapping(db: Db, input: SetMappingInput, user: { id: number }, at: string): SubjectMapping {
  assertErp(input.erp);
  const erpCode = input.erpCode.trim();
  const erpName = (input.erpName ?? '').trim();
  if (erpCode !== '') checkText(erpCode, ERP_CODE, 'ERP subject code', 'must be 1–40 letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (erpName.length > 80 || !NO_CONTROL.test(erpName)) fail('BAD_INPUT', 'the ERP subject name must be at most 80 characters on one line');
  const aux = input.aux ?? null;
  if (aux) {
    const allowed = AUX_KINDS_OF_ERP[input.erp];
    if (!allowed.includes(aux.kind)) {
      fail('BAD_INPUT', `a ${input.erp} voucher file cannot carry the auxiliary item ${aux.kind} (${AUX_LABELS[aux.kind] ?? '?'}); it can carry ${allowed.join(', ')}`);
    }
    if (aux.code) checkText(aux.code, AUX_CODE, 'auxiliary item code', 'must be 1–60 characters with no commas, line breaks or leading space');
    if (aux.name && (aux.name.length > 80 || !NO_CONTROL.test(aux.name))) fail('BAD_INPUT', 'the auxiliary item name must be at most 80 characters on one line');
    if (aux.name && !aux.code) fail('BAD_INPUT', 'an auxiliary item name needs its code; leave both out to use each account’s own reference');
  }
  return db.tx(() => {
    const subject = db.first(db.q.selectFrom('subject').select(['code', 'is_leaf']).where('code', '=', input.subjectCode))
      ?? fail('NOT_FOUND', `subject ${input.subjectCode} is not in the chart of accounts`);
    if (subject.is_leaf !== 1) fail('BAD_INPUT', `subject ${subject.code} is a parent subject: map its detail subjects, which are the ones vouchers are booked to`);
    const before = getMapping(db, input.erp, input.subjectCode);
    const row = {
      erp: input.erp,
      subject_code: input.subjectCode,
      erp_code: erpCode,
      erp_name: erpName,
      aux_kind: aux?.kind ?? null,
      aux_code: aux?.code || null,
      aux_name: aux?.name || null,
      updated_at: at,
      updated_by: user.id,
    };
    const { erp: _erp, subject_code: _subject, ...changes } = row;
    db.run(db.q.insertInto('erp_subject_map').values(row).onConflict((oc) => oc.columns(['erp', 'subject_code']).doUpdateSet(changes)));
    const after = getMapping(db, input.erp, input.subjectCode);
    appendAudit(db, { at, userId: user.id, action: 'erp.mapping.set', entity: 'erp_subject_map', entityId: `${input.erp}:${input.subjectCode}`, detail: { before: auditView(before), after: auditView(after) } });
    return after;
  });
}

/** Remove a subject's mapping row: the subject goes back to the default. Audited. */
export function deleteMapping(db: Db, input: { erp: ErpSystem; subjectCode: string }, user: { id: number }, at: string): SubjectMapping {
  assertErp(input.erp);
  return db.tx(() => {
    const before = getMapping(db, input.erp, input.subjectCode);
    if (before.source === 'default') fail('NOT_FOUND', `subject ${input.subjectCode} has no ${input.erp} mapping to delete; it already uses the default`);
    db.run(db.q.deleteFrom('erp_subject_map').where('erp', '=', input.erp).where('subject_code', '=', input.subjectCode));
    const after = getMapping(db, input.erp, input.subjectCode);
    appendAudit(db, { at, userId: user.id, action: 'erp.mapping.delete', entity: 'erp_subject_map', entityId: `${input.erp}:${input.subjectCode}`, detail: { before: auditView(before), after: auditView(after) } });
    return after;
  });
}

function auditView(m: SubjectMapping): unknown {
  return { erpCode: m.erpCode, erpName: m.erpName, aux: m.aux && { kind: m.aux.kind, code: m.aux.code, name: m.aux.name }, source: m.source };
}
