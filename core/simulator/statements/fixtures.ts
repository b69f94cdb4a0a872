import type { BankLine, ChannelTxn } from './types.js';

/**
 * Deterministic sample input for the statement writers' tests: payments with a refund every fifth row,
 * awkward product names (comma, quote) and some zero fees. No randomness, no clock.
 */
export function sampleChannelTxns(count: number, day = '2026-05-09'): ChannelTxn[] {
  const names = ['下单测试', '会员充值,月卡', '洗衣订单 "加急"', '数据服务费'];
  const txns: ChannelTxn[] = [];
  for (let i = 0; i < count; i++) {
    const seconds = i % 86_400;
    const time = (offset: number) => {
      const s = Math.min(seconds + offset, 86_399);
      const hh = String(Math.floor(s / 3600)).padStart(2, '0');
      const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
      const ss = String(s % 60).padStart(2, '0');
      return `${day} ${hh}:${mm}:${ss}`;
    };
    const refund = i % 5 === 4;
    const amountMinor = 1000 + ((i * 7919) % 250_000);
    txns.push({
      channelTradeNo: `2026050922001${String(i).padStart(15, '0')}`,
      merchantOrderNo: `PD${String(i).padStart(10, '0')}`,
      kind: refund ? 'refund' : 'pay',
      refundNo: refund ? `RF${String(i).padStart(10, '0')}` : null,
      createdAt: time(0),
      finishedAt: time(7),
      amountMinor,
      feeMinor: i % 7 === 3 ? 0 : Math.floor((amountMinor * 6) / 1000),
      productName: names[i % names.length]!,
      payerAccount: `*津水(60${i % 10}***@qq.com)`,
      balanceAfterMinor: 0,
    });
  }
  return txns;
}

export function sampleBankLines(count: number, openingBalanceMinor: number, day = '2026-05-09'): BankLine[] {
  const lines: BankLine[] = [];
  let balance = openingBalanceMinor;
  for (let i = 0; i < count; i++) {
    const out = i % 3 === 2;
    const amountMinor = 100 + ((i * 104_729) % 9_000_000);
    balance += out ? -amountMinor : amountMinor;
    const s = i % 86_400;
    const hh = String(Math.floor(s / 3600)).padStart(2, '0');
    const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
    lines.push({
      time: `${day} ${hh}:${mm}:${String(s % 60).padStart(2, '0')}`,
      summary: out ? '网银转账' : '支付宝提现',
      counterpartyName: out ? '上海某某供应链有限公司' : '支付宝(中国)网络技术有限公司',
      counterpartyAccount: out ? `3100${String(i).padStart(12, '0')}` : '1234567890123456',
      debitMinor: out ? amountMinor : 0,
      creditMinor: out ? 0 : amountMinor,
      balanceMinor: balance,
      serialNo: `SN${String(i).padStart(12, '0')}`,
      purpose: out ? `付款 批次B${i}` : `结算 PD${String(i).padStart(10, '0')}`,
    });
  }
  return lines;
}
