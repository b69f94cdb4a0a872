// The Go menu: every screen of the renderer with the same Alt+letter as the window's own shortcuts
// (renderer/src/App.tsx). A click sets the window's location hash, which the renderer follows; the
// preload stays as narrow as it is.
import type { MenuItemConstructorOptions, WebContents } from 'electron';

export const GO_TO: readonly { screen: string; label: string; letter: string }[] = [
  { screen: 'today', label: 'Today 今日', letter: 'T' },
  { screen: 'import', label: 'Import 导入', letter: 'I' },
  { screen: 'recon', label: 'Reconciliation 对账', letter: 'R' },
  { screen: 'orders', label: 'Orders 订单查询', letter: 'D' },
  { screen: 'balances', label: 'Bank Balances 银行余额', letter: 'B' },
  { screen: 'vouchers', label: 'Vouchers 凭证导出', letter: 'X' },
  { screen: 'suspense', label: 'Suspense 待查挂账', letter: 'S' },
  { screen: 'settlement', label: 'Settlement 清算结算', letter: 'M' },
  { screen: 'ledger', label: 'Ledger 总账', letter: 'L' },
  { screen: 'reports', label: 'Reports 报表', letter: 'P' },
  { screen: 'charts', label: 'Charts 图表', letter: 'C' },
  { screen: 'trainer', label: 'Trainer 培训模式', letter: 'N' },
  { screen: 'settings', label: 'Settings 设置', letter: 'O' },
];

/** The hash the renderer reads; only names from GO_TO ever reach executeJavaScript. */
export function goScript(screen: string): string {
  if (!GO_TO.some((g) => g.screen === screen)) throw new Error(`no screen "${screen}"`);
  return `location.hash = ${JSON.stringify(`#/${screen}`)}`;
}

export function goMenu(contents: () => WebContents | undefined): MenuItemConstructorOptions {
  return {
    label: 'Go',
    submenu: GO_TO.map((g) => ({
      label: g.label,
      accelerator: `Alt+${g.letter}`,
      click: () => {
        void contents()?.executeJavaScript(goScript(g.screen));
      },
    })),
  };
}
