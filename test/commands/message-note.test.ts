// The note a chat message becomes (#16 point 6): its text cut to a note's length, and the form's picker of the
// person's open deals, on the demo workspace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { messageNoteFor, noteText } from '../../src/commands/message-note.js';
import { submitForm } from '../../src/commands/forms.js';
import { LIMITS } from '../../src/domain/deal.js';

it('keeps a message as it reads, closing up blank runs of lines', () => {
  expect(noteText('  Spoke with the CFO \r\n\r\n\r\n\r\nNext: pricing  ')).toEqual({
    text: 'Spoke with the CFO\n\nNext: pricing',
    cut: false,
  });
  expect(noteText('x'.repeat(LIMITS.note))).toEqual({ text: 'x'.repeat(LIMITS.note), cut: false });
});

it('cuts a message longer than a note at the limit, never inside a character, and says so', () => {
  const long = noteText('😀'.repeat(LIMITS.note));
  expect(long.cut).toBe(true);
  expect(long.text.length).toBeLessThanOrEqual(LIMITS.note);
  expect(long.text.endsWith('😀…')).toBe(true);
  expect(long.text.slice(0, -1)).toBe('😀'.repeat((LIMITS.note - 1 - 1) / 2));
});

describeOn('sqlite')('the message note form on sqlite', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  it('offers only the person’s open deals, and a cut message still logs', async () => {
    const ctx = await demo.contextFor('alice');
    const note = await messageNoteFor(ctx, `Long call notes: ${'blah '.repeat(600)}`);
    if (!('form' in note)) throw new Error('alice has open deals');
    const [deal, kind, text] = note.form.fields;
    const owned = await demo.db.deal.findMany({
      where: { workspaceId: demo.workspaceId, owner: { handle: 'alice' }, closedAt: null },
      select: { number: true },
    });
    expect(new Set(deal?.options?.map((o) => o.value))).toEqual(new Set(owned.map((d) => `D-${d.number}`)));
    expect(kind?.value).toBe('note');
    expect(text?.hint).toBe('The message was longer than a note allows (2000 characters): its end was left out.');
    const ref = deal?.options?.[0]?.value ?? '';
    const result = await submitForm(note.form, { deal: ref, kind: 'email', text: text?.value ?? '' }, ctx);
    expect(result.error).toBeUndefined();
    const refused = await submitForm(note.form, { deal: ref, kind: 'fax', text: 'hello' }, ctx);
    expect(refused.error?.message).toBe('Choose the kind of follow-up: call, meeting, email or note.');
    expect(await messageNoteFor(await demo.contextFor('mike'), 'hi')).toEqual({
      refusal: 'You have no open deals to log this on. Log one first: /deal new <account> <amount>, then try again.',
    });
  });
});
