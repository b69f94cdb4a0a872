// An import batch's status as a coloured pill: DONE, ABNORMAL, or still running.
import type { Translate } from '../i18n.js';
import { Pill } from './ui.js';

export function BatchPill(props: { status: string; t: Translate }) {
  const tone = props.status === 'DONE' ? 'ok' : props.status === 'ABNORMAL' ? 'bad' : 'warn';
  return <Pill tone={tone}>{props.status === 'DONE' ? props.t('batch.done') : props.status === 'ABNORMAL' ? props.t('batch.abnormal') : props.t('batch.running')}</Pill>;
}
