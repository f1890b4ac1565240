import type { ConsentView } from '../consent/detect-consent';
import type { InconclusiveReason } from '../consent/timeline';
import { type Message, msg } from '../i18n/message';

/** Why the consent timeline allows no verdict, one message per reason; empty when it is conclusive. */
export function inconclusiveMessages(view: Pick<ConsentView, 'inconclusive'>): Message[] {
  return view.inconclusive.map(inconclusiveMessage);
}

export function inconclusiveMessage(reason: InconclusiveReason): Message {
  switch (reason.kind) {
    case 'several-cmps':
      return msg('inconclusive.several-cmps', { cmps: { list: reason.cmps, join: ',' } });
    case 'choice-flipped':
      return msg('inconclusive.choice-flipped', {
        from: msg(`consentValue.${reason.from}`),
        to: msg(`consentValue.${reason.to}`),
        t: Math.round(reason.t),
        source: reason.source,
      });
    case 'banner-after-choice':
      return msg('inconclusive.banner-after-choice', { t: Math.round(reason.t), source: reason.source });
    case 'unreadable':
      return msg('inconclusive.unreadable', { t: Math.round(reason.t), source: reason.source, detail: reason.detail });
    case 'cmp-not-loaded':
      return msg('inconclusive.cmp-not-loaded', { cmp: reason.cmp, detail: reason.detail, t: Math.round(reason.t) });
    case 'scenario-unconfirmed':
      return reason.detail
        ? msg('inconclusive.scenario-unconfirmed', { scenario: reason.scenario, t: Math.round(reason.t), detail: reason.detail })
        : msg('inconclusive.scenario-unconfirmed.noDetail', { scenario: reason.scenario, t: Math.round(reason.t) });
  }
}
