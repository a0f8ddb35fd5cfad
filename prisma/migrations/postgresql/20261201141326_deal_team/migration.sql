-- AlterTable
ALTER TABLE "Deal" ADD COLUMN     "teamId" TEXT;

-- CreateIndex
CREATE INDEX "Deal_workspaceId_teamId_stage_idx" ON "Deal"("workspaceId", "teamId", "stage");

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: each existing deal belongs to its owner's current team, else the team its owner manages
-- (as src/store/deals.ts teamOfMember decides for new and reassigned deals).
UPDATE "Deal" SET "teamId" = COALESCE(
    (SELECT "Member"."teamId" FROM "Member" WHERE "Member"."id" = "Deal"."ownerId"),
    (SELECT "Team"."id" FROM "Team" WHERE "Team"."managerId" = "Deal"."ownerId" ORDER BY "Team"."name" LIMIT 1)
);
