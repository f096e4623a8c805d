-- CreateTable
CREATE TABLE "finding_fix_day" (
    "service_id" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "sonar" BOOLEAN NOT NULL,
    "severity" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "fixed" INTEGER NOT NULL,
    "time_to_fix" interval NOT NULL,

    CONSTRAINT "finding_fix_day_pkey" PRIMARY KEY ("day","service_id","tool","sonar","severity")
);

-- Kept by the statement triggers below on every write to "finding", whichever path makes it: each
-- statement takes the rows it changed out of their old bucket and adds them to their new one.
-- Interval sums are added component by component (days, microseconds), exactly as avg() adds them,
-- so a period's sum over days divided by its count is avg() over the findings to the microsecond. A
-- bucket whose findings all left keeps count 0 and a zero interval, which adds nothing. The body is
-- an escaped string with each semicolon written \073: the WebAssembly migration engine splits a
-- script at every semicolon, quoted or not.
CREATE FUNCTION "finding_fix_day_apply"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "finding_fix_day" AS d ("service_id", "tool", "sonar", "severity", "day", "fixed", "time_to_fix")
    SELECT n."service_id", n."tool", n."sonar_issue_key" IS NOT NULL, n."severity", (n."fixed_at" AT TIME ZONE ''UTC'')::date,
           count(*), sum(n."fixed_at" - n."first_seen_at")
    FROM new_rows n WHERE n."fixed_at" IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("day", "service_id", "tool", "sonar", "severity")
    DO UPDATE SET "fixed" = d."fixed" + excluded."fixed", "time_to_fix" = d."time_to_fix" + excluded."time_to_fix" \073
  ELSIF TG_OP = ''DELETE'' THEN
    INSERT INTO "finding_fix_day" AS d ("service_id", "tool", "sonar", "severity", "day", "fixed", "time_to_fix")
    SELECT o."service_id", o."tool", o."sonar_issue_key" IS NOT NULL, o."severity", (o."fixed_at" AT TIME ZONE ''UTC'')::date,
           -count(*), -sum(o."fixed_at" - o."first_seen_at")
    FROM old_rows o WHERE o."fixed_at" IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("day", "service_id", "tool", "sonar", "severity")
    DO UPDATE SET "fixed" = d."fixed" + excluded."fixed", "time_to_fix" = d."time_to_fix" + excluded."time_to_fix" \073
  ELSE
    -- Most updates (last seen, triage state) move nothing here: only rows whose bucket or time changed count.
    INSERT INTO "finding_fix_day" AS d ("service_id", "tool", "sonar", "severity", "day", "fixed", "time_to_fix")
    SELECT c."service_id", c."tool", c."sonar", c."severity", c."day", sum(c."sign")::int,
           sum(CASE WHEN c."sign" > 0 THEN c."span" ELSE -c."span" END)
    FROM (
      SELECT x.* FROM old_rows o JOIN new_rows n ON n."id" = o."id"
      CROSS JOIN LATERAL (VALUES
        (-1, o."service_id", o."tool", o."sonar_issue_key" IS NOT NULL, o."severity", (o."fixed_at" AT TIME ZONE ''UTC'')::date, o."fixed_at" - o."first_seen_at", o."fixed_at"),
        (1, n."service_id", n."tool", n."sonar_issue_key" IS NOT NULL, n."severity", (n."fixed_at" AT TIME ZONE ''UTC'')::date, n."fixed_at" - n."first_seen_at", n."fixed_at")
      ) AS x("sign", "service_id", "tool", "sonar", "severity", "day", "span", "fixed_at")
      WHERE (o."fixed_at", o."first_seen_at", o."severity", o."service_id", o."tool", o."sonar_issue_key" IS NOT NULL)
            IS DISTINCT FROM (n."fixed_at", n."first_seen_at", n."severity", n."service_id", n."tool", n."sonar_issue_key" IS NOT NULL)
        AND x."fixed_at" IS NOT NULL
    ) c
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("day", "service_id", "tool", "sonar", "severity")
    DO UPDATE SET "fixed" = d."fixed" + excluded."fixed", "time_to_fix" = d."time_to_fix" + excluded."time_to_fix" \073
  END IF \073
  RETURN NULL \073
END
';

CREATE TRIGGER "finding_fix_day_insert" AFTER INSERT ON "finding"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finding_fix_day_apply"();
CREATE TRIGGER "finding_fix_day_update" AFTER UPDATE ON "finding"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finding_fix_day_apply"();
CREATE TRIGGER "finding_fix_day_delete" AFTER DELETE ON "finding"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "finding_fix_day_apply"();

-- The findings fixed so far.
INSERT INTO "finding_fix_day" ("service_id", "tool", "sonar", "severity", "day", "fixed", "time_to_fix")
SELECT "service_id", "tool", "sonar_issue_key" IS NOT NULL, "severity", ("fixed_at" AT TIME ZONE 'UTC')::date,
       count(*), sum("fixed_at" - "first_seen_at")
FROM "finding" WHERE "fixed_at" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
