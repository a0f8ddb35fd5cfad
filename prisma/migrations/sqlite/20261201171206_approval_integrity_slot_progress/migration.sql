/*
  Warnings:

  - A unique constraint covering the columns `[pendingDealId]` on the table `DiscountRequest` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "DiscountRequest" ADD COLUMN "pendingDealId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ScheduleSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT,
    "job" TEXT NOT NULL,
    "recipientKey" TEXT NOT NULL,
    "slotAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "delivered" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_ScheduleSlot" ("attempts", "claimedAt", "claimedBy", "completedAt", "error", "id", "job", "late", "recipientKey", "slotAt", "status", "workspaceId") SELECT "attempts", "claimedAt", "claimedBy", "completedAt", "error", "id", "job", "late", "recipientKey", "slotAt", "status", "workspaceId" FROM "ScheduleSlot";
DROP TABLE "ScheduleSlot";
ALTER TABLE "new_ScheduleSlot" RENAME TO "ScheduleSlot";
CREATE INDEX "ScheduleSlot_status_claimedAt_idx" ON "ScheduleSlot"("status", "claimedAt");
CREATE UNIQUE INDEX "ScheduleSlot_job_recipientKey_slotAt_key" ON "ScheduleSlot"("job", "recipientKey", "slotAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill: the newest pending request of each deal holds the key. Older pending requests of the same deal
-- (left by the race this index now prevents) are cancelled.
UPDATE "DiscountRequest" SET "status" = 'cancelled'
WHERE "status" = 'pending' AND EXISTS (
  SELECT 1 FROM "DiscountRequest" AS newer
  WHERE newer."dealId" = "DiscountRequest"."dealId" AND newer."status" = 'pending'
    AND (newer."createdAt" > "DiscountRequest"."createdAt" OR (newer."createdAt" = "DiscountRequest"."createdAt" AND newer."id" > "DiscountRequest"."id"))
);
UPDATE "DiscountRequest" SET "pendingDealId" = "dealId" WHERE "status" = 'pending';

-- CreateIndex
CREATE UNIQUE INDEX "DiscountRequest_pendingDealId_key" ON "DiscountRequest"("pendingDealId");
