import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { isUniqueViolation } from "./errors";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.db.$executeRawUnsafe("CREATE TABLE probe (id int PRIMARY KEY, n int NOT NULL)");
  await tdb.db.$executeRaw`INSERT INTO probe VALUES (1, 1)`;
});
afterAll(() => tdb.drop());

const errorOf = (run: () => Promise<unknown>) => run().then(() => null, (e: unknown) => e);

describe("isUniqueViolation", () => {
  it("recognises a duplicate key from a raw statement, and nothing else", async () => {
    expect(isUniqueViolation(await errorOf(() => tdb.db.$executeRaw`WITH a AS (INSERT INTO probe VALUES (1, 2)) SELECT 1`))).toBe(true);
    const notNull = await errorOf(() => tdb.db.$executeRaw`INSERT INTO probe VALUES (2, NULL)`);
    expect(notNull).not.toBeNull();
    expect(isUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(new Error("duplicate key"))).toBe(false);
  });
});
