-- CreateIndex
CREATE INDEX "Deal_workspaceId_teamId_closeDate_stage_idx" ON "Deal"("workspaceId", "teamId", "closeDate", "stage");
