-- DropIndex
DROP INDEX "Deal_workspaceId_stage_idx";

-- DropIndex
DROP INDEX "Deal_workspaceId_teamId_stage_idx";

-- DropIndex
DROP INDEX "Deal_workspaceId_ownerId_stage_idx";

-- CreateIndex
CREATE INDEX "Deal_workspaceId_ownerId_stage_closeDate_idx" ON "Deal"("workspaceId", "ownerId", "stage", "closeDate");

-- CreateIndex
CREATE INDEX "Deal_workspaceId_teamId_stage_closeDate_idx" ON "Deal"("workspaceId", "teamId", "stage", "closeDate");

-- CreateIndex
CREATE INDEX "Deal_workspaceId_stage_closeDate_idx" ON "Deal"("workspaceId", "stage", "closeDate");
