// 设置: channels and the routing rules they feed, the error strategy table, merchants' fee rates and
// cycles, the ERP subject mapping, users and roles. Admins edit (reviewers too for the strategy
// table, as the core allows); everyone else reads. The core validates, audits and refuses anyway.
import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { AppOutput, Role } from '../api/bridge-types.js';
import { CHANNEL_CODES, PAY_METHODS, ROLES, ROUNDING_MODES, STRATEGY_ACTIONS } from '../../../core/shared/rules.js';
import { useApp, may } from '../store.js';
import { actionName, channelName, roleName, useScreenT, type Words } from '../i18n.js';
import { Amount, DataTable, Field, Pill, Section, Tabs, useLoad } from '../components/ui.js';
import { formatMinor, parseMinor } from '../money.js';
import './Settings.css';

const WORDS = {
  'set.title': ['设置', 'Settings'],
  'set.lead': ['渠道与路由、差错处理策略、商户费率与结算周期、ERP 科目对照、用户与角色。每次修改都记入审计日志。', 'Channels and routing, the error strategy table, merchant fee rates and cycles, ERP subject mapping, users and roles. Every change goes into the audit log.'],
  'set.readOnly': ['只读：你的角色（{role}）不能修改这里的设置。', 'Read-only: your role ({role}) cannot change these settings.'],
  'set.readOnlyReviewer': ['你的角色（{role}）可以修改差错策略表；其余设置只读。', 'Your role ({role}) may change the error strategy table; everything else is read-only.'],
  'set.tab.channels': ['渠道', 'Channels'],
  'set.tab.routing': ['路由规则', 'Routing rules'],
  'set.tab.strategies': ['差错策略', 'Error strategies'],
  'set.tab.merchants': ['商户', 'Merchants'],
  'set.tab.erp': ['ERP 科目对照', 'ERP mapping'],
  'set.tab.users': ['用户与角色', 'Users and roles'],
  'set.save': ['保存', 'Save'],
  'set.saving': ['保存设置', 'Saving'],
  'set.saved': ['已保存：{what}', 'Saved: {what}'],
  'set.cancel': ['取消', 'Cancel'],
  'set.clickToEdit': ['点一行修改。', 'Click a row to change it.'],
  'set.feeRate': ['费率', 'Fee rate'],
  'set.feeRateHint': ['写 0.38% 或 0.0038（最多到 0.0001%），0–20%', 'Write 0.38% or 0.0038 (down to 0.0001%), 0–20%'],
  'set.rounding': ['舍入', 'Rounding'],
  'set.singleMax': ['单笔限额', 'Single limit'],
  'set.dailyMax': ['日限额', 'Daily limit'],
  'set.cutoff': ['日切时间', 'Cut-off'],
  'set.hours': ['营业时间', 'Open hours'],
  'set.openFrom': ['开始', 'Opens'],
  'set.openTo': ['结束', 'Closes'],
  'set.alwaysOpen': ['全天', 'always'],
  'set.hoursHint': ['HH:mm；两项都留空为全天营业', 'HH:mm; leave both empty for always open'],
  'set.refundWindow': ['退款期限（天）', 'Refund window (days)'],
  'set.status': ['状态', 'Status'],
  'set.kind': ['类型', 'Kind'],
  'set.methods': ['支付方式', 'Methods'],
  'set.cards': ['卡种', 'Cards'],
  'set.success': ['成功率', 'Success'],
  'set.latency': ['延迟', 'Latency'],
  'set.kind.wallet': ['钱包', 'wallet'],
  'set.kind.card': ['银行卡组织', 'card scheme'],
  'set.kind.bank': ['网银', 'bank'],
  'set.kind.payout': ['代付', 'payout'],
  'set.kind.internal': ['内部', 'internal'],
  'set.editChannel': ['修改渠道：{name}', 'Change channel: {name}'],
  'set.status.up': ['正常', 'up'],
  'set.status.degraded': ['降级', 'degraded'],
  'set.status.down': ['停用', 'down'],
  'set.level': ['层级', 'Level'],
  'set.level.basic': ['基础因子', 'Basic'],
  'set.level.feature': ['特征因子', 'Feature'],
  'set.level.quality': ['质量因子', 'Quality'],
  'set.rule': ['规则', 'Rule'],
  'set.reads': ['读取的渠道参数', 'Channel terms it reads'],
  'set.rulesTitle': ['路由三层规则（依次执行）', 'The router’s three levels (applied in order)'],
  'set.previewTitle': ['试算路由：这笔支付现在会走哪个渠道', 'Try a route: where a payment would go now'],
  'set.method': ['支付方式', 'Method'],
  'set.amount': ['金额', 'Amount'],
  'set.cardType': ['卡种', 'Card type'],
  'set.time': ['支付时间', 'Paid at'],
  'set.preview': ['试算', 'Preview'],
  'set.chosen': ['选中渠道', 'Chosen'],
  'set.none': ['无可用渠道', 'no channel'],
  'set.kept': ['保留', 'Kept'],
  'set.dropped': ['淘汰及原因', 'Dropped, and why'],
  'set.txn': ['交易类型', 'Transaction'],
  'set.ours': ['我方', 'Ours'],
  'set.theirs': ['对方', 'Theirs'],
  'set.action': ['处理方式', 'Action'],
  'set.automatic': ['自动执行', 'Automatic'],
  'set.note': ['说明', 'Note'],
  'set.anyChannel': ['所有渠道', 'any channel'],
  'set.editStrategy': ['修改策略', 'Change a strategy row'],
  'set.strategyChannelHint': ['选一个渠道会为该渠道新增一行（渠道行优先于通用行）', 'Choosing a channel adds a row for that channel (a channel’s row wins over the any-channel row)'],
  'set.autoHint': ['只有补单和等待可以自动执行', 'Only supplement and wait can run automatically'],
  'set.txn.pay': ['支付', 'pay'],
  'set.txn.refund': ['退款', 'refund'],
  'set.txn.payout': ['代付', 'payout'],
  'set.ours.missing': ['无记录', 'missing'],
  'set.ours.pending': ['处理中', 'pending'],
  'set.ours.failed': ['失败', 'failed'],
  'set.ours.succeeded': ['成功', 'succeeded'],
  'set.theirs.success': ['成功', 'success'],
  'set.theirs.missing': ['无记录', 'missing'],
  'set.theirs.amount_differs': ['金额不符', 'amount differs'],
  'set.yes': ['是', 'yes'],
  'set.no': ['否', 'no'],
  'set.merchant': ['商户', 'Merchant'],
  'set.product': ['产品', 'Product'],
  'set.cycle': ['结算周期', 'Cycle'],
  'set.days': ['天数', 'Days'],
  'set.daysHint': ['Dn 填 2–90 天；D0、D1、T1 自带天数', 'Dn: 2–90 days; D0, D1 and T1 carry their own'],
  'set.editProduct': ['修改 {merchant} 的 {product}', 'Change {product} of {merchant}'],
  'set.productNote': ['新费率用于此后的支付；新周期用于所有尚未结算的订单。', 'A new fee rate applies to payments from now on; a new cycle to every order not yet settled.'],
  'set.prod.open': ['开通', 'open'],
  'set.prod.closed': ['关闭', 'closed'],
  'set.erp': ['ERP', 'ERP'],
  'set.erp.kingdee': ['金蝶', 'Kingdee'],
  'set.erp.yonyou': ['用友', 'Yonyou'],
  'set.erp.generic': ['通用 CSV', 'Generic CSV'],
  'set.subject': ['我方科目', 'Our subject'],
  'set.erpCode': ['ERP 科目代码', 'ERP code'],
  'set.erpName': ['ERP 科目名称', 'ERP name'],
  'set.aux': ['辅助核算', 'Auxiliary'],
  'set.source': ['来源', 'Source'],
  'set.src.default': ['默认', 'default'],
  'set.src.custom': ['自定义', 'custom'],
  'set.blocked': ['未对照（导出会被拒绝）', 'unmapped (exports refuse it)'],
  'set.editMapping': ['修改对照：{code} {name}', 'Change mapping: {code} {name}'],
  'set.erpCodeHint': ['留空表示有意不对照：导出遇到该科目会被拒绝', 'Empty blanks it on purpose: an export that meets this subject is refused'],
  'set.resetDefault': ['恢复默认', 'Back to default'],
  'set.login': ['登录名', 'Login'],
  'set.name': ['姓名', 'Name'],
  'set.role': ['角色', 'Role'],
  'set.newUser': ['新建用户', 'New user'],
  'set.create': ['新建', 'Create'],
  'set.loginHint': ['2–32 位字母、数字、“_”“.”“-”', '2–32 letters, digits, "_", "." or "-"'],
  'set.changeRole': ['改为', 'Change to'],
  'set.you': ['（你）', '(you)'],
  'set.roleNote': ['不能修改自己的角色；最后一位管理员不能降级。', 'Nobody changes their own role; the last admin stays admin.'],
  'set.password': ['密码', 'Password'],
  'set.passwordSet': ['已设置', 'set'],
  'set.noPassword': ['尚未设置密码', 'no password yet'],
  'set.passwordHint': ['至少 10 位；当面告知本人，登录后请本人修改。', 'At least 10 characters; tell the user in person, and have them change it after signing in.'],
  'set.myPassword': ['我的密码', 'My password'],
  'set.ownPasswordHint': ['至少 10 位，不同于当前密码。', 'At least 10 characters, not the current one.'],
  'set.currentPassword': ['当前密码', 'Current password'],
  'set.newPassword': ['新密码', 'New password'],
  'set.changePassword': ['修改密码', 'Change password'],
  'set.badLimit': ['限额格式不对（最多两位小数）', 'Not an amount (at most 2 decimals)'],
} as const satisfies Words;

type T = ReturnType<typeof useScreenT<typeof WORDS>>;
type TabKey = 'channels' | 'routing' | 'strategies' | 'merchants' | 'erp' | 'users';
type Channel = AppOutput<'channels.list'>[number];
const ROUNDINGS = ROUNDING_MODES;

/** '0.0038' → '0.38%': the decimal point moved two places as text, never through a float. */
export function ratePercent(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const f = fraction.padEnd(2, '0');
  const head = `${whole}${f.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const tail = f.slice(2).replace(/0+$/, '');
  return `${head}${tail ? `.${tail}` : ''}%`;
}

export function SettingsScreen() {
  const t = useScreenT(WORDS);
  const user = useApp((s) => s.user);
  const [tab, setTab] = useState<TabKey>('channels');
  const admin = may(user, 'settings.set');
  return (
    <div className="screen settings-screen" data-testid="screen-settings">
      <div className="screen-head">
        <h1>{t('set.title')}</h1>
        <p className="muted">{t('set.lead')}</p>
        {!admin ? (
          <p className="notice" data-testid="settings-readonly">
            {t(may(user, 'recon.setStrategy') ? 'set.readOnlyReviewer' : 'set.readOnly', { role: roleName(t, user?.role ?? '') })}
          </p>
        ) : null}
      </div>
      <div data-testid="settings-tabs">
        <Tabs
          tabs={(['channels', 'routing', 'strategies', 'merchants', 'erp', 'users'] as const).map((k) => ({ key: k, label: <span data-testid={`settings-tab-${k}`}>{t(`set.tab.${k}`)}</span> }))}
          value={tab}
          onChange={setTab}
        />
      </div>
      {tab === 'channels' ? <ChannelsTab t={t} canEdit={may(user, 'channels.update')} /> : null}
      {tab === 'routing' ? <RoutingTab t={t} /> : null}
      {tab === 'strategies' ? <StrategiesTab t={t} canEdit={may(user, 'recon.setStrategy')} /> : null}
      {tab === 'merchants' ? <MerchantsTab t={t} canEdit={may(user, 'merchants.create')} /> : null}
      {tab === 'erp' ? <ErpTab t={t} canEdit={may(user, 'erp.setMapping')} /> : null}
      {tab === 'users' ? <UsersTab t={t} canEdit={may(user, 'users.create')} /> : null}
    </div>
  );
}

/** Save through the store: busy bar, banner on failure, reload everything after. */
async function save<R>(t: T, what: string, work: () => Promise<R>): Promise<R | undefined> {
  const { run, showOk, changed } = useApp.getState();
  const r = await run(t('set.saving'), work);
  if (r !== undefined) {
    showOk(t('set.saved', { what }));
    changed();
  }
  return r;
}

const statusTone = (s: string) => (s === 'up' ? 'ok' : s === 'degraded' ? 'warn' : 'bad');

function ChannelsTab(props: { t: T; canEdit: boolean }) {
  const { t } = props;
  const revision = useApp((s) => s.revision);
  const channels = useLoad(() => call('channels.list'), [revision]);
  const [code, setCode] = useState<string | null>(null);
  const chosen = channels.data?.find((c) => c.code === code) ?? null;
  return (
    <>
      <Section title={t('set.tab.channels')} testId="settings-channels" actions={props.canEdit ? <span className="muted small">{t('set.clickToEdit')}</span> : undefined}>
        <DataTable
          testId="channel-rows"
          rows={channels.data ?? []}
          rowKey={(c) => c.code}
          selected={code}
          onRowClick={props.canEdit ? (c) => setCode(c.code) : undefined}
          columns={[
            { key: 'name', head: t('col.channel'), render: (c) => <span data-code={c.code}>{channelName(t, c.code)}</span> },
            { key: 'kind', head: t('set.kind'), render: (c) => t(`set.kind.${c.kind}`) },
            { key: 'fee', head: t('set.feeRate'), align: 'right', render: (c) => <span className="num" data-field="feeRate">{ratePercent(c.feeRate)}</span> },
            { key: 'single', head: t('set.singleMax'), align: 'right', render: (c) => <Amount minor={c.singleMaxMinor} /> },
            { key: 'daily', head: t('set.dailyMax'), align: 'right', render: (c) => <Amount minor={c.dailyMaxMinor} /> },
            { key: 'cut', head: t('set.cutoff'), align: 'center', render: (c) => <span className="num">{c.cutoff}</span> },
            { key: 'hours', head: t('set.hours'), align: 'center', render: (c) => <span className="num">{c.openFrom && c.openTo ? `${c.openFrom}–${c.openTo}` : t('set.alwaysOpen')}</span> },
            { key: 'refund', head: t('set.refundWindow'), align: 'right', render: (c) => <span className="num">{c.refundWindowDays}</span> },
            { key: 'status', head: t('set.status'), align: 'center', render: (c) => <Pill tone={statusTone(c.status)}>{t(`set.status.${c.status}`)}</Pill> },
          ]}
        />
      </Section>
      {chosen && props.canEdit ? <ChannelEditor key={`${chosen.code}-${revision}`} t={t} channel={chosen} onClose={() => setCode(null)} /> : null}
    </>
  );
}

function ChannelEditor(props: { t: T; channel: Channel; onClose: () => void }) {
  const { t, channel: c } = props;
  const [form, setForm] = useState({
    feeRate: ratePercent(c.feeRate), feeRounding: c.feeRounding, single: formatMinor(c.singleMaxMinor, 'CNY', { group: false }),
    daily: formatMinor(c.dailyMaxMinor, 'CNY', { group: false }), cutoff: c.cutoff, openFrom: c.openFrom ?? '', openTo: c.openTo ?? '',
    refundWindowDays: String(c.refundWindowDays), status: c.status,
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const single = parseMinor(form.single);
  const daily = parseMinor(form.daily);
  const submit = async () => {
    if (!single.ok || !daily.ok) return;
    const r = await save(t, channelName(t, c.code), () => call('channels.update', {
      code: c.code, feeRate: form.feeRate, feeRounding: form.feeRounding, singleMaxMinor: single.minor, dailyMaxMinor: daily.minor,
      cutoff: form.cutoff.trim(), openFrom: form.openFrom.trim() || null, openTo: form.openTo.trim() || null,
      refundWindowDays: Number(form.refundWindowDays), status: form.status,
    }));
    if (r) props.onClose();
  };
  return (
    <Section title={t('set.editChannel', { name: channelName(t, c.code) })} testId="channel-editor" actions={<button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('set.cancel')}</button>}>
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('set.feeRate')} hint={t('set.feeRateHint')}><input value={form.feeRate} onChange={set('feeRate')} className="num" data-testid="channel-fee-rate" /></Field>
        <Field label={t('set.rounding')}><select value={form.feeRounding} onChange={set('feeRounding')}>{ROUNDINGS.map((r) => <option key={r} value={r}>{r}</option>)}</select></Field>
        <Field label={`${t('set.singleMax')} (CNY)`} hint={form.single && !single.ok ? t('set.badLimit') : undefined}
          ><input value={form.single} onChange={set('single')} className={`num ${single.ok ? '' : 'invalid'}`} data-testid="channel-single" /></Field>
        <Field label={`${t('set.dailyMax')} (CNY)`} hint={form.daily && !daily.ok ? t('set.badLimit') : undefined}><input value={form.daily} onChange={set('daily')} className={`num ${daily.ok ? '' : 'invalid'}`} data-testid="channel-daily" /></Field>
        <Field label={t('set.cutoff')}><input value={form.cutoff} onChange={set('cutoff')} className="num" placeholder="HH:mm" /></Field>
        <Field label={t('set.openFrom')} hint={t('set.hoursHint')}><input value={form.openFrom} onChange={set('openFrom')} className="num" placeholder="HH:mm" /></Field>
        <Field label={t('set.openTo')}><input value={form.openTo} onChange={set('openTo')} className="num" placeholder="HH:mm" /></Field>
        <Field label={t('set.refundWindow')}><input value={form.refundWindowDays} onChange={set('refundWindowDays')} className="num" inputMode="numeric" /></Field>
        <Field label={t('set.status')}>
          <select value={form.status} onChange={set('status')} data-testid="channel-status">{(['up', 'degraded', 'down'] as const).map((s) => <option key={s} value={s}>{t(`set.status.${s}`)}</option>)}</select>
        </Field>
        <div className="form-row settings-actions"><button type="submit" className="btn btn-primary" disabled={!single.ok || !daily.ok} data-testid="channel-save">{t('set.save')}</button></div>
      </form>
    </Section>
  );
}

function RoutingTab(props: { t: T }) {
  const { t } = props;
  const lang = useApp((s) => s.lang);
  const revision = useApp((s) => s.revision);
  const date = useApp((s) => s.date);
  const rules = useLoad(() => call('routing.rules'), []);
  const channels = useLoad(() => call('channels.list'), [revision]);
  const [form, setForm] = useState({ method: 'bank_card' as const as string, amount: '100.00', cardType: 'debit', time: '10:00' });
  const [preview, setPreview] = useState<AppOutput<'routing.preview'> | null>(null);
  const amount = parseMinor(form.amount);
  const doPreview = async () => {
    if (!amount.ok) return;
    const r = await useApp.getState().run(t('set.preview'), () => call('routing.preview', {
      method: form.method as 'bank_card', amountMinor: amount.minor, ...(form.cardType ? { cardType: form.cardType as 'debit' } : {}), localTime: `${date} ${form.time}:00`,
    }));
    if (r) setPreview(r);
  };
  return (
    <>
      <Section title={t('set.rulesTitle')} testId="settings-routing">
        <DataTable
          testId="routing-rules"
          rows={rules.data ?? []}
          rowKey={(_, i) => i}
          columns={[
            { key: 'level', head: t('set.level'), width: 110, render: (r) => <Pill tone={r.level === 'basic' ? 'info' : r.level === 'feature' ? 'warn' : 'ok'}>{t(`set.level.${r.level}`)}</Pill> },
            { key: 'rule', head: t('set.rule'), render: (r) => <span className="wrap">{lang === 'zh' ? r.zh : r.en}</span> },
            { key: 'reads', head: t('set.reads'), render: (r) => <span className="mono small">{r.reads.join(', ') || '—'}</span> },
          ]}
        />
        <div className="settings-gap" />
        <DataTable
          rows={channels.data ?? []}
          rowKey={(c) => c.code}
          columns={[
            { key: 'name', head: t('col.channel'), render: (c) => channelName(t, c.code) },
            { key: 'methods', head: t('set.methods'), render: (c) => <span className="mono small">{c.methods.join(', ') || '—'}</span> },
            { key: 'cards', head: t('set.cards'), render: (c) => <span className="mono small">{c.cardTypes.join(', ') || '—'}</span> },
            { key: 'status', head: t('set.status'), align: 'center', render: (c) => <Pill tone={statusTone(c.status)}>{t(`set.status.${c.status}`)}</Pill> },
            { key: 'success', head: t('set.success'), align: 'right', render: (c) => <span className="num">{(c.successRateBp / 100).toFixed(2)}%</span> },
            { key: 'latency', head: t('set.latency'), align: 'right', render: (c) => <span className="num">{c.latencyMs} ms</span> },
            { key: 'fee', head: t('set.feeRate'), align: 'right', render: (c) => <span className="num">{ratePercent(c.feeRate)}</span> },
            { key: 'single', head: t('set.singleMax'), align: 'right', render: (c) => <Amount minor={c.singleMaxMinor} /> },
            { key: 'hours', head: t('set.hours'), align: 'center', render: (c) => <span className="num">{c.openFrom && c.openTo ? `${c.openFrom}–${c.openTo}` : t('set.alwaysOpen')}</span> },
          ]}
        />
      </Section>
      <Section title={t('set.previewTitle')} testId="routing-preview">
        <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void doPreview(); }}>
          <Field label={t('set.method')}>
            <select value={form.method} onChange={(e) => setForm({ ...form, method: e.target.value })} data-testid="preview-method">
              {PAY_METHODS.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          </Field>
          <Field label={`${t('set.amount')} (CNY)`} hint={form.amount && !amount.ok ? t('common.badAmount') : undefined}
            ><input value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} className="num" data-testid="preview-amount" /></Field>
          <Field label={t('set.cardType')}>
            <select value={form.cardType} onChange={(e) => setForm({ ...form, cardType: e.target.value })}>
              <option value="">—</option><option value="debit">debit</option><option value="credit">credit</option>
            </select>
          </Field>
          <Field label={`${t('set.time')} (${date})`}><input value={form.time} onChange={(e) => setForm({ ...form, time: e.target.value })} className="num" placeholder="HH:mm" /></Field>
          <div className="form-row settings-actions"><button type="submit" className="btn btn-primary" disabled={!amount.ok} data-testid="preview-submit">{t('set.preview')}</button></div>
        </form>
        {preview ? (
          <div data-testid="preview-result">
            <p><strong>{t('set.chosen')}:</strong> <span data-testid="preview-channel">{preview.channel ? channelName(t, preview.channel) : t('set.none')}</span> — <span className="muted">{preview.reason}</span></p>
            <DataTable
              rows={preview.steps}
              rowKey={(s) => s.level}
              columns={[
                { key: 'level', head: t('set.level'), width: 110, render: (s) => t(`set.level.${s.level}`) },
                { key: 'kept', head: t('set.kept'), render: (s) => s.kept.map((k) => channelName(t, k)).join(' → ') || '—' },
                { key: 'dropped', head: t('set.dropped'), render: (s) => <span className="wrap">{s.dropped.map((d) => `${channelName(t, d.channel)}: ${d.reason}`).join('; ') || '—'}</span> },
              ]}
            />
          </div>
        ) : null}
      </Section>
    </>
  );
}

type Strategy = AppOutput<'recon.strategies'>[number];

function StrategiesTab(props: { t: T; canEdit: boolean }) {
  const { t } = props;
  const revision = useApp((s) => s.revision);
  const rows = useLoad(() => call('recon.strategies'), [revision]);
  const [id, setId] = useState<number | null>(null);
  const chosen = rows.data?.find((r) => r.id === id) ?? null;
  return (
    <>
      <Section title={t('set.tab.strategies')} testId="settings-strategies" actions={props.canEdit ? <span className="muted small">{t('set.clickToEdit')}</span> : undefined}>
        <DataTable
          testId="strategy-rows"
          rows={rows.data ?? []}
          rowKey={(r) => r.id}
          selected={id}
          onRowClick={props.canEdit ? (r) => setId(r.id) : undefined}
          columns={[
            { key: 'ch', head: t('col.channel'), render: (r) => (r.channel_code ? channelName(t, r.channel_code) : <span className="muted">{t('set.anyChannel')}</span>) },
            { key: 'txn', head: t('set.txn'), render: (r) => t(`set.txn.${r.txn_type}`) },
            { key: 'ours', head: t('set.ours'), render: (r) => t(`set.ours.${r.our_result}`) },
            { key: 'theirs', head: t('set.theirs'), render: (r) => t(`set.theirs.${r.their_result}`) },
            { key: 'action', head: t('set.action'), render: (r) => <span data-field="action">{actionName(t, r.action)}</span> },
            { key: 'auto', head: t('set.automatic'), align: 'center', render: (r) => <Pill tone={r.automatic ? 'ok' : 'muted'}>{r.automatic ? t('set.yes') : t('set.no')}</Pill> },
            { key: 'note', head: t('set.note'), render: (r) => <span className="wrap small" data-field="note">{r.note}</span> },
          ]}
        />
      </Section>
      {chosen && props.canEdit ? <StrategyEditor key={`${chosen.id}-${revision}`} t={t} row={chosen} onClose={() => setId(null)} /> : null}
    </>
  );
}

function StrategyEditor(props: { t: T; row: Strategy; onClose: () => void }) {
  const { t, row } = props;
  const [form, setForm] = useState({ channel: row.channel_code ?? '', action: row.action, automatic: row.automatic === 1, note: row.note });
  const submit = async () => {
    const r = await save(t, t('set.editStrategy'), () => call('recon.setStrategy', {
      channel: (form.channel || null) as 'alipay' | null, txn: row.txn_type, ours: row.our_result, theirs: row.their_result,
      action: form.action, automatic: form.automatic, note: form.note,
    }));
    if (r) props.onClose();
  };
  return (
    <Section
      title={`${t('set.editStrategy')}: ${t(`set.txn.${row.txn_type}`)} · ${t('set.ours')} ${t(`set.ours.${row.our_result}`)} · ${t('set.theirs')} ${t(`set.theirs.${row.their_result}`)}`}
      testId="strategy-editor"
      actions={<button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('set.cancel')}</button>}
    >
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('col.channel')} hint={t('set.strategyChannelHint')}>
          <select value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value })} data-testid="strategy-channel">
            <option value="">{t('set.anyChannel')}</option>
            {CHANNEL_CODES.map((c) => <option key={c} value={c}>{channelName(t, c)}</option>)}
          </select>
        </Field>
        <Field label={t('set.action')}>
          <select value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value as Strategy['action'] })} data-testid="strategy-action">
            {STRATEGY_ACTIONS.map((a) => <option key={a} value={a}>{actionName(t, a)}</option>)}
          </select>
        </Field>
        <Field label={t('set.automatic')} hint={t('set.autoHint')}>
          <select value={form.automatic ? 'yes' : 'no'} onChange={(e) => setForm({ ...form, automatic: e.target.value === 'yes' })} data-testid="strategy-automatic">
            <option value="no">{t('set.no')}</option><option value="yes">{t('set.yes')}</option>
          </select>
        </Field>
        <Field label={t('set.note')} wide><input value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} data-testid="strategy-note" /></Field>
        <div className="form-row settings-actions"><button type="submit" className="btn btn-primary" disabled={!form.note.trim()} data-testid="strategy-save">{t('set.save')}</button></div>
      </form>
    </Section>
  );
}

type Merchant = AppOutput<'merchants.list'>[number];
type ProductRow = Merchant['products'][number] & { merchantId: string; merchantName: string };

function MerchantsTab(props: { t: T; canEdit: boolean }) {
  const { t } = props;
  const revision = useApp((s) => s.revision);
  const merchants = useLoad(() => call('merchants.list'), [revision]);
  const rows: ProductRow[] = (merchants.data ?? []).flatMap((m) => m.products.map((p) => ({ ...p, merchantId: m.id, merchantName: m.name })));
  const [key, setKey] = useState<string | null>(null);
  const chosen = rows.find((r) => `${r.merchantId}/${r.product}` === key) ?? null;
  return (
    <>
      <Section title={t('set.tab.merchants')} testId="settings-merchants" actions={props.canEdit ? <span className="muted small">{t('set.clickToEdit')}</span> : undefined}>
        <DataTable
          testId="merchant-rows"
          rows={rows}
          rowKey={(r) => `${r.merchantId}/${r.product}`}
          selected={key}
          maxHeight={420}
          onRowClick={props.canEdit ? (r) => setKey(`${r.merchantId}/${r.product}`) : undefined}
          columns={[
            { key: 'm', head: t('set.merchant'), render: (r) => <span><span className="mono">{r.merchantId}</span> {r.merchantName}</span> },
            { key: 'p', head: t('set.product'), render: (r) => <span className="mono">{r.product}</span> },
            { key: 'fee', head: t('set.feeRate'), align: 'right', render: (r) => <span className="num" data-field="feeRate">{ratePercent(r.feeRate)}</span> },
            { key: 'round', head: t('set.rounding'), render: (r) => <span className="small">{r.feeRounding}</span> },
            { key: 'cycle', head: t('set.cycle'), align: 'center', render: (r) => <span className="num" data-field="cycle">{r.settlementCycle === 'Dn' ? `D${r.settlementDays}` : r.settlementCycle}</span> },
            { key: 'status', head: t('set.status'), align: 'center', render: (r) => <Pill tone={r.status === 'open' ? 'ok' : 'muted'}>{t(`set.prod.${r.status}`)}</Pill> },
          ]}
        />
      </Section>
      {chosen && props.canEdit ? <ProductEditor key={`${key}-${revision}`} t={t} row={chosen} onClose={() => setKey(null)} /> : null}
    </>
  );
}

function ProductEditor(props: { t: T; row: ProductRow; onClose: () => void }) {
  const { t, row } = props;
  const [form, setForm] = useState({ feeRate: ratePercent(row.feeRate), feeRounding: row.feeRounding, cycle: row.settlementCycle, days: String(row.settlementDays), status: row.status });
  const submit = async () => {
    const r = await save(t, `${row.merchantId} ${row.product}`, () => call('merchants.setProduct', {
      merchantId: row.merchantId, product: row.product, feeRate: form.feeRate, feeRounding: form.feeRounding, settlementCycle: form.cycle,
      ...(form.cycle === 'Dn' ? { settlementDays: Number(form.days) } : {}), status: form.status,
    }));
    if (r) props.onClose();
  };
  return (
    <Section title={t('set.editProduct', { merchant: `${row.merchantId} ${row.merchantName}`, product: row.product })} testId="product-editor"
      actions={<button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('set.cancel')}</button>}>
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('set.feeRate')} hint={t('set.feeRateHint')}><input value={form.feeRate} onChange={(e) => setForm({ ...form, feeRate: e.target.value })} className="num" data-testid="product-fee-rate" /></Field>
        <Field label={t('set.rounding')}><select value={form.feeRounding} onChange={(e) => setForm({ ...form, feeRounding: e.target.value as typeof form.feeRounding })}>{ROUNDINGS.map((r) => <option key={r} value={r}>{r}</option>)}</select></Field>
        <Field label={t('set.cycle')}>
          <select value={form.cycle} onChange={(e) => setForm({ ...form, cycle: e.target.value as typeof form.cycle })} data-testid="product-cycle">
            {(['D0', 'D1', 'T1', 'Dn'] as const).map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </Field>
        <Field label={t('set.days')} hint={t('set.daysHint')}
          ><input value={form.cycle === 'Dn' ? form.days : form.cycle === 'D0' ? '0' : '1'} disabled={form.cycle !== 'Dn'}
            onChange={(e) => setForm({ ...form, days: e.target.value })} className="num" inputMode="numeric" data-testid="product-days" /></Field>
        <Field label={t('set.status')}>
          <select value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as typeof form.status })}>
            <option value="open">{t('set.prod.open')}</option><option value="closed">{t('set.prod.closed')}</option>
          </select>
        </Field>
        <div className="form-row settings-actions"><button type="submit" className="btn btn-primary" data-testid="product-save">{t('set.save')}</button><span className="muted small">{t('set.productNote')}</span></div>
      </form>
    </Section>
  );
}

type Mapping = AppOutput<'erp.mappings'>[number];

function ErpTab(props: { t: T; canEdit: boolean }) {
  const { t } = props;
  const revision = useApp((s) => s.revision);
  const [erp, setErp] = useState<'kingdee' | 'yonyou' | 'generic'>('kingdee');
  const rows = useLoad(() => call('erp.mappings', { erp }), [erp, revision]);
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => setCode(null), [erp]);
  const chosen = rows.data?.find((r) => r.subjectCode === code) ?? null;
  return (
    <>
      <Section
        title={t('set.tab.erp')}
        testId="settings-erp"
        actions={
          <select value={erp} onChange={(e) => setErp(e.target.value as typeof erp)} data-testid="erp-system">
            {(['kingdee', 'yonyou', 'generic'] as const).map((k) => <option key={k} value={k}>{t(`set.erp.${k}`)}</option>)}
          </select>
        }
      >
        {props.canEdit ? <p className="muted small">{t('set.clickToEdit')}</p> : null}
        <DataTable
          testId="erp-rows"
          rows={rows.data ?? []}
          rowKey={(r) => r.subjectCode}
          selected={code}
          maxHeight={420}
          onRowClick={props.canEdit ? (r) => setCode(r.subjectCode) : undefined}
          columns={[
            { key: 'code', head: t('set.subject'), render: (r) => <span><span className="mono">{r.subjectCode}</span> {r.subjectName}</span> },
            { key: 'erp', head: t('set.erpCode'), render: (r) => (r.erpCode === null ? <Pill tone="bad">{t('set.blocked')}</Pill> : <span className="mono" data-field="erpCode">{r.erpCode}</span>) },
            { key: 'name', head: t('set.erpName'), render: (r) => <span data-field="erpName">{r.erpName}</span> },
            { key: 'aux', head: t('set.aux'), render: (r) => (r.aux ? <span className="small">{r.aux.label}{r.aux.code ? ` ${r.aux.code}` : ''}</span> : '—') },
            { key: 'src', head: t('set.source'), align: 'center', render: (r) => <Pill tone={r.source === 'custom' ? 'info' : 'muted'}>{t(`set.src.${r.source}`)}</Pill> },
          ]}
        />
      </Section>
      {chosen && props.canEdit ? <MappingEditor key={`${erp}-${chosen.subjectCode}-${revision}`} t={t} erp={erp} row={chosen} onClose={() => setCode(null)} /> : null}
    </>
  );
}

function MappingEditor(props: { t: T; erp: 'kingdee' | 'yonyou' | 'generic'; row: Mapping; onClose: () => void }) {
  const { t, row } = props;
  const [form, setForm] = useState({ erpCode: row.erpCode ?? '', erpName: row.erpName });
  const submit = async () => {
    // the auxiliary item stays as it is: this form edits the code and name only
    const aux = row.aux ? { kind: row.aux.kind, code: row.aux.code, name: row.aux.name } : null;
    const r = await save(t, `${row.subjectCode} → ${form.erpCode || '∅'}`, () => call('erp.setMapping', { erp: props.erp, subjectCode: row.subjectCode, erpCode: form.erpCode.trim(), erpName: form.erpName.trim(), aux }));
    if (r) props.onClose();
  };
  const reset = async () => {
    const r = await save(t, `${row.subjectCode} · ${t('set.resetDefault')}`, () => call('erp.deleteMapping', { erp: props.erp, subjectCode: row.subjectCode }));
    if (r) props.onClose();
  };
  return (
    <Section title={t('set.editMapping', { code: row.subjectCode, name: row.subjectName })} testId="mapping-editor" actions={<button type="button" className="btn btn-quiet" onClick={props.onClose}>{t('set.cancel')}</button>}>
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label={t('set.erpCode')} hint={t('set.erpCodeHint')}><input value={form.erpCode} onChange={(e) => setForm({ ...form, erpCode: e.target.value })} className="mono" data-testid="mapping-code" /></Field>
        <Field label={t('set.erpName')} wide><input value={form.erpName} onChange={(e) => setForm({ ...form, erpName: e.target.value })} data-testid="mapping-name" /></Field>
        <div className="form-row settings-actions">
          <button type="submit" className="btn btn-primary" data-testid="mapping-save">{t('set.save')}</button>
          {row.source === 'custom' ? <button type="button" className="btn" onClick={() => void reset()} data-testid="mapping-reset">{t('set.resetDefault')}</button> : null}
        </div>
      </form>
    </Section>
  );
}

const ROLE_LIST: readonly Role[] = ROLES;

function UsersTab(props: { t: T; canEdit: boolean }) {
  const { t } = props;
  const revision = useApp((s) => s.revision);
  const me = useApp((s) => s.user);
  const users = useLoad(() => call('users.list'), [revision]);
  const [form, setForm] = useState({ login: '', name: '', role: 'operator' as Role, password: '' });
  const [roles, setRoles] = useState<Record<string, Role>>({});
  const [passwords, setPasswords] = useState<Record<string, string>>({});
  const [own, setOwn] = useState({ current: '', next: '' });
  const create = async () => {
    const r = await save(t, form.login, () => call('users.create', { login: form.login.trim(), name: form.name.trim(), role: form.role, password: form.password }));
    if (r) setForm({ login: '', name: '', role: 'operator', password: '' });
  };
  const setPasswordOf = async (login: string) => {
    const r = await save(t, `${login}: ${t('set.password')}`, () => call('users.setPassword', { login, password: passwords[login] ?? '' }));
    if (r) setPasswords({ ...passwords, [login]: '' });
  };
  const changeOwn = async () => {
    const r = await save(t, t('set.myPassword'), () => call('users.changePassword', own));
    if (r) setOwn({ current: '', next: '' });
  };
  return (
    <div className="two-col settings-users">
      <Section title={t('set.tab.users')} testId="settings-users">
        <DataTable
          testId="user-rows"
          rows={users.data ?? []}
          rowKey={(u) => u.login}
          columns={[
            { key: 'login', head: t('set.login'), render: (u) => <span className="mono" data-login={u.login}>{u.login}{u.login === me?.login ? ` ${t('set.you')}` : ''}</span> },
            { key: 'name', head: t('set.name'), render: (u) => u.name },
            { key: 'role', head: t('set.role'), render: (u) => <span className={`role role-${u.role}`} data-field="role">{roleName(t, u.role)}</span> },
            { key: 'password', head: t('set.password'), render: (u) => (props.canEdit && u.login !== me?.login ? (
              <span className="role-change">
                <input type="password" autoComplete="new-password" value={passwords[u.login] ?? ''} placeholder={u.hasPassword ? t('set.newPassword') : t('set.noPassword')}
                  onChange={(e) => setPasswords({ ...passwords, [u.login]: e.target.value })} data-testid={`password-of-${u.login}`} />
                <button type="button" className="btn btn-small" disabled={!passwords[u.login]} onClick={() => void setPasswordOf(u.login)} data-testid={`password-save-${u.login}`}>{t('set.save')}</button>
              </span>
            ) : <span className={u.hasPassword ? 'muted' : 'warn-text'}>{u.hasPassword ? t('set.passwordSet') : t('set.noPassword')}</span>) },
            ...(props.canEdit ? [{
              key: 'change', head: t('set.changeRole'),
              render: (u: { login: string; role: Role }) => (u.login === me?.login ? <span className="muted">—</span> : (
                <span className="role-change">
                  <select value={roles[u.login] ?? u.role} onChange={(e) => setRoles({ ...roles, [u.login]: e.target.value as Role })} data-testid={`role-of-${u.login}`}>
                    {ROLE_LIST.map((r) => <option key={r} value={r}>{roleName(t, r)}</option>)}
                  </select>
                  <button type="button" className="btn btn-small" disabled={(roles[u.login] ?? u.role) === u.role} data-testid={`role-save-${u.login}`}
                    onClick={() => void save(t, `${u.login} → ${roleName(t, roles[u.login]!)}`, () => call('users.setRole', { login: u.login, role: roles[u.login]! }))}>
                    {t('set.save')}
                  </button>
                </span>
              )),
            }] : []),
          ]}
        />
        <p className="muted small">{t('set.roleNote')}</p>
      </Section>
      {props.canEdit ? (
        <Section title={t('set.newUser')} testId="user-create">
          <form className="stack" onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <Field label={t('set.login')} hint={t('set.loginHint')}><input value={form.login} onChange={(e) => setForm({ ...form, login: e.target.value })} className="mono" data-testid="new-user-login" /></Field>
            <Field label={t('set.name')}><input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="new-user-name" /></Field>
            <Field label={t('set.role')}>
              <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="new-user-role">
                {ROLE_LIST.map((r) => <option key={r} value={r}>{roleName(t, r)}</option>)}
              </select>
            </Field>
            <Field label={t('set.password')} hint={t('set.passwordHint')}>
              <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} data-testid="new-user-password" />
            </Field>
            <div className="form-row"><button type="submit" className="btn btn-primary" disabled={!form.login.trim() || !form.name.trim() || !form.password} data-testid="user-create-submit">{t('set.create')}</button></div>
          </form>
        </Section>
      ) : null}
      <Section title={t('set.myPassword')} testId="my-password">
        <form className="stack" onSubmit={(e) => { e.preventDefault(); void changeOwn(); }}>
          <Field label={t('set.currentPassword')}><input type="password" autoComplete="current-password" value={own.current} onChange={(e) => setOwn({ ...own, current: e.target.value })} data-testid="own-current" /></Field>
          <Field label={t('set.newPassword')} hint={t('set.ownPasswordHint')}><input type="password" autoComplete="new-password" value={own.next} onChange={(e) => setOwn({ ...own, next: e.target.value })} data-testid="own-next" /></Field>
          <div className="form-row"><button type="submit" className="btn" disabled={!own.current || !own.next} data-testid="own-submit">{t('set.changePassword')}</button></div>
        </form>
      </Section>
    </div>
  );
}
