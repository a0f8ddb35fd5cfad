-- AlterTable
ALTER TABLE "ProcessedRequest" ADD COLUMN     "answeredAt" TIMESTAMP(3),
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "completedAt" TIMESTAMP(3),
ADD COLUMN     "kind" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "payload" JSONB,
ADD COLUMN     "platform" TEXT,
ADD COLUMN     "reply" JSONB,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'done';

-- CreateIndex
CREATE INDEX "ProcessedRequest_state_createdAt_idx" ON "ProcessedRequest"("state", "createdAt");
