// The reports screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function ReportsScreen() {
  const t = useT();
  return <Section title={t('nav.reports')} testId="screen-reports">{t('common.none')}</Section>;
}
