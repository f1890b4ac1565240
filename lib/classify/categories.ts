/** The closed category vocabulary. Data files may only name these; each has a definition shown to users. */
export const CATEGORIES = [
  'audience-measurement',
  'advertising',
  'session-replay',
  'social',
  'consent-management',
  'tag-manager',
  'customer-support',
  'a-b-testing',
  'security-antifraud',
  'payment',
  'embedded-content',
  'cdn-fonts',
  'essential',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_DEFINITIONS: Record<Category, string> = {
  'audience-measurement': 'Counts visits and measures how the site is used (web analytics, product analytics).',
  advertising: 'Serves, targets, measures or attributes advertising, including conversion and retargeting pixels.',
  'session-replay': 'Records what visitors do on the page (clicks, scrolls, typing, DOM changes) so sessions can be replayed.',
  social: 'Social network widgets, logins and pixels that tie the visit to a social profile.',
  'consent-management': "Consent banners and platforms (CMPs) that collect and store the visitor's choice.",
  'tag-manager': 'Loads other tags and scripts on behalf of the site.',
  'customer-support': 'Chat, help-desk and feedback widgets.',
  'a-b-testing': 'Experimentation and personalisation: shows variants and measures their effect.',
  'security-antifraud': 'Bot detection, CAPTCHA, fraud prevention and other security services.',
  payment: 'Payment processing and checkout.',
  'embedded-content': 'Third-party content shown in the page: video, maps, embeds.',
  'cdn-fonts': 'Content delivery networks, hosted libraries and web fonts.',
  essential: 'Services the site needs to work as the visitor asked (hosting, load balancing, authentication).',
};

/** Whether a vendor's use needs the visitor's prior consent (ePrivacy art. 5(3)). */
export const CONSENT_VALUES = ['required', 'exempt-capable', 'not-required'] as const;
export type ConsentRequirement = (typeof CONSENT_VALUES)[number];
