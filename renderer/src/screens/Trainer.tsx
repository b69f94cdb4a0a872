// The trainer screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function TrainerScreen() {
  const t = useT();
  return <Section title={t('nav.trainer')} testId="screen-trainer">{t('common.none')}</Section>;
}
