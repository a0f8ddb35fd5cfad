// Whose /pipeline a person may read, as with /funnel: a rep their own, a manager their own, their team's
// and their people's, an admin everything. A refusal is one sentence saying what to type, in the reader's language.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/pipeline access on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    it.each([
      ['/pipeline @brian', 'alice', 'Brian Lee'],
      ['/pipeline @mike', 'alice', 'Mike Johnson'],
      ['/pipeline team', 'alice', 'North America'],
      ['/pipeline all', 'alice', 'Demo workspace'],
      ['/pipeline @oliver', 'mike', 'Oliver Smith'],
      ['/pipeline team Partners & Channel', 'mike', 'Partners & Channel'],
      ['/pipeline all', 'mike', 'Demo workspace'],
    ])('refuses %s to @%s with what to type instead', async (line, handle, name) => {
      const { screen, text } = await demo.run(line, handle);
      expect(screen.kind).not.toBe('pipeline');
      expect(text).toContain('You can see your own pipeline, and a manager their team’s, but not');
      expect(text).toContain(name);
      expect(text).toContain('Type /pipeline me.');
    });

    it.each([
      ['/pipeline', 'alice', 'Pipeline · Alice Carter'],
      ['/pipeline me', 'alice', 'Pipeline · Alice Carter'],
      ['/pipeline @alice', 'alice', 'Pipeline · Alice Carter'],
      ['/pipeline @alice', 'mike', 'Pipeline · Alice Carter'],
      ['/pipeline team', 'mike', 'Pipeline · North America'],
      ['/pipeline @mike', 'mike', 'Pipeline · Mike Johnson'],
      ['/pipeline @oliver', 'sophie', 'Pipeline · Oliver Smith'],
      ['/pipeline @alice', 'dana', 'Pipeline · Alice Carter'],
      ['/pipeline team Partners & Channel', 'dana', 'Pipeline · Partners & Channel'],
    ])('shows %s to @%s', async (line, handle, heading) => {
      const { screen, text } = await demo.run(line, handle);
      expect(screen.kind).toBe('pipeline');
      expect(text).toContain(heading);
    });

    it('asks someone in no team who types "team" to name one, listing the teams', async () => {
      // Dana, the admin, manages no team and is in none: her own team is found nowhere.
      const { screen, text } = await demo.run('/pipeline team', 'dana');
      expect(screen.kind).not.toBe('pipeline');
      expect(text).toContain('You are not in a team. Name one:');
      for (const team of ['North America', 'Partners & Channel']) expect(text).toContain(team);
    });

    it('refuses in Chinese to a Chinese-speaking rep', async () => {
      const { screen, text } = await demo.run('/pipeline @fang.wang', 'wei.zhang');
      expect(screen.kind).not.toBe('pipeline');
      expect(text).toContain('你可以查看自己的销售管道');
      expect(text).toContain('王芳');
      expect(text).toContain('/pipeline me');
    });
  });
}
