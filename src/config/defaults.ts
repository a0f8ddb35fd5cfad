/** The SQLite file used when DATABASE_URL is unset (gitignored `data/`). */
export const DEFAULT_DATABASE_URL = 'file:./data/dealdesk.db';
