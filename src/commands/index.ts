import type { Command } from './command.js';
import { dealForm } from './deal-form.js';
import { dealNew } from './deal-new.js';
import { dealMove } from './deal-move.js';
import { dealUpdate } from './deal-update.js';
import { dealNote } from './deal-note.js';
import { dealShow } from './deal-show.js';
import { dealHistory } from './deal-history.js';
import { dealSearch } from './deal-search.js';
import { dealList } from './deal-list.js';
import { pipeline } from './pipeline.js';
import { quota } from './quota.js';
import { quotaSet } from './quota-set.js';
import { forecast } from './forecast.js';
import { funnel } from './funnel.js';
import { competitors } from './competitors.js';
import { satisfaction } from './satisfaction.js';
import { dealSatisfaction } from './deal-satisfaction.js';
import { account } from './account.js';
import { dealdeskGrades } from './dealdesk-grades.js';
import { scorecard } from './scorecard.js';
import { leaderboard } from './leaderboard.js';
import { dealdeskLanguage, dealdeskSettings } from './dealdesk.js';
import { dealDiscount } from './deal-discount.js';
import { dealApprove, dealReject } from './deal-decide.js';
import { dealApprovals } from './deal-approvals.js';
import { dealdeskPolicy } from './dealdesk-policy.js';
import { dealdeskRates } from './dealdesk-rates.js';
import { dealdeskImport } from './dealdesk-import.js';
import { dealdeskExport } from './dealdesk-export.js';
import { dealdeskTeam } from './dealdesk-team.js';
import { dealdeskMember } from './dealdesk-member.js';
import { dealdeskPeople } from './dealdesk-people.js';
import { dealdeskWorkspace } from './dealdesk-workspace.js';
import { dealdeskSetup } from './dealdesk-setup.js';
import { dealdeskHome } from './dealdesk-home.js';
import { dealdeskDigest } from './dealdesk-digest.js';
import { dealdeskHelp, dealHelp } from './dealdesk-help.js';

const documented: Command[] = [
  dealForm,
  dealNew,
  dealMove,
  dealUpdate,
  dealNote,
  dealShow,
  dealHistory,
  dealSearch,
  dealList,
  dealDiscount,
  dealApprovals,
  dealApprove,
  dealReject,
  dealSatisfaction,
  pipeline,
  quota,
  quotaSet,
  forecast,
  funnel,
  competitors,
  account,
  satisfaction,
  scorecard,
  leaderboard,
  dealdeskHome,
  dealdeskSettings,
  dealdeskPolicy,
  dealdeskRates,
  dealdeskGrades,
  dealdeskImport,
  dealdeskExport,
  dealdeskPeople,
  dealdeskTeam,
  dealdeskMember,
  dealdeskWorkspace,
  dealdeskSetup,
  dealdeskDigest,
  dealdeskLanguage,
];

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [...documented, dealdeskHelp, dealHelp];

export function commandById(id: string): Command | undefined {
  return COMMANDS.find((command) => command.id === id);
}

/** A command that this code names itself: a missing one is a bug here, not something a user typed. */
export function knownCommand(id: string): Command {
  const command = commandById(id);
  if (!command) throw new Error(`No command has the id "${id}"`);
  return command;
}
