/** Kysely table types of core/erp, merged into the database Schema in core/db/schema.ts. */

/** The ERP families whose subject codes we map; 'generic' is the plain CSV for any other system. */
export type ErpSystem = 'kingdee' | 'yonyou' | 'generic';

/**
 * 辅助核算 (auxiliary accounting item): the dimension an ERP subject may require on every line,
 * e.g. the customer of a receivable or the bank of a deposit. Named in English here, written in
 * each ERP's own words by its layout.
 */
export type AuxKind = 'customer' | 'supplier' | 'department' | 'employee' | 'bank' | 'bank_account' | 'other_party' | 'project';

/**
 * 科目对照 (subject mapping): one of our detail subjects → the customer's ERP subject, per ERP.
 * No row means the default (see core/erp/mapping.ts). An empty erp_code is a deliberate blank:
 * the subject must not be exported until someone maps it, so an export that meets it is refused.
 */
export interface ErpSubjectMapTable {
  erp: ErpSystem;
  subject_code: string;
  /** '' = deliberately unmapped */
  erp_code: string;
  /** '' = our subject's own name */
  erp_name: string;
  aux_kind: AuxKind | null;
  /** null with aux_kind set: each line carries its account's own reference (merchant id, bank account, channel) */
  aux_code: string | null;
  aux_name: string | null;
  updated_at: string;
  updated_by: number | null;
}

export interface ErpSchema {
  erp_subject_map: ErpSubjectMapTable;
}
