// 中文 / English: one dictionary, no library. Each entry is [中文, English]; {name} is filled in.
// The core's own messages are bilingual already and are shown as they come.
import { useCallback } from 'react';
import { useApp } from './store.js';
import { HOLD_REASON_WORDS, isHoldReason } from '../../core/shared/settlement.js';
import { CHANNEL_CODES, type ChannelCode } from '../../core/shared/rules.js';

export type Lang = 'zh' | 'en';

const DICT = {
  'app.loading': ['正在连接…', 'Connecting…'],
  'app.subtitle': ['财务工作台', 'finance workstation'],
  'app.workDate': ['会计日期', 'Accounting date'],
  'app.openDays': ['最近的会计日', 'Recent days'],
  'app.signOut': ['退出', 'Sign out'],
  'app.db': ['账套', 'Books'],

  'nav.today': ['今日', 'Today'],
  'nav.import': ['导入', 'Import'],
  'nav.recon': ['对账', 'Reconciliation'],
  'nav.balances': ['银行余额', 'Bank balances'],
  'nav.orders': ['订单查询', 'Orders'],
  'nav.vouchers': ['凭证导出', 'Vouchers'],
  'nav.suspense': ['待查挂账', 'Suspense'],
  'nav.settlement': ['清算结算', 'Settlement'],
  'nav.ledger': ['总账', 'Ledger'],
  'nav.reports': ['报表', 'Reports'],
  'nav.charts': ['图表', 'Charts'],
  'nav.trainer': ['培训模式', 'Trainer'],
  'nav.settings': ['设置', 'Settings'],
  'nav.shortcut': ['快捷键 {key}', 'Shortcut {key}'],

  'common.none': ['无记录', 'Nothing here'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.working': ['处理中…', 'Working…'],
  'common.dismiss': ['关闭提示', 'Dismiss'],
  'common.refresh': ['刷新', 'Refresh'],
  'common.close': ['关闭', 'Close'],
  'common.all': ['全部', 'All'],
  'common.choose': ['请选择', 'Choose'],
  'common.ok': ['通过', 'Passed'],
  'common.failed': ['未通过', 'Failed'],
  'common.balanced': ['平衡', 'Balanced'],
  'common.unbalanced': ['不平', 'Not balanced'],
  'common.badAmount': ['金额格式不对（最多两位小数）', 'Not an amount (at most 2 decimals)'],
  'common.more': ['还有 {n} 项', '{n} more'],
  'common.reveal': ['在文件夹中显示', 'Show in folder'],
  'common.cancel': ['取消', 'Cancel'],
  'common.cancelHint': ['停止这项工作；已做的部分全部撤销', 'Stop this work; whatever it did so far is undone'],

  'day.open': ['未关账', 'open'],
  'day.closed': ['已关账', 'closed'],
  'dir.in': ['收', 'In'],
  'dir.out': ['付', 'Out'],

  'role.operator': ['操作员', 'Operator'],
  'role.reviewer': ['复核员', 'Reviewer'],
  'role.admin': ['管理员', 'Admin'],
  'role.trainer': ['培训', 'Trainer'],

  'channel.alipay': ['支付宝', 'Alipay'],
  'channel.wechat': ['微信支付', 'WeChat Pay'],
  'channel.unionpay': ['银联', 'UnionPay'],
  'channel.bank_b2c': ['网银B2C', 'Bank B2C'],
  'channel.bank_payout': ['代付银行', 'Payout bank'],
  'channel.balance': ['余额', 'Balance'],

  'outcome.matched': ['已对平', 'Matched'],
  'outcome.amountMismatch': ['金额不符', 'Amount differs'],
  'outcome.bankExtra': ['多账', 'Bank extra'],
  'outcome.platformExtra': ['少账', 'Platform extra'],
  'outcome.offset': ['勾销', 'Offset'],
  'outcome.timing': ['日切差异', 'Day-cut timing'],
  'outcome.duplicate': ['重复流水', 'Duplicate'],

  'status.initial': ['未对账', 'not matched'],
  'status.matched': ['已对平', 'matched'],
  'status.amountMismatch': ['金额不符', 'amount differs'],
  'status.bankExtra': ['多账', 'bank extra'],
  'status.platformExtra': ['少账', 'platform extra'],
  'status.duplicate': ['重复', 'duplicate'],
  'status.timing': ['日切', 'timing'],
  'status.offset': ['勾销', 'offset'],
  'status.supplemented': ['已补单', 'supplemented'],
  'status.hung_up': ['已挂账', 'hung up'],
  'status.history': ['已入历史', 'in history'],
  'status.deleted': ['已删除', 'deleted'],

  'action.supplement': ['补单', 'Supplement'],
  'action.refund': ['退款', 'Refund'],
  'action.hang_up': ['挂账', 'Hang up'],
  'action.manual': ['人工处理', 'By hand'],
  'action.wait': ['等待', 'Wait'],
  'action.offset': ['跨日勾销', 'Offset across days'],
  'action.toDo': ['待办', 'to do'],
  'action.done': ['已办', 'done'],

  'acct.normal': ['正常', 'normal'],
  'acct.abolished': ['废除', 'abolished'],
  'acct.closed': ['销户', 'closed'],

  'col.batch': ['批次', 'Batch'],
  'col.file': ['文件', 'File'],
  'col.channel': ['渠道', 'Channel'],
  'col.format': ['格式', 'Format'],
  'col.status': ['状态', 'Status'],
  'col.rows': ['行数', 'Rows'],
  'col.moneyIn': ['收入', 'In'],
  'col.moneyOut': ['支出', 'Out'],
  'col.errors': ['错误', 'Errors'],
  'col.bankDates': ['银行日期', 'Bank dates'],
  'col.importedAt': ['导入时间', 'Imported'],
  'col.row': ['行', 'Row'],
  'col.column': ['列', 'Column'],
  'col.reason': ['原因', 'Reason'],
  'col.outcome': ['结果', 'Outcome'],
  'col.dir': ['收付', 'Dir.'],
  'col.orderNo': ['订单号', 'Order no.'],
  'col.ours': ['我方金额', 'Ours'],
  'col.theirs': ['对方金额', 'Theirs'],
  'col.difference': ['差额', 'Difference'],
  'col.bankDate': ['银行日期', 'Bank date'],
  'col.decision': ['处理', 'Decision'],
  'col.amount': ['金额', 'Amount'],
  'col.channelTradeNo': ['渠道流水号', 'Channel ref.'],
  'col.time': ['时间', 'Time'],
  'col.day': ['日期', 'Day'],
  'col.code': ['业务代码', 'Code'],
  'col.channelFee': ['渠道手续费', 'Channel fee'],
  'col.order': ['订单', 'Order'],
  'col.counterparty': ['对方户名', 'Counterparty'],
  'col.summary': ['摘要', 'Summary'],
  'col.voucher': ['凭证', 'Voucher'],
  'col.source': ['来源', 'Source'],
  'col.note': ['说明', 'Note'],
  'col.result': ['结果', 'Result'],
  'col.accountNo': ['账号', 'Account no.'],
  'col.bank': ['开户行', 'Bank'],
  'col.accountName': ['户名', 'Account name'],
  'col.currency': ['币种', 'Ccy'],
  'col.accountStatus': ['账户状态', 'Account'],
  'col.balanceStatus': ['余额状态', 'Balance'],
  'col.date': ['日期', 'Date'],
  'col.message': ['提示', 'Message'],
  'col.line': ['流水', 'Line'],

  'signin.title': ['登录', 'Sign in'],
  'signin.lead': ['选择你的用户并输入密码。角色决定能做哪些操作；核心会再次检查。', 'Pick your user and enter your password. Your role decides what you can do; the core checks it again.'],
  'signin.password': ['密码', 'Password'],
  'signin.noPassword': ['尚未设置密码', 'no password yet'],
  'signin.setUpTitle': ['初始设置', 'Set up this desk'],
  'signin.setUpLead': ['这是新账套：请为管理员 admin 设置密码（至少 10 位）。之后由管理员为其他用户设置密码。', 'These books are new: give the administrator (admin) a password of at least 10 characters. The admin then sets the others’ passwords.'],
  'signin.newPassword': ['管理员新密码', 'New admin password'],
  'signin.repeatPassword': ['再次输入', 'Repeat it'],
  'signin.repeatDiffers': ['两次输入的密码不一致', 'The two passwords differ'],
  'signin.setUpSubmit': ['设置并登录', 'Set and sign in'],
  'signin.pick': ['用户', 'Users'],
  'signin.submit': ['登录', 'Sign in'],
  'signin.noUsers': ['账套里还没有用户：用 paydesk call users.create 建立操作员和复核员。', 'No users in these books yet: create an operator and a reviewer with `paydesk call users.create`.'],

  'step.import': ['导入对账单', 'Import statements'],
  'step.recon': ['对账', 'Reconcile'],
  'step.review': ['差错处理与汇总确认', 'Differences and summary'],
  'step.balances': ['银行余额', 'Bank balances'],
  'step.close': ['日终关账', 'Close the day'],
  'step.export': ['凭证导出', 'Export vouchers'],
  'step.done': ['已完成', 'Done'],
  'step.todo': ['待办', 'To do'],
  'step.attention': ['需处理', 'Needs attention'],
  'step.waiting': ['等待前序', 'Waiting'],

  'today.title': ['今日工作', 'Today'],
  'today.trial': ['试算', 'Trial balance'],
  'today.debit': ['借方', 'Debit'],
  'today.credit': ['贷方', 'Credit'],
  'today.left': ['待办事项', 'Left to do'],
  'today.open': ['打开', 'Open'],
  'today.importLine': ['{files} 个文件，{rows} 行：{channels}', '{files} file(s), {rows} rows: {channels}'],
  'today.importNone': ['还没有导入这一天的对账单', 'No statement for this day imported yet'],
  'today.importAbnormal': ['{file} 异常（{errors} 处错误），更正后重新导入', '{file} is abnormal ({errors} errors): fix and import again'],
  'today.importRunning': ['{file} 导入中断，需重试', '{file} was interrupted: retry it'],
  'today.reconLine': ['已对平 {matched}，差异 {differences}，日切 {timing}', '{matched} matched, {differences} differences, {timing} timing'],
  'today.reconRun': ['对账批次 {run}', 'Run {run}'],
  'today.reconNone': ['还没有对账', 'Not reconciled yet'],
  'today.reviewLine': ['{groups} 组，平衡 {balanced} 组', '{groups} groups, {balanced} balanced'],
  'today.reviewConfirm': ['复核员确认汇总单', 'A reviewer confirms the summary'],
  'today.balancesLine': ['已复核 {y}，待复核 {a}，未登记 {n}', '{y} reviewed, {a} awaiting review, {n} not entered'],
  'today.balancesEnter': ['{n} 个账户未登记余额', '{n} account(s) without a balance'],
  'today.balancesReview': ['{n} 个余额待复核', '{n} balance(s) awaiting review'],
  'today.balancesCheck': ['{account} 余额核对不符', '{account}: balance check fails'],
  'today.closed': ['已关账', 'Closed'],
  'today.closeTried': ['最近一次关账尝试 {at}', 'Last attempt {at}'],
  'today.closeNone': ['清算、结算与检查通过后关账', 'Clearing, settlement and every check, then close'],
  'today.closeDay': ['日终关账', 'Close the day'],
  'today.closeRun': ['日终关账', 'Closing the day'],
  'today.closedOk': ['{date} 已关账', '{date} is closed'],
  'today.closeRefused': ['未能关账：{n} 项检查未通过', 'Not closed: {n} check(s) failed'],
  'today.exported': ['已导出：{formats}', 'Exported: {formats}'],
  'today.exportNone': ['还没有导出凭证', 'No voucher file exported yet'],
  'today.lastClose': ['最近一次关账检查（{at}）', 'Last close-day checks ({at})'],
  'today.check': ['检查', 'Check'],
  'today.result': ['结果', 'Result'],
  'today.detail': ['明细', 'Detail'],

  'import.accountWarning': ['不计入余额核对：', 'Outside the balance check:'],
  'import.title': ['导入对账单', 'Import statements'],
  'import.lead': ['格式与渠道按内容识别；文件的合计必须与明细相符，有任何错误的文件整批不入库。', 'Format and channel are read from the content; a file\'s totals must equal its rows, and a file with any bad row is kept out whole.'],
  'import.drop': ['把对账单文件拖到这里（可多个）', 'Drop statement files here (one or many)'],
  'import.formats': ['支付宝、微信、银联、银行 .xls/.xlsx/.csv、MT940、camt.053、OFX', 'Alipay, WeChat, UnionPay, bank .xls/.xlsx/.csv, MT940, camt.053, OFX'],
  'import.pick': ['选择文件…', 'Choose files…'],
  'import.channelForNext': ['银行文件的渠道', 'Channel for bank files'],
  'import.channelHint': ['银行对账单不写明渠道，请选择', 'Bank statements do not name their channel'],
  'import.channelAuto': ['自动识别', 'Detect'],
  'import.readOnly': ['你的角色只能查看导入批次。', 'Your role can only look at import batches.'],
  'import.thisSession': ['本次导入', 'This session'],
  'import.retryBatch': ['重新导入', 'Retry'],
  'import.retryHint': ['导入中断：选择同一个文件重新导入此批次', 'The import was interrupted: pick the same file to run this batch again'],
  'import.retrying': ['正在重新导入批次 {batch}', 'Running batch {batch} again'],
  'import.retriedOk': ['批次 {batch} 已重新导入：{status}，{rows} 行', 'Batch {batch} ran again: {status}, {rows} rows'],
  'import.recent': ['最近的导入批次', 'Recent import batches'],
  'import.importing': ['导入', 'Importing'],
  'import.state.queued': ['排队', 'Queued'],
  'import.state.uploading': ['上传中', 'Uploading'],
  'import.state.importing': ['导入中', 'Importing'],
  'import.state.done': ['完成', 'Done'],
  'import.state.abnormal': ['异常', 'Abnormal'],
  'import.state.failed': ['未导入', 'Not imported'],
  'import.state.cancelled': ['已取消', 'Cancelled'],
  'import.state.previewing': ['读取预览', 'Previewing'],
  'import.state.mapping': ['待映射列', 'Needs mapping'],
  'import.preview': ['预览', 'Preview'],
  'import.detected': ['识别为 {format}，编码 {encoding}', 'Read as {format}, encoding {encoding}'],
  'import.unknownLayout': ['无法自动识别的版式：请在下面把列对应起来', 'A layout PayDesk cannot read by itself: match its columns below'],
  'import.headerRow': ['表头行', 'Header row'],
  'import.headerRowN': ['第 {n} 行', 'row {n}'],
  'import.partial': ['只显示文件开头几行', 'Only the first rows are shown'],
  'import.notMapped': ['（不用）', '(not used)'],
  'import.profileSaved': ['方案“{name}”已保存，命令行可用 --profile 使用', 'Profile "{name}" saved; the CLI takes it with --profile'],
  'import.profileDelete': ['删除方案', 'Delete profile'],
  'import.batchStats': ['批次 {batch} 统计', 'Batch {batch} statistics'],
  'import.retry': ['重新导入', 'Import again'],
  'import.force': ['仍然导入（重复内容）', 'Import anyway (same content)'],
  'import.mapColumns': ['映射列…', 'Map columns…'],
  'import.errorsCount': ['{n} 处错误（显示 {kept} 处）', '{n} error(s) ({kept} shown)'],
  'import.wholeFile': ['全文件', 'file'],
  'import.mappingTitle': ['列映射', 'Column mapping'],
  'import.mappingLead': ['从文件表头中选出每个字段对应的列；不选的字段按同义词识别。', 'Pick the file\'s column for each field; fields left alone are found by their usual names.'],
  'import.noPreview': ['照文件表头的写法填写列名，如“入账时间”。', 'Type each header exactly as the file has it, e.g. 入账时间.'],
  'import.profile': ['已存方案', 'Saved profile'],
  'import.profilePick': ['选择方案', 'Pick a profile'],
  'import.profileNone': ['尚无方案', 'No profile yet'],
  'import.headerName': ['表头列名', 'header name'],
  'import.applyMapping': ['按此映射导入', 'Import with this mapping'],
  'import.saveAs': ['方案名', 'Profile name'],
  'import.profileNamePh': ['如：某银行企业网银', 'e.g. Bank X corporate'],
  'import.saveProfile': ['保存方案', 'Save profile'],

  'map.date': ['交易日期', 'Date'],
  'map.time': ['交易时间', 'Time'],
  'map.debit': ['借方（支出）', 'Debit (out)'],
  'map.credit': ['贷方（收入）', 'Credit (in)'],
  'map.amount': ['金额（单列）', 'Amount (one column)'],
  'map.direction': ['借贷标志', 'Direction mark'],
  'map.balance': ['余额', 'Balance'],
  'map.counterparty': ['对方户名', 'Counterparty'],
  'map.reference': ['用途/附言', 'Reference'],
  'map.channelRef': ['流水号', 'Bank ref.'],

  'batch.done': ['完成', 'Done'],
  'batch.abnormal': ['异常', 'Abnormal'],
  'batch.running': ['中断', 'Running'],

  'stats.theirs': ['对方金额', 'theirs'],
  'stats.ours': ['我方金额', 'ours'],
  'stats.difference': ['差额（对方−我方）', 'theirs − ours'],
  'stats.title': ['批次 {batch} 统计', 'Batch {batch} statistics'],
  'stats.receipts': ['收款', 'Receipts'],
  'stats.payments': ['付款', 'Payments'],
  'stats.refunds': ['退款', 'Refunds'],
  'stats.feesPaid': ['付手续费', 'Fees paid'],
  'stats.feesReturned': ['退手续费', 'Fees returned'],

  'recon.title': ['对账', 'Reconciliation'],
  'recon.run': ['执行对账', 'Reconcile'],
  'recon.running': ['对账', 'Reconciling'],
  'recon.ranOk': ['对账完成（批次 {run}）：已对平 {matched} 笔', 'Reconciled (run {run}): {matched} matched'],
  'recon.applyStrategy': ['执行差错策略', 'Apply error strategy'],
  'recon.applying': ['执行差错策略', 'Applying the strategy'],
  'recon.appliedOk': ['已补单 {supplemented} 笔，待人工处理 {toDo} 笔', '{supplemented} supplemented, {toDo} left to do by hand'],
  'recon.totalsFirst': ['先看总数：每个渠道双方合计', 'Totals first: each side per channel'],
  'recon.oursCount': ['我方笔数', 'Our count'],
  'recon.oursAmount': ['我方金额', 'Our amount'],
  'recon.theirsCount': ['对方笔数', 'Their count'],
  'recon.theirsAmount': ['对方金额', 'Their amount'],
  'recon.strategyTitle': ['差错策略结果（批次 {run}）', 'Error strategy (run {run})'],
  'recon.supplemented': ['已补单', 'Supplemented'],
  'recon.toDo': ['待人工处理', 'To do by hand'],
  'recon.alreadyHandled': ['此前已处理', 'Handled before'],
  'recon.tabRows': ['对账明细', 'Rows'],
  'recon.tabBatches': ['对账批次', 'Batches'],
  'recon.tabSummary': ['汇总确认', 'Summary confirmation'],
  'recon.tabFunds': ['资金对账', 'Fund flows'],
  'recon.tabDuplicates': ['重复支付', 'Duplicate payments'],
  'recon.rowsTotal': ['共 {n} 行', '{n} rows'],
  'recon.noRows': ['没有符合条件的行', 'No rows for this filter'],
  'recon.notReconciled': ['这一天还没有全渠道对账：先执行对账。', 'This day has no all-channel reconciliation yet: reconcile first.'],

  // One per reason in core/shared/errors.ts, filled from the error's params (renderer/errors-as-data.test.ts checks each has one).
  'error.CHANNEL_NOT_NAMED': ['{file} 是 {format} 文件，未写明是哪个渠道的对账单：请选择渠道后重试。', '{file} is a {format} file, which does not say whose statement it is: choose the channel and retry.'],
  'error.ALREADY_IMPORTED': ['{file} 已于 {importedOn} 导入为批次 {batchId}（内容相同）。确需再次导入，请点“仍然导入”。', '{file} was already imported as batch {batchId} on {importedOn} (same content). To import it again, choose “Import anyway”.'],
  'error.FORMAT_UNKNOWN': ['{file} 不是已知格式的对账单：请映射它的列，或指定格式。', '{file} is not a statement layout PayDesk knows: map its columns, or choose the format.'],
  'error.COLUMNS_UNMAPPED': ['{file} 的表头缺少需要的列（{columns}）：请手工映射。', 'The header row of {file} lacks the columns it needs ({columns}): map them by hand.'],
  'error.NOT_RECONCILED': ['{date} 还没有对账：先执行对账。', '{date} has no reconciliation yet: reconcile first.'],
  'error.SIGN_IN_REFUSED': ['用户名或密码错误。', 'Wrong login or password.'],
  'error.LOCKED_OUT': ['密码错误次数过多，账户锁定至 {until}。管理员可重设密码解锁。', 'Too many wrong passwords: the account is locked until {until}. An admin can unlock it by setting a new password.'],
  'error.NO_PASSWORD': ['{login} 尚未设置密码：请管理员在“设置”中设置。', '{login} has no password yet: an admin sets one in Settings.'],
  'error.PASSWORD_RULE': ['密码不符合要求：至少 10 位，至多 256 位，且不能与旧密码相同。', 'That password breaks the rule: 10 to 256 characters, and not the old one.'],
  'error.SESSION_EXPIRED': ['登录已过期（长时间未操作或超过一个工作日），请重新登录。', 'Your sign-in ran out (idle too long, or longer than a working day): sign in again.'],
  'error.MAKER_IS_CHECKER': ['不能复核自己经办的工作：请由另一位复核员完成。', 'You cannot check your own work: another reviewer must do it.'],
  'error.UNSIGNED_FIELD': ['请求中有未签名的字段：{field}。', 'The request carries a field its signature does not cover: {field}.'],
  'error.BAD_SIGNATURE': ['签名不符：已签名的字段被改动，或商户密钥不对。', 'The signature does not match: a signed field was changed or the merchant key is wrong.'],
  'error.REQUEST_EXPIRED': ['请求时间超出有效期，请重新签名发送。', 'The request is stamped too far from now: sign it again.'],
  'error.REPLAYED_REQUEST': ['重复的请求：这个 nonce 已经用过。', 'A replayed request: this nonce was used before.'],
  'error.REPEATED_ENTRY_KEY': ['{date} 对账中止：一对一业务的入账流水重复（{channel} 订单 {orderNo}，流水 {entries}），属于重复记账，未写入任何结果。请带上这些流水号报告。',
    '{date} was not reconciled: our entry flows repeat a one-to-one key ({channel} order {orderNo}, entries {entries}), a double booking. Nothing was written; report it with these entries.'],
  'recon.bankExtraTitle': ['多账处理', 'Bank extras'],
  'recon.suspenseCode': ['挂账代码', 'Suspense code'],
  'recon.classifySelected': ['分类所选 {n} 笔', 'Classify {n} selected'],
  'recon.classifyAll': ['分类全部 {n} 笔', 'Classify all {n}'],
  'recon.classifying': ['流水分类', 'Classifying'],
  'recon.classifiedOk': ['{n} 笔已分类为 {code}', '{n} line(s) classified as {code}'],
  'recon.hangUpSelected': ['挂账所选 {n} 笔', 'Hang up {n} selected'],
  'recon.hangUpAll': ['汇总挂账全部 {n} 笔', 'Hang up all {n}'],
  'recon.hangingUp': ['汇总挂账', 'Hanging up'],
  'recon.hungUpOk': ['已挂账 {lines} 笔，凭证 {vouchers}', '{lines} line(s) hung up, voucher(s) {vouchers}'],
  'recon.platformRecord': ['平台记录（入账流水）', 'Platform record (entry flow)'],
  'recon.statementLine': ['对账单行（清算流水）', 'Statement line (clearing flow)'],
  'recon.entryFlow': ['入账流水 #{id}', 'entry flow #{id}'],
  'recon.lineOf': ['{file} 第 {row} 行（批次 {batch}）', '{file} row {row} (batch {batch})'],
  'recon.actionsTaken': ['处理记录', 'Actions taken'],
  'recon.correctTitle': ['更正并重新匹配', 'Correct and match again'],
  'recon.reason': ['更正原因', 'Reason'],
  'recon.reasonPh': ['如：银行确认金额有误', 'e.g. the bank confirmed the amount'],
  'recon.correctAndRematch': ['更正并重新对账', 'Correct and re-match'],
  'recon.correcting': ['更正并重新对账', 'Correcting and re-matching'],
  'recon.correctedOk': ['已更正并重新对账：已对平 {matched} 笔', 'Corrected and matched again: {matched} matched'],
  'recon.deleteLine': ['删除此行', 'Delete the line'],
  'recon.deleting': ['删除清算流水', 'Deleting the line'],
  'recon.deletedOk': ['已删除（标记删除，留痕）', 'Deleted (marked, kept for the record)'],
  'recon.notEditable': ['当前状态（{status}）不可更正', 'A line that is {status} cannot be corrected'],
  'recon.batchesOf': ['{date} 的对账批次（点击查看统计）', 'Batches of {date} (click for statistics)'],
  'recon.pickBatch': ['点击批次查看统计。', 'Click a batch for its statistics.'],
  'recon.summaryTitle': ['{date} 汇总确认单', 'Summary sheet for {date}'],
  'recon.confirm': ['复核确认', 'Confirm'],
  'recon.confirming': ['汇总确认', 'Confirming'],
  'recon.confirmedOk': ['已确认：{moved} 对移入历史；{refused} 组不平未确认', 'Confirmed: {moved} pairs moved to history; {refused} group(s) held back'],
  'recon.confirmed': ['已确认', 'Confirmed'],
  'recon.notConfirmed': ['未确认', 'Not confirmed'],
  'recon.reviewerConfirms': ['由复核员确认', 'A reviewer confirms'],
  'recon.noSummary': ['这一天还没有全渠道对账，先执行对账。', 'No all-channel reconciliation for this day yet: reconcile first.'],
  'recon.runNo': ['对账批次 {run}', 'Run {run}'],
  'recon.groups': ['{n} 组，{unbalanced} 组不平', '{n} groups, {unbalanced} not balanced'],
  'recon.entryTotal': ['入账合计', 'Entry total'],
  'recon.outstanding': ['已处理未达（结转）', 'Decided, carried forward'],
  'recon.unexplained': ['未说明差额', 'Unexplained difference'],
  'recon.clearingTotal': ['清算合计', 'Clearing total'],
  'recon.matchedPairs': ['对平笔数', 'Matched pairs'],
  'recon.differences': ['差异说明', 'Differences'],

  'bal.unassignedTitle': ['不属于任何银行账户的流水（{n} 笔）', 'Statement lines of no bank account ({n})'],
  'bal.unassignedLead': ['这些银行对账单的账号未登记（或未写明账号），其流水不计入任何账户的余额核对，日终关账会因此拒绝。请在“设置 → 银行账户”中登记账户，或以正确账号重新导入。',
    'These bank statements name an account that is not registered (or none), so their lines are outside every balance check and close-day refuses. '
    + 'Register the account in Settings → Bank accounts, or re-import with the right one.'],
  'bal.title': ['银行余额', 'Bank balances'],
  'bal.lead': ['操作员登记余额，复核员导入复核模板，最后核对：银行余额 = 账面余额 + 未达款项。', 'The operator enters each balance, the reviewer imports the review template, then the check: bank = ledger + outstanding items.'],
  'bal.accountsOf': ['{date} 各账户余额', 'Accounts on {date}'],
  'bal.statusN': ['未登记', 'not entered'],
  'bal.statusA': ['待复核', 'awaiting review'],
  'bal.statusY': ['已复核', 'reviewed'],
  'bal.reviewedBalance': ['复核余额', 'Reviewed balance'],
  'bal.entered': ['登记', 'Entered'],
  'bal.reviewedBy': ['复核', 'Reviewed'],
  'bal.registerTitle': ['登记余额（操作员）', 'Enter a balance (operator)'],
  'bal.amountOnStatement': ['对账单余额（{ccy}）', 'Balance on the statement ({ccy})'],
  'bal.amountHint': ['照对账单填写，如 1,234,567.89', 'As the statement shows it, e.g. 1,234,567.89'],
  'bal.register': ['登记', 'Enter'],
  'bal.registering': ['登记余额', 'Entering the balance'],
  'bal.registeredOk': ['{account} 已登记 {amount}（待复核）', '{account}: {amount} entered (awaiting review)'],
  'bal.registerNote': ['登记的余额在复核前不显示。', 'An entered balance stays hidden until reviewed.'],
  'bal.reviewTitle': ['复核导入（复核员）', 'Review import (reviewer)'],
  'bal.reviewLead': ['在模板里按银行回单填写每个账户的余额，再导入；每行给出核对结果。', 'Fill the template with each account\'s balance from the bank, then import it; each row gets its result.'],
  'bal.template': ['模板', 'Template'],
  'bal.importReview': ['导入复核模板…', 'Import the review file…'],
  'bal.reviewing': ['导入复核模板', 'Importing the review'],
  'bal.reviewedOk': ['复核通过 {reviewed} 行，未通过 {failed} 行', '{reviewed} row(s) passed, {failed} failed'],
  'bal.checkTitle': ['余额核对', 'Balance check'],
  'bal.bankSays': ['银行余额', 'Bank'],
  'bal.ledgerSays': ['账面余额', 'Ledger'],
  'bal.outstanding': ['未达款项', 'Outstanding'],
  'bal.items': ['笔数', 'Items'],
  'bal.unexplained': ['未解释差额', 'Unexplained'],
  'bal.notReviewed': ['未复核', 'Not reviewed'],
  'bal.checkRule': ['点击账户查看未达款项。', 'Click an account for its outstanding items.'],
  'bal.outstandingOf': ['{account} 的未达款项', 'Outstanding items of {account}'],

  'vch.title': ['凭证导出', 'Voucher export'],
  'vch.lead': ['把当天凭证写成 ERP 导入文件；写入前核对借贷平衡、张数与账面一致。', 'Write the day\'s vouchers as an ERP import file; it is checked to balance and to equal the ledger before it is written.'],
  'vch.layout': ['格式', 'Layout'],
  'vch.kingdee': ['金蝶 KIS/K3', 'Kingdee KIS/K3'],
  'vch.kingdeeCloud': ['金蝶云星空', 'Kingdee Cloud (云星空)'],
  'vch.yonyou': ['用友 U8', 'Yonyou U8'],
  'vch.csv': ['通用 CSV', 'Generic CSV'],
  'vch.accountBook': ['账簿编码', 'Account book'],
  'vch.accountBookName': ['账簿名称', 'Book name'],
  'vch.org': ['核算组织编码', 'Organisation'],
  'vch.orgName': ['组织名称', 'Organisation name'],
  'vch.preparer': ['制单人', 'Preparer'],
  'vch.preparerHint': ['留空则用系统默认', 'Empty: the default'],
  'vch.preview': ['预览', 'Preview'],
  'vch.previewing': ['生成预览', 'Previewing'],
  'vch.export': ['导出', 'Export'],
  'vch.exporting': ['导出凭证', 'Exporting'],
  'vch.exportedOk': ['已导出 {vouchers} 张凭证，{lines} 条分录', '{vouchers} vouchers, {lines} lines written'],
  'vch.noExportRole': ['你的角色不能导出凭证', 'Your role cannot export vouchers'],
  'vch.written': ['已写出的文件', 'File written'],
  'vch.vouchers': ['凭证', 'Vouchers'],
  'vch.lines': ['分录', 'Lines'],
  'vch.debit': ['借方合计', 'Debit'],
  'vch.credit': ['贷方合计', 'Credit'],
  'vch.dayOpen': ['当天未关账', 'day still open'],
  'vch.dayOpenNote': ['当天尚未关账：之后新增的凭证要再次导出。', 'The day is still open: vouchers posted later need another export.'],
  'vch.download': ['下载', 'Download'],
  'vch.previewTitle': ['预览：前 {shown} 行（共 {vouchers} 张凭证，{lines} 条分录）', 'Preview: first {shown} rows (of {vouchers} vouchers, {lines} lines)'],
} as const satisfies Record<string, readonly [string, string]>;

export type TKey = keyof typeof DICT;
export type Translate = (key: TKey, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: TKey, vars?: Record<string, string | number>): string {
  const entry = DICT[key];
  const text: string = entry[lang === 'zh' ? 0 : 1];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function hasKey(key: string): key is TKey {
  return Object.prototype.hasOwnProperty.call(DICT, key);
}

/**
 * An error in the desk's language: by its reason and params where it has one, else the core's own
 * (bilingual) sentence. Never by reading the sentence.
 */
export function errorText(t: Translate, error: { text: string; reason?: string | undefined; params?: Record<string, string | number | boolean | null> | undefined }): string {
  const key = error.reason ? `error.${error.reason}` : '';
  if (!key || !hasKey(key)) return error.text;
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params ?? {})) vars[name] = typeof value === 'number' ? value : String(value ?? '');
  return t(key, vars);
}

export function useT(): Translate {
  const lang = useApp((s) => s.lang);
  return useCallback<Translate>((key, vars) => translate(lang, key, vars), [lang]);
}

/**
 * A screen's own words beside the shared dictionary: `const t = useScreenT(WORDS)` takes either a
 * key of WORDS or a shared key. Screens keep their texts in their own file.
 */
export type Words = Record<string, readonly [string, string]>;
export type ScreenTranslate<W extends Words> = (key: (keyof W & string) | TKey, vars?: Record<string, string | number>) => string;

export function useScreenT<W extends Words>(words: W): ScreenTranslate<W> {
  const lang = useApp((s) => s.lang);
  return useCallback<ScreenTranslate<W>>((key, vars) => {
    const entry: readonly [string, string] | undefined = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : undefined;
    if (!entry) return translate(lang, key as TKey, vars);
    const text = entry[lang === 'zh' ? 0 : 1];
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
  }, [lang, words]);
}

/** Why settlement holds an order, in the desk's language, from the core's own words for it. */
export function holdReasonText(reason: string, lang: Lang): string {
  return isHoldReason(reason) ? HOLD_REASON_WORDS[reason][lang === 'zh' ? 0 : 1] : reason;
}

/** A day-end check's figures in the desk's language (the core gives detailZh beside detail). */
export function checkDetail(check: { detail: string; detailZh?: string }, lang: Lang): string {
  return lang === 'zh' && check.detailZh ? check.detailZh : check.detail;
}

export const CHANNELS = CHANNEL_CODES;
export type { ChannelCode };

function named(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasKey(key) ? t(key) : value;
}

export const channelName = (t: Translate, code: string) => named(t, 'channel', code);
export const outcomeName = (t: Translate, outcome: string) => named(t, 'outcome', outcome);
export const statusName = (t: Translate, status: string) => named(t, 'status', status);
export const actionName = (t: Translate, action: string) => named(t, 'action', action);
export const roleName = (t: Translate, role: string) => named(t, 'role', role);
