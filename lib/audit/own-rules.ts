/**
 * autoconsent rules (its JSON rule syntax: https://github.com/duckduckgo/autoconsent/blob/main/docs/rule-syntax.md)
 * for open-source CMPs autoconsent has no generic rule for, given to it beside its own during an audit. Each was
 * written against the CMP's real package and is checked end to end (tests/e2e/cmp-packages.e2e.ts).
 */
export const OWN_AUTOCONSENT_RULES: readonly object[] = [
  {
    // Orejime 3 (npm orejime 3.2.1, standard theme): autoconsent only has site-specific generated rules for it.
    name: 'orejime',
    vendorUrl: 'https://github.com/empreinte-digitale/orejime',
    prehideSelectors: [],
    detectCmp: [{ exists: '.orejime-Env' }],
    detectPopup: [{ visible: '.orejime-Banner' }],
    optIn: [{ waitForThenClick: '.orejime-Banner-saveButton' }],
    optOut: [{ waitForThenClick: '.orejime-Banner-declineButton' }],
    test: [{ visible: '.orejime-Banner', check: 'none' }],
  },
];
