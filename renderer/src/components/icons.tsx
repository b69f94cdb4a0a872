// Navigation icons as inline SVG: no icon font, nothing fetched, the same on every system.
import type { ReactNode } from 'react';

function Svg(props: { children: ReactNode }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {props.children}
    </svg>
  );
}

export const Icons = {
  today: () => <Svg><rect x="2" y="3" width="12" height="11" rx="1.5" /><path d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3M5.5 10l1.7 1.6L10.5 8.5" /></Svg>,
  import: () => <Svg><path d="M8 10.5V2M4.8 5.2 8 2l3.2 3.2" /><path d="M2.5 10.5v2A1.5 1.5 0 0 0 4 14h8a1.5 1.5 0 0 0 1.5-1.5v-2" /></Svg>,
  recon: () => <Svg><path d="M2.5 5h10M10 2.5 12.5 5 10 7.5" /><path d="M13.5 11h-10M6 8.5 3.5 11 6 13.5" /></Svg>,
  balances: () => <Svg><path d="M2 6 8 2.5 14 6M3 6.5v6M6.3 6.5v6M9.7 6.5v6M13 6.5v6M2 13.5h12" /></Svg>,
  vouchers: () => <Svg><path d="M4 1.8h5.5L12.5 5v9.2H4z" /><path d="M9.5 1.8V5h3M6 8h4.5M6 10.5h4.5" /></Svg>,
};
