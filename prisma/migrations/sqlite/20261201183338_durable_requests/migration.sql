-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProcessedRequest" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT,
    "result" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" TEXT NOT NULL DEFAULT 'done',
    "platform" TEXT,
    "kind" TEXT,
    "payload" JSONB,
    "reply" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "completedAt" DATETIME,
    "answeredAt" DATETIME
);
INSERT INTO "new_ProcessedRequest" ("createdAt", "key", "result", "workspaceId") SELECT "createdAt", "key", "result", "workspaceId" FROM "ProcessedRequest";
DROP TABLE "ProcessedRequest";
ALTER TABLE "new_ProcessedRequest" RENAME TO "ProcessedRequest";
CREATE INDEX "ProcessedRequest_createdAt_idx" ON "ProcessedRequest"("createdAt");
CREATE INDEX "ProcessedRequest_state_createdAt_idx" ON "ProcessedRequest"("state", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
