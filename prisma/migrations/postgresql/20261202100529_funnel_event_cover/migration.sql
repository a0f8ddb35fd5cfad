-- DropIndex
DROP INDEX "DealEvent_workspaceId_at_idx";

-- CreateIndex
CREATE INDEX "DealEvent_workspaceId_at_type_toStage_dealId_fromStage_idx" ON "DealEvent"("workspaceId", "at", "type", "toStage", "dealId", "fromStage");
