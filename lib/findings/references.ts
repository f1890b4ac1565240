import type { MessageKey } from '../i18n/en';
import type { Lang } from '../i18n/translate';
import { formatMessage } from '../i18n/message';

/** A legal text a rule relies on: its title is `ref.<id>` in the catalogues, its link the text in the reader's language. */
export interface Reference {
  id: ReferenceId;
  /** Per language: French readers get the French texts (CNIL, Légifrance), others the English ones (EUR-Lex, EDPB). */
  url?: Record<Lang, string>;
}

const GDPR_EN = 'https://eur-lex.europa.eu/eli/reg/2016/679/oj';
// The CNIL publishes the GDPR in French, one page per chapter with an anchor per article.
const GDPR_FR = 'https://www.cnil.fr/fr/reglement-europeen-protection-donnees/chapitre2';

export const REFERENCES = {
  // France transposed art. 5(3) as art. 82 of the loi Informatique et Libertés.
  eprivacy53: {
    id: 'eprivacy53',
    url: { en: 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32002L0058', fr: 'https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000886460' },
  },
  gdpr6: { id: 'gdpr6', url: { en: GDPR_EN, fr: `${GDPR_FR}#Article6` } },
  gdpr7: { id: 'gdpr7', url: { en: GDPR_EN, fr: `${GDPR_FR}#Article7` } },
  gdpr5c: { id: 'gdpr5c', url: { en: GDPR_EN, fr: `${GDPR_FR}#Article5` } },
  gdpr9: { id: 'gdpr9', url: { en: GDPR_EN, fr: `${GDPR_FR}#Article9` } },
  cnil2020: { id: 'cnil2020', url: { en: 'https://www.cnil.fr/en/cookies-and-other-trackers', fr: 'https://www.cnil.fr/fr/cookies-et-autres-traceurs' } },
  cnilExemption: {
    id: 'cnilExemption',
    url: {
      en: 'https://www.cnil.fr/en/cookies-solutions-audience-measurement',
      fr: 'https://www.cnil.fr/fr/cookies-solutions-pour-les-outils-de-mesure-daudience',
    },
  },
  cnilReplay2026: { id: 'cnilReplay2026' },
  edpbReplay: { id: 'edpbReplay' },
} as const satisfies Record<string, { id: string; url?: Record<Lang, string> }>;

export type ReferenceId = keyof typeof REFERENCES;

/** The reference as a report shows it: stable id, title and link in `lang`. */
export function referenceIn(id: ReferenceId, lang: Lang): { id: ReferenceId; title: string; url?: string } {
  const reference: Reference = REFERENCES[id];
  const url = reference.url?.[lang];
  return { id, title: formatMessage({ key: `ref.${id}` satisfies MessageKey }, lang), ...(url && { url }) };
}

export function isReferenceId(id: string): id is ReferenceId {
  return Object.hasOwn(REFERENCES, id);
}
