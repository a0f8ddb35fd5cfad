import { fileURLToPath } from 'node:url';

/** The committed reference PNGs. */
export const REFERENCE_DIR = fileURLToPath(new URL('reference/', import.meta.url));
/** Where a failed comparison leaves the actual and the diff PNG (gitignored). */
export const FAILURE_DIR = fileURLToPath(new URL('failures/', import.meta.url));

export function referencePath(name: string): string {
  return `${REFERENCE_DIR}${name}.png`;
}
