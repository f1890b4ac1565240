/** The user-started consent audits. */
export const CONSENT_SCENARIOS = ['reject', 'accept'] as const;
export type ConsentScenario = (typeof CONSENT_SCENARIOS)[number];

/**
 * How a run ended. `confirmed`: the CMP's own stored state says what we chose; `unconfirmed`: autoconsent acted but the
 * stored state does not say so; `no-cmp`: neither autoconsent nor the banner detector found a consent banner in time
 * (the visit still counts as observed); `no-popup`: it recognised one but saw no banner to act on; `action-failed`: its opt-out/opt-in failed;
 * `interrupted`: the page went elsewhere during the run.
 */
export type ScenarioOutcome = 'confirmed' | 'unconfirmed' | 'no-cmp' | 'no-popup' | 'action-failed' | 'interrupted';

export const CONFIRMED_BY = ['cmp-state', 'stored-value', 'traffic', 'none'] as const;
export type ConfirmedBy = (typeof CONFIRMED_BY)[number];

export type ScenarioStep = 'clearing' | 'loading' | 'waiting-cmp' | 'acting' | 'confirming' | 'observing' | 'navigating' | 'done';

export interface ScenarioStatus {
  scenario: ConsentScenario;
  /** Shared by every visit of the run (recorded in each scenario record's `params.run`). */
  run: string;
  step: ScenarioStep;
  cmp?: string;
  outcome?: ScenarioOutcome;
  /** When autoconsent was told to act (epoch ms): the visitor's choice. */
  actedAt?: number;
  /**
   * autoconsent's own self-test after the action, for information only: it checks the opt-out state and can say
   * "opted out" after an opt-in (see docs/audits.md); the outcome comes from the CMP's stored state.
   */
  selfTest?: boolean;
  /** What the CMP's stored state said, e.g. `klaro: reject`. */
  detail?: string;
  /**
   * What confirmed (or failed to confirm) the choice: `cmp-state` a CMP reader's reading of the stored state;
   * `stored-value` a cookie or storage value written after the click on a banner of an unknown manager, read
   * generically; `traffic` (accept only) a value written after the click and trackers that started sending after it;
   * `none` nothing did.
   */
  confirmedBy?: ConfirmedBy;
  /** The run's visits: the scenario's page, then the same-site navigation. */
  visitIds: string[];
}
