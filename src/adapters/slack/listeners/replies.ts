import type { webApi } from '@slack/bolt';
import { t, type MessageKey } from '../../../i18n/index.js';
import { describeSlackRequest, tellSlackGaveUp, type SlackRequest } from '../requests.js';

/** For a person whose language is not known yet (the database may be what failed): both languages. */
export function bothLanguages(key: MessageKey, separator = '\n'): string {
  return `${t('en', key)}${separator}${t('zh-CN', key)}`;
}

/** The request was given up: say so where its answer would have gone. */
export function tellGaveUp(client: webApi.WebClient, request: SlackRequest): Promise<void> {
  return tellSlackGaveUp(client, request, describeSlackRequest(request));
}
