-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "gradeManual" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Deal" ADD COLUMN     "lostToId" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "afterSalesDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "gradeRule" JSONB;

-- CreateTable
CREATE TABLE "Competitor" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Competitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealCompetitor" (
    "dealId" TEXT NOT NULL,
    "competitorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DealCompetitor_pkey" PRIMARY KEY ("dealId","competitorId")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "role" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AfterSalesFollowUp" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dealId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,
    "score" INTEGER,
    "comment" TEXT,
    "recordedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AfterSalesFollowUp_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_lostToId_fkey" FOREIGN KEY ("lostToId") REFERENCES "Competitor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competitor" ADD CONSTRAINT "Competitor_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealCompetitor" ADD CONSTRAINT "DealCompetitor_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealCompetitor" ADD CONSTRAINT "DealCompetitor_competitorId_fkey" FOREIGN KEY ("competitorId") REFERENCES "Competitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AfterSalesFollowUp" ADD CONSTRAINT "AfterSalesFollowUp_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AfterSalesFollowUp" ADD CONSTRAINT "AfterSalesFollowUp_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AfterSalesFollowUp" ADD CONSTRAINT "AfterSalesFollowUp_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
