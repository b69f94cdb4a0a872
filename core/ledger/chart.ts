import chartFile from '../../resources/chart-of-accounts.json' with { type: 'json' };
import type { Db, Direction, SubjectCategory } from '../db/index.js';
import { fail } from '../errors.js';

export interface SubjectSpec {
  code: string;
  name: string;
  nameEn: string;
  parent?: string;
  category?: string;
  direction?: string;
}

export interface AccountTemplate {
  purpose: string;
  subject: string;
  name: string;
  nameEn: string;
  perOwner?: string;
}

export interface ChartFile {
  subjects: SubjectSpec[];
  templates: { merchant: AccountTemplate[]; internal: AccountTemplate[] };
}

export const DEFAULT_CHART = chartFile as ChartFile;

const CATEGORIES: readonly SubjectCategory[] = ['asset', 'liability', 'common', 'equity', 'cost', 'profit_loss'];

/** Normal balance side by category; profit-and-loss subjects must state theirs. */
function defaultDirection(category: SubjectCategory): Direction | undefined {
  switch (category) {
    case 'asset':
    case 'cost':
    case 'common':
      return 'D';
    case 'liability':
    case 'equity':
      return 'C';
    case 'profit_loss':
      return undefined;
  }
}

/** Write the chart's subjects (科目树) into an empty database. Children inherit category and direction. */
export function seedChart(db: Db, chart: ChartFile = DEFAULT_CHART): number {
  const byCode = new Map<string, { category: SubjectCategory; direction: Direction; level: number }>();
  const parents = new Set(chart.subjects.map((s) => s.parent).filter((p): p is string => !!p));
  for (const s of chart.subjects) {
    if (byCode.has(s.code)) fail('BAD_INPUT', `chart of accounts: subject ${s.code} appears twice`);
    const parent = s.parent ? byCode.get(s.parent) : undefined;
    if (s.parent && !parent) fail('BAD_INPUT', `chart of accounts: subject ${s.code} names parent ${s.parent}, which is not defined before it`);
    if (s.parent && !s.code.startsWith(s.parent + '.')) fail('BAD_INPUT', `chart of accounts: subject ${s.code} must extend its parent's code ${s.parent}`);
    const category = (s.category as SubjectCategory | undefined) ?? parent?.category;
    if (!category || !CATEGORIES.includes(category)) fail('BAD_INPUT', `chart of accounts: subject ${s.code} has no valid category`);
    const direction = (s.direction as Direction | undefined) ?? parent?.direction ?? defaultDirection(category);
    if (direction !== 'D' && direction !== 'C') fail('BAD_INPUT', `chart of accounts: subject ${s.code} needs a balance direction (D or C)`);
    const level = parent ? parent.level + 1 : 1;
    byCode.set(s.code, { category, direction, level });
    db.run(
      db.q.insertInto('subject').values({
        code: s.code,
        name: s.name,
        name_en: s.nameEn,
        parent_code: s.parent ?? null,
        level,
        category,
        balance_direction: direction,
        is_leaf: parents.has(s.code) ? 0 : 1,
      }),
    );
  }
  return chart.subjects.length;
}

export interface Subject {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
  level: number;
  category: SubjectCategory;
  balanceDirection: Direction;
  isLeaf: boolean;
}

export function listSubjects(db: Db): Subject[] {
  return db.all(db.q.selectFrom('subject').selectAll().orderBy('code')).map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    parentCode: r.parent_code,
    level: r.level,
    category: r.category,
    balanceDirection: r.balance_direction,
    isLeaf: r.is_leaf === 1,
  }));
}

/** Add a detail subject under an existing one. A subject that already holds accounts cannot get children: its money would leave the leaves. */
export function addSubject(db: Db, spec: { code: string; name: string; nameEn: string; parent: string }): Subject {
  const parent = db.first(db.q.selectFrom('subject').selectAll().where('code', '=', spec.parent)) ?? fail('NOT_FOUND', `no subject ${spec.parent}`);
  if (!/^\d{4}(\.\d{2,4})+$/.test(spec.code) || !spec.code.startsWith(parent.code + '.')) {
    fail('BAD_INPUT', `subject code ${spec.code} must extend ${parent.code} as ${parent.code}.NN`);
  }
  if (db.first(db.q.selectFrom('subject').select('code').where('code', '=', spec.code))) fail('CONFLICT', `subject ${spec.code} already exists`);
  if (db.first(db.q.selectFrom('account').select('id').where('subject_code', '=', parent.code).limit(1))) {
    fail('CONFLICT', `subject ${parent.code} already holds accounts; add the detail subject elsewhere or move the accounts first`);
  }
  return db.tx(() => {
    db.run(db.q.updateTable('subject').set({ is_leaf: 0 }).where('code', '=', parent.code));
    db.run(
      db.q.insertInto('subject').values({
        code: spec.code, name: spec.name, name_en: spec.nameEn, parent_code: parent.code,
        level: parent.level + 1, category: parent.category, balance_direction: parent.balance_direction, is_leaf: 1,
      }),
    );
    return listSubjects(db).find((s) => s.code === spec.code)!;
  });
}
