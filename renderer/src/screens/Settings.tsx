// The settings screen (issue 7): being built; until then it says so.
import { Section } from '../components/ui.js';
import { useT } from '../i18n.js';

export function SettingsScreen() {
  const t = useT();
  return <Section title={t('nav.settings')} testId="screen-settings">{t('common.none')}</Section>;
}
