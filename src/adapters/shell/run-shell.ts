import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Db } from '../../store/db.js';
import { ShellSession } from './session.js';
import { openShellWorkspace } from './workspace.js';
import { findMember } from '../../commands/scope.js';
import { t } from '../../i18n/index.js';
import { welcomeFor } from '../../commands/dealdesk-setup.js';
import { loadWorkspaceContext } from '../../store/workspaces.js';
import { listMembers, loadActor } from '../../store/members.js';
import { renderText } from '../../views/render/text.js';
import { defaultChartDir } from './charts.js';
import { qualifiedChannelTarget } from '../channel-target.js';

export type ShellOptions = {
  db: Db;
  input: Readable;
  output: Writable;
  /** Interactive prompt when true; otherwise each line is echoed and answered, and end of input exits. */
  interactive: boolean;
  demo: boolean;
  as?: string;
  clock?: () => Date;
};

/**
 * The local shell, Hubot-style: DealDesk with no chat service. Lines are handled strictly one after
 * another, so a piped script behaves exactly like someone typing.
 */
export async function runShell(options: ShellOptions): Promise<void> {
  const clock = options.clock ?? (() => new Date());
  const out = (text: string) => options.output.write(`${text}\n`);
  const opened = await openShellWorkspace(options.db, { demo: options.demo, now: clock() });
  let memberId = opened.defaultMemberId;
  if (options.as) memberId = findMember(await listMembers(options.db, opened.workspaceId), options.as).id;
  const session = new ShellSession(options.db, opened.workspaceId, memberId, clock, {
    exportDir: process.cwd(),
    print: out,
    chartDir: defaultChartDir(),
  });
  const who = await session.who();
  if (opened.created === 'demo') out(t(who.locale, 'shell.demo_created', { deals: opened.dealCount }));
  out(t(who.locale, 'shell.welcome', { workspace: who.workspace, name: who.name, role: who.role }));
  const banner = await setupBanner(options.db, opened.workspaceId, memberId, clock());
  if (banner) out(banner);

  const rl = readline.createInterface({
    input: options.input,
    output: options.interactive ? options.output : undefined,
    terminal: options.interactive,
  });
  const prompt = async () => {
    if (!options.interactive) return;
    const current = await session.who();
    rl.setPrompt(`${current.handle}@dealdesk> `);
    rl.prompt();
  };
  await prompt();
  for await (const line of rl) {
    if (!options.interactive && line.trim()) out(`\n> ${line.trim()}`);
    const reply = await session.handle(line);
    if (reply.text) out(reply.text);
    if (reply.quit) break;
    await prompt();
  }
  rl.close();
}

/** The three setup steps, for an admin of a real workspace that still lacks teams, managers or quotas (`--no-demo`). */
async function setupBanner(db: Db, workspaceId: string, memberId: string, now: Date): Promise<string | null> {
  const workspace = await loadWorkspaceContext(db, workspaceId);
  const actor = workspace ? await loadActor(db, workspace, memberId) : null;
  if (!workspace || !actor) return null;
  const welcome = await welcomeFor({ db, workspace, actor, now, platform: 'shell', channelTarget: qualifiedChannelTarget });
  // Printed before any answer, so its button could not be pressed with !1: the words say what to type.
  return welcome ? renderText({ ...welcome, blocks: welcome.blocks.filter((block) => block.type !== 'actions') }) : null;
}
