-- DropIndex
DROP INDEX "Deal_workspaceId_stage_closeDate_idx";

-- CreateIndex
CREATE INDEX "Deal_report_cover_idx" ON "Deal"("workspaceId", "stage", "closeDate", "currency", "amountMinor", "forecastCategory", "ownerId", "teamId", "stageEnteredAt", "lastActivityAt");
