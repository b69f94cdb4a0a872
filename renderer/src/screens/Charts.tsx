// The charts screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function ChartsScreen() {
  const t = useT();
  return <Section title={t('nav.charts')} testId="screen-charts">{t('common.none')}</Section>;
}
