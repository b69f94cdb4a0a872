// The ledger screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function LedgerScreen() {
  const t = useT();
  return <Section title={t('nav.ledger')} testId="screen-ledger">{t('common.none')}</Section>;
}
