// The settlement screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function SettlementScreen() {
  const t = useT();
  return <Section title={t('nav.settlement')} testId="screen-settlement">{t('common.none')}</Section>;
}
