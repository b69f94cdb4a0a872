// The router's and the risk rules' reasons in Chinese for the trainer screen. The core gives them in
// English with their figures (core/routing/factors.ts, router.ts, ranking.ts, core/risk/rules.ts);
// each sentence shape is matched here and its figures carried over. Anything unknown stays as it is.

type Rule = [RegExp, (...groups: string[]) => string];

const STATUS: Record<string, string> = { up: '正常', degraded: '降级', down: '停用' };
const status = (s: string) => STATUS[s] ?? s;

/** One clause at a time: the router's "why" sentences are built from these. */
const CLAUSES: Rule[] = [
  [/^wallet payment (\S+) is not rerouted to another channel$/, (m) => `钱包支付 ${m} 不改路由到其他渠道`],
  [/^does not take method (\S+)$/, (m) => `不支持支付方式 ${m}`],
  [/^does not take currency (\S+) \(takes (.*)\)$/, (c, list) => `不支持币种 ${c}（支持 ${list}）`],
  [/^amount (\S+) exceeds single limit (\S+)$/, (a, l) => `金额 ${a} 超过单笔限额 ${l}`],
  [/^card type not given \(takes (.*) only\)$/, (t) => `未提供卡类型（仅支持 ${t.replace(' or ', '或')}）`],
  [/^does not take (\S+) cards \((.*) only\)$/, (c, t) => `不支持 ${c} 卡（仅支持 ${t.replace(' or ', '或')}）`],
  [/^channel is down$/, () => '渠道已停用'],
  [/^blocked for merchant (\S+)$/, (m) => `对商户 ${m} 已屏蔽`],
  [/^closed at (\S+) \(open (\S+)\)$/, (at, open) => `${at} 不在营业时间（${open}）`],
  [/^daily limit: (\S+) used today \+ (\S+) exceeds (\S+)$/, (used, a, l) => `日限额：今日已用 ${used} + 本笔 ${a} 超过 ${l}`],
  [/^(\S+) is (up|degraded|down), (\S+) is (up|degraded|down)$/, (a, sa, b, sb) => `${a} ${status(sa)}，${b} ${status(sb)}`],
  [/^higher success rate \((.*) vs (.*)\)$/, (a, b) => `成功率更高（${a} 对 ${b}）`],
  [/^success rates within (\S+) count as equal \((.*) vs (.*)\), and latency is lower \((\S+) ms vs (\S+) ms\)$/, (tie, a, b, la, lb) => `成功率相差 ${tie} 以内视为相同（${a} 对 ${b}），响应更快（${la} ms 对 ${lb} ms）`],
  [/^success rates within (\S+) count as equal \((.*) vs (.*)\) and latency is the same, so the cheaper fee wins \((.*) vs (.*)\)$/, (tie, a, b, fa, fb) => `成功率相差 ${tie} 以内视为相同（${a} 对 ${b}），响应相同，费率更低者胜（${fa} 对 ${fb}）`],
  [/^success rates within (\S+) count as equal \((.*) vs (.*)\) and latency and fee are the same, so code order decides$/, (tie, a, b) => `成功率相差 ${tie} 以内视为相同（${a} 对 ${b}），响应与费率都相同，按渠道代码顺序`],
];

const RISK: Record<string, string> = {
  'Payer is on the blocklist': '付款人在黑名单中',
  'Single amount above the block threshold': '单笔金额超过拦截阈值',
  'Large single payment needs SMS verification': '大额单笔支付需短信验证',
  'Too many payments by this payer today': '付款人当日支付笔数过多',
  'Large payment at night': '夜间大额支付',
  "Payer's total today is too high": '付款人当日累计金额过高',
};

const RISK_WHY: Rule[] = [
  [/^payer (\S+)$/, (p) => `付款人 ${p}`],
  [/^amount (\S+) is above (\S+)$/, (a, l) => `金额 ${a} 高于 ${l}`],
  [/^this is payment (\d+) today, more than (\d+)$/, (n, max) => `今日第 ${n} 笔，超过 ${max} 笔`],
  [/^amount (\S+) at (\S+) is above (\S+) between (\S+) and (\S+)$/, (a, at, l, from, to) => `${from}–${to} 之间 ${at} 的金额 ${a} 高于 ${l}`],
  [/^total today with this payment (\S+) is above (\S+)$/, (total, l) => `含本笔今日累计 ${total} 高于 ${l}`],
];

function byRules(text: string, rules: Rule[]): string | null {
  for (const [pattern, say] of rules) {
    const m = pattern.exec(text);
    if (m) return say(...m.slice(1));
  }
  return null;
}

/** A dropped channel's reason, or the "why" of a choice, in Chinese. */
export function clauseZh(text: string): string {
  return byRules(text, CLAUSES) ?? text;
}

/** The router's one-sentence reason for its choice, in Chinese. */
export function routeReasonZh(text: string): string {
  let m = /^Wallet payment (\S+) stays on its own channel (\S+) \(the cashier chooses wallets\), and it passed every check\.$/.exec(text);
  if (m) return `钱包支付 ${m[1]} 留在自己的渠道 ${m[2]}（钱包由收银台选择），且通过了每项检查。`;
  m = /^(\S+) is the only channel that passed the basic and feature checks\.$/.exec(text);
  if (m) return `${m[1]} 是唯一通过基础与特征检查的渠道。`;
  m = /^(\S+) chosen over (\S+): (.*)\.$/.exec(text);
  if (m) return `选择 ${m[1]} 而不是 ${m[2]}：${clauseZh(m[3]!)}。`;
  if (text === 'No channel can take this payment: no channels are configured.') return '没有渠道可以处理这笔支付：未配置任何渠道。';
  m = /^No channel can take this payment: (.*)\.$/.exec(text);
  if (m) {
    const drops = m[1]!.split('; ').map((d) => {
      const [channel, why] = d.split(' — ');
      return why === undefined ? d : `${channel} — ${clauseZh(why)}`;
    });
    return `没有渠道可以处理这笔支付：${drops.join('；')}。`;
  }
  return text;
}

/** The risk result's reason, in Chinese. */
export function riskReasonZh(text: string): string {
  const none = /^No risk rule fired \((\d+) checked\)\.$/.exec(text);
  if (none) return `未触发风控规则（检查了 ${none[1]} 条）。`;
  for (const [en, zh] of Object.entries(RISK)) {
    if (text.startsWith(`${en}: `) && text.endsWith('.')) return `${zh}：${byRules(text.slice(en.length + 2, -1), RISK_WHY) ?? text.slice(en.length + 2, -1)}。`;
  }
  return text;
}
