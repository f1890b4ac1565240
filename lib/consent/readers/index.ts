import type { CmpReader } from '../cmp-state';
import { axeptio } from './axeptio';
import { borlabs } from './borlabs';
import { civicCookieControl } from './civic-cookie-control';
import { commandersAct } from './commanders-act';
import { complianz } from './complianz';
import { consentmanager } from './consentmanager';
import { cookieInformation } from './cookie-information';
import { cookieScript } from './cookie-script';
import { cookiebot } from './cookiebot';
import { cookieyes } from './cookieyes';
import { didomi } from './didomi';
import { googleFundingChoices } from './google-funding-choices';
import { iabGpp } from './iab-gpp';
import { iabTcf } from './iab-tcf';
import { inmobiQuantcastChoice } from './inmobi-quantcast-choice';
import { insitesCookieconsent } from './insites-cookieconsent';
import { iubenda } from './iubenda';
import { klaro } from './klaro';
import { onetrust } from './onetrust';
import { orejime } from './orejime';
import { osano } from './osano';
import { sirdata } from './sirdata';
import { sourcepoint } from './sourcepoint';
import { tarteaucitron } from './tarteaucitron';
import { termly } from './termly';
import { trustarc } from './trustarc';
import { usercentrics } from './usercentrics';
import { vanillaCookieconsent } from './vanilla-cookieconsent';

/** One reader per consent manager of `data/vendors/` with a `cmp` section; the bare frameworks come last. */
export const CMP_READERS: readonly CmpReader[] = [
  onetrust,
  cookiebot,
  didomi,
  axeptio,
  usercentrics,
  inmobiQuantcastChoice,
  trustarc,
  osano,
  complianz,
  cookieyes,
  klaro,
  orejime,
  tarteaucitron,
  iubenda,
  sourcepoint,
  borlabs,
  termly,
  sirdata,
  commandersAct,
  cookieInformation,
  civicCookieControl,
  vanillaCookieconsent,
  insitesCookieconsent,
  consentmanager,
  googleFundingChoices,
  cookieScript,
  iabTcf,
  iabGpp,
];
