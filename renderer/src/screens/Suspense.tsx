// The suspense screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function SuspenseScreen() {
  const t = useT();
  return <Section title={t('nav.suspense')} testId="screen-suspense">{t('common.none')}</Section>;
}
