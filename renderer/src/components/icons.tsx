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
  orders: () => <Svg><path d="M3 2.5h10v11H3z" /><path d="M5.5 5.5h5M5.5 8h5M5.5 10.5h3" /></Svg>,
  vouchers: () => <Svg><path d="M4 1.8h5.5L12.5 5v9.2H4z" /><path d="M9.5 1.8V5h3M6 8h4.5M6 10.5h4.5" /></Svg>,
  suspense: () => <Svg><circle cx="8" cy="8" r="6" /><path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.7c-.5.2-.8.6-.8 1.1v.5M8 11.6v.1" /></Svg>,
  settlement: () => <Svg><path d="M2.5 4.5h8.5M8.5 2l2.5 2.5L8.5 7" /><path d="M13.5 11.5H5M7.5 9 5 11.5 7.5 14" /><circle cx="13" cy="4.5" r="1" /><circle cx="3" cy="11.5" r="1" /></Svg>,
  ledger: () => <Svg><path d="M3 2h9.5v12H3z" /><path d="M5.5 2v12M7.5 5h3M7.5 7.5h3" /></Svg>,
  reports: () => <Svg><path d="M3 1.8h7l3 3v9.4H3z" /><path d="M5.5 12V9.5M8 12V7M10.5 12v-3.5" /></Svg>,
  charts: () => <Svg><path d="M2 13.5h12M2 2.5v11" /><path d="M4 11 7 7.5l2.5 2L13.5 4" /></Svg>,
  trainer: () => <Svg><path d="M1.5 5.5 8 2.5l6.5 3L8 8.5z" /><path d="M4 7v3.5c1 1.2 2.4 1.8 4 1.8s3-.6 4-1.8V7M14.5 5.5v4" /></Svg>,
  settings: () => <Svg><circle cx="8" cy="8" r="2.2" /><path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" /></Svg>,
};
