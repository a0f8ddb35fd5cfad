import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../../support/databases.js';
import { createWorkspace } from '../../../src/store/workspaces.js';
import { createMember } from '../../../src/store/members.js';
import { findConversationReference, listConversationReferences, saveConversationReference } from '../../../src/store/conversations.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`conversation references on ${provider}`, () => {
    let fresh: FreshDatabase;
    let acme: string;
    let other: string;
    let alice: string;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      acme = await createWorkspace(fresh.db, { name: 'Acme' }, { platform: 'teams', externalTenantId: 't-acme' });
      other = await createWorkspace(fresh.db, { name: 'Other' }, { platform: 'teams', externalTenantId: 't-other' });
      alice = await createMember(fresh.db, acme, { name: 'Alice', handle: 'alice' });
    });
    afterEach(() => fresh.cleanup());

    const reference = (serviceUrl: string) => ({ serviceUrl, channelId: 'msteams', conversation: { id: 'x' } });

    it('upserts by conversation, finds a member’s personal chat, and lists a workspace’s channels', async () => {
      expect(
        await saveConversationReference(fresh.db, {
          workspaceId: acme,
          platform: 'teams',
          conversationId: 'a:alice',
          kind: 'personal',
          memberId: alice,
          reference: reference('https://one/'),
        }),
      ).toBe(true);
      expect(
        await saveConversationReference(fresh.db, {
          workspaceId: acme,
          platform: 'teams',
          conversationId: 'a:alice',
          kind: 'personal',
          memberId: alice,
          reference: reference('https://two/'),
        }),
      ).toBe(true);
      await saveConversationReference(fresh.db, {
        workspaceId: acme,
        platform: 'teams',
        conversationId: '19:sales@thread',
        kind: 'channel',
        memberId: null,
        reference: reference('https://two/'),
      });
      const personal = await findConversationReference(fresh.db, { workspaceId: acme, platform: 'teams', memberId: alice });
      expect(personal).toMatchObject({ conversationId: 'a:alice', kind: 'personal', reference: { serviceUrl: 'https://two/' } });
      expect((await listConversationReferences(fresh.db, acme, 'teams', 'channel')).map((c) => c.conversationId)).toEqual([
        '19:sales@thread',
      ]);
      expect(await fresh.db.conversationReference.count()).toBe(2);
    });

    it('never lets another workspace take over a conversation or read it', async () => {
      await saveConversationReference(fresh.db, {
        workspaceId: acme,
        platform: 'teams',
        conversationId: '19:sales@thread',
        kind: 'channel',
        memberId: null,
        reference: reference('https://acme/'),
      });
      expect(
        await saveConversationReference(fresh.db, {
          workspaceId: other,
          platform: 'teams',
          conversationId: '19:sales@thread',
          kind: 'channel',
          memberId: null,
          reference: reference('https://evil/'),
        }),
      ).toBe(false);
      expect(
        await findConversationReference(fresh.db, { workspaceId: other, platform: 'teams', conversationId: '19:sales@thread' }),
      ).toBeNull();
      expect(
        await findConversationReference(fresh.db, { workspaceId: acme, platform: 'teams', conversationId: '19:sales@thread' }),
      ).toMatchObject({ reference: { serviceUrl: 'https://acme/' } });
      expect(await findConversationReference(fresh.db, { workspaceId: other, platform: 'teams', memberId: alice })).toBeNull();
    });
  });
}
