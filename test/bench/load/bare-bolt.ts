// The reference of the load benchmark: a bare Bolt app on its own HTTP receiver whose one slash command
// handler only acknowledges. Started by bench.ts as a child process (through run.ts), like DealDesk's server.
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' },
  logLevel: LogLevel.ERROR,
});
app.command('/deal', async ({ ack }) => {
  await ack();
});
await app.start(port);
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
