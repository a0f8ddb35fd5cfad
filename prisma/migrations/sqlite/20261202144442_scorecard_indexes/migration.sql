-- CreateIndex
CREATE INDEX "Activity_workspaceId_memberId_at_idx" ON "Activity"("workspaceId", "memberId", "at");

-- CreateIndex
CREATE INDEX "Deal_created_cover_idx" ON "Deal"("workspaceId", "createdAt", "ownerId", "currency", "amountMinor");
