// Types for prisma/schemas.mjs (imported by src/store/migrations.ts).
export declare const prismaDir: string;
export declare const rootDir: string;
/** Schema text for a provider with the client written to src/store/generated/<provider>. */
export declare function schemaFor(provider: 'sqlite' | 'postgresql'): string;
