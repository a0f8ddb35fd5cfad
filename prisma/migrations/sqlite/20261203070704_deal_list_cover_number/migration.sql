-- DropIndex
DROP INDEX "Deal_report_cover_idx";

-- CreateIndex
CREATE INDEX "Deal_report_cover_idx" ON "Deal"("workspaceId", "stage", "closeDate", "number", "currency", "amountMinor", "forecastCategory", "ownerId", "teamId", "stageEnteredAt", "lastActivityAt");
