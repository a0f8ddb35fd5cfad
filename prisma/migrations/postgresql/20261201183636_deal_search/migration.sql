-- CreateTable
CREATE TABLE "DealSearch" (
    "id" SERIAL NOT NULL,
    "dealId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "nextStep" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "DealSearch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DealSearch_dealId_key" ON "DealSearch"("dealId");

-- CreateIndex
CREATE INDEX "DealSearch_workspaceId_idx" ON "DealSearch"("workspaceId");

-- CreateIndex
CREATE INDEX "DealSearch_accountId_idx" ON "DealSearch"("accountId");

-- AddForeignKey
ALTER TABLE "DealSearch" ADD CONSTRAINT "DealSearch_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: Prisma's schema cannot express full-text search. The drift check ignores these objects
-- (src/store/deal-search.ts, SEARCH_INDEX_OBJECTS).
--
-- Full-text search with the built-in `simple` configuration and no extension (pg_trgm ships with
-- PostgreSQL but is not installed by default, and a managed server may not allow it). PostgreSQL's
-- parser keeps a run of Chinese characters as one word, so every CJK character (and full-width sign) is
-- made a word of its own first; a Chinese query word then matches as a phrase of adjacent characters.
CREATE FUNCTION "dealdesk_search_words"(input text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace(input, '([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef])', ' \1 ', 'g') $$;

-- Account and title weigh most, then the next step, then the notes.
CREATE FUNCTION "dealdesk_search_vector"(account text, title text, next_step text, notes text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT setweight(to_tsvector('simple'::regconfig, "dealdesk_search_words"(coalesce(account, ''))), 'A')
              || setweight(to_tsvector('simple'::regconfig, "dealdesk_search_words"(coalesce(title, ''))), 'A')
              || setweight(to_tsvector('simple'::regconfig, "dealdesk_search_words"(coalesce(next_step, ''))), 'B')
              || setweight(to_tsvector('simple'::regconfig, "dealdesk_search_words"(coalesce(notes, ''))), 'C') $$;

CREATE INDEX "DealSearch_fts_idx" ON "DealSearch"
    USING GIN ("dealdesk_search_vector"("account", "title", "nextStep", "notes"));

-- DealSearch follows Deal, Account and Activity, whoever writes them (the app, an import's raw inserts).
CREATE FUNCTION "dealdesk_search_deal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "DealSearch" ("dealId", "workspaceId", "accountId", "account", "title", "nextStep")
        VALUES (NEW."id", NEW."workspaceId", NEW."accountId",
                COALESCE((SELECT "name" FROM "Account" WHERE "id" = NEW."accountId"), ''),
                NEW."title", COALESCE(NEW."nextStep", ''));
    ELSE
        UPDATE "DealSearch" SET
            "accountId" = NEW."accountId",
            "account" = COALESCE((SELECT "name" FROM "Account" WHERE "id" = NEW."accountId"), ''),
            "title" = NEW."title",
            "nextStep" = COALESCE(NEW."nextStep", '')
        WHERE "dealId" = NEW."id";
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "Deal_search_insert" AFTER INSERT ON "Deal"
    FOR EACH ROW EXECUTE FUNCTION "dealdesk_search_deal"();
CREATE TRIGGER "Deal_search_update" AFTER UPDATE OF "title", "accountId", "nextStep" ON "Deal"
    FOR EACH ROW
    WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."accountId" IS DISTINCT FROM NEW."accountId"
          OR OLD."nextStep" IS DISTINCT FROM NEW."nextStep")
    EXECUTE FUNCTION "dealdesk_search_deal"();

CREATE FUNCTION "dealdesk_search_account"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "DealSearch" SET "account" = NEW."name" WHERE "accountId" = NEW."id";
    RETURN NULL;
END $$;

CREATE TRIGGER "Account_search_rename" AFTER UPDATE OF "name" ON "Account"
    FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
    EXECUTE FUNCTION "dealdesk_search_account"();

CREATE FUNCTION "dealdesk_search_notes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE "DealSearch" SET "notes" = CASE WHEN "notes" = '' THEN NEW."text" ELSE "notes" || E'\n' || NEW."text" END
        WHERE "dealId" = NEW."dealId";
        RETURN NULL;
    END IF;
    UPDATE "DealSearch" s SET "notes" = COALESCE(
        (SELECT string_agg(n."text", E'\n' ORDER BY n."at") FROM "Activity" n WHERE n."dealId" = s."dealId"), '')
    WHERE s."dealId" = OLD."dealId" OR (TG_OP = 'UPDATE' AND s."dealId" = NEW."dealId");
    RETURN NULL;
END $$;

CREATE TRIGGER "Activity_search_insert" AFTER INSERT ON "Activity"
    FOR EACH ROW EXECUTE FUNCTION "dealdesk_search_notes"();
CREATE TRIGGER "Activity_search_update" AFTER UPDATE OF "text", "dealId" ON "Activity"
    FOR EACH ROW EXECUTE FUNCTION "dealdesk_search_notes"();
CREATE TRIGGER "Activity_search_delete" AFTER DELETE ON "Activity"
    FOR EACH ROW EXECUTE FUNCTION "dealdesk_search_notes"();

-- The deals that exist already.
INSERT INTO "DealSearch" ("dealId", "workspaceId", "accountId", "account", "title", "nextStep", "notes")
SELECT d."id", d."workspaceId", d."accountId", a."name", d."title", COALESCE(d."nextStep", ''),
       COALESCE((SELECT string_agg(n."text", E'\n' ORDER BY n."at") FROM "Activity" n WHERE n."dealId" = d."id"), '')
FROM "Deal" d JOIN "Account" a ON a."id" = d."accountId";
