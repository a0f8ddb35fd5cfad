-- CreateTable
CREATE TABLE "Competitor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Competitor_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DealCompetitor" (
    "dealId" TEXT NOT NULL,
    "competitorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("dealId", "competitorId"),
    CONSTRAINT "DealCompetitor_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DealCompetitor_competitorId_fkey" FOREIGN KEY ("competitorId") REFERENCES "Competitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "role" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AfterSalesFollowUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "dealId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueOn" DATETIME NOT NULL,
    "score" INTEGER,
    "comment" TEXT,
    "recordedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AfterSalesFollowUp_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AfterSalesFollowUp_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AfterSalesFollowUp_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- AlterTable: columns added in place, not by rebuilding the tables, so the deal-search triggers on
-- "Deal" and "Account" (migration deal_search) stay as they are.
ALTER TABLE "Account" ADD COLUMN "gradeManual" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Deal" ADD COLUMN "lostToId" TEXT REFERENCES "Competitor" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Workspace" ADD COLUMN "afterSalesDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "Workspace" ADD COLUMN "gradeRule" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "Competitor_workspaceId_nameKey_key" ON "Competitor"("workspaceId", "nameKey");

-- CreateIndex
CREATE INDEX "DealCompetitor_competitorId_idx" ON "DealCompetitor"("competitorId");

-- CreateIndex
CREATE INDEX "Contact_workspaceId_idx" ON "Contact"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_accountId_nameKey_key" ON "Contact"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "AfterSalesFollowUp_dealId_key" ON "AfterSalesFollowUp"("dealId");

-- CreateIndex
CREATE INDEX "AfterSalesFollowUp_workspaceId_dueOn_idx" ON "AfterSalesFollowUp"("workspaceId", "dueOn");

-- CreateIndex
CREATE INDEX "AfterSalesFollowUp_workspaceId_recordedAt_idx" ON "AfterSalesFollowUp"("workspaceId", "recordedAt");

-- CreateIndex
CREATE INDEX "AfterSalesFollowUp_ownerId_dueOn_idx" ON "AfterSalesFollowUp"("ownerId", "dueOn");
