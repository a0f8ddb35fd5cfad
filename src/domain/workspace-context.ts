import type { StageDef } from './stages.js';
import type { Locale } from '../i18n/locale.js';
import type { Principal } from './authz.js';
import type { RateEntry } from './exchange.js';

/** A workspace as every use case reads it: its settings and its stages. */
export type WorkspaceContext = {
  id: string;
  name: string;
  isDemo: boolean;
  currency: string;
  locale: Locale;
  timeZone: string;
  fiscalYearStartMonth: number;
  staleAfterDays: number;
  digestTime: string;
  winsChannel: string | null;
  /** Ordered by position. */
  stages: StageDef[];
  /**
   * Every exchange rate into `currency`, by currency and oldest first: what reports convert with. Read
   * with the settings (and cached with them), so a report needs no statement of its own for them (#14).
   */
  rates: readonly RateEntry[];
};

/** The member who acts, with the settings that apply to them. */
export type ActorContext = Principal & {
  name: string;
  handle: string;
  teamId: string | null;
  managerId: string | null;
  /** Effective: the member's own, else the team's, else the workspace's. */
  timeZone: string;
  locale: Locale;
};
