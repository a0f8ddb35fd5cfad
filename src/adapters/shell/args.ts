import { parseArgs } from 'node:util';

export type ShellArgs = { demo: boolean; as?: string };

/** `npm start -- --no-demo --as mike` */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'no-demo': { type: 'boolean', default: false }, as: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  return { demo: !values['no-demo'], ...(values.as ? { as: values.as } : {}) };
}
