/*
  Warnings:

  - A unique constraint covering the columns `[pendingDealId]` on the table `DiscountRequest` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "DiscountRequest" ADD COLUMN     "pendingDealId" TEXT;

-- AlterTable
ALTER TABLE "ScheduleSlot" ADD COLUMN     "delivered" INTEGER NOT NULL DEFAULT 0;

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
