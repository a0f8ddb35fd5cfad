-- CreateTable
CREATE TABLE "ExchangeRate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "quoteCurrency" TEXT NOT NULL,
    "rate" TEXT NOT NULL,
    "effectiveDate" DATETIME NOT NULL,
    "setById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExchangeRate_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExchangeRate_setById_fkey" FOREIGN KEY ("setById") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeRate_workspaceId_currency_quoteCurrency_effectiveDate_key" ON "ExchangeRate"("workspaceId", "currency", "quoteCurrency", "effectiveDate");
