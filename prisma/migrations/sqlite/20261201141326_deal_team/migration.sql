-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Deal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "searchKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "teamId" TEXT,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "listAmountMinor" BIGINT,
    "discountBps" INTEGER,
    "stage" TEXT NOT NULL,
    "forecastCategory" TEXT NOT NULL DEFAULT 'pipeline',
    "closeDate" DATETIME,
    "nextStep" TEXT,
    "nextStepDue" DATETIME,
    "sourceChannel" TEXT NOT NULL DEFAULT 'direct',
    "lostReason" TEXT,
    "closedAt" DATETIME,
    "stageEnteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Deal_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Deal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Deal_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Deal_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Deal" ("accountId", "amountMinor", "closeDate", "closedAt", "createdAt", "currency", "discountBps", "forecastCategory", "id", "lastActivityAt", "listAmountMinor", "lostReason", "nextStep", "nextStepDue", "number", "ownerId", "searchKey", "sourceChannel", "stage", "stageEnteredAt", "title", "updatedAt", "version", "workspaceId") SELECT "accountId", "amountMinor", "closeDate", "closedAt", "createdAt", "currency", "discountBps", "forecastCategory", "id", "lastActivityAt", "listAmountMinor", "lostReason", "nextStep", "nextStepDue", "number", "ownerId", "searchKey", "sourceChannel", "stage", "stageEnteredAt", "title", "updatedAt", "version", "workspaceId" FROM "Deal";
DROP TABLE "Deal";
ALTER TABLE "new_Deal" RENAME TO "Deal";
CREATE INDEX "Deal_workspaceId_ownerId_stage_idx" ON "Deal"("workspaceId", "ownerId", "stage");
CREATE INDEX "Deal_workspaceId_teamId_stage_idx" ON "Deal"("workspaceId", "teamId", "stage");
CREATE INDEX "Deal_workspaceId_stage_idx" ON "Deal"("workspaceId", "stage");
CREATE INDEX "Deal_workspaceId_closeDate_idx" ON "Deal"("workspaceId", "closeDate");
CREATE UNIQUE INDEX "Deal_workspaceId_number_key" ON "Deal"("workspaceId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill: each existing deal belongs to its owner's current team, else the team its owner manages
-- (as src/store/deals.ts teamOfMember decides for new and reassigned deals).
UPDATE "Deal" SET "teamId" = COALESCE(
    (SELECT "Member"."teamId" FROM "Member" WHERE "Member"."id" = "Deal"."ownerId"),
    (SELECT "Team"."id" FROM "Team" WHERE "Team"."managerId" = "Deal"."ownerId" ORDER BY "Team"."name" LIMIT 1)
);
