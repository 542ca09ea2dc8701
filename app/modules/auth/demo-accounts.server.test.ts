import { describe, expect, it } from "vitest";
import { hashPassword } from "./password.server.ts";
import { findDemoAccountsWithPublishedPasswords, seedDemoAccounts } from "./demo-accounts.server.ts";
import { prisma } from "~/utils/db.server.ts";

describe("demo accounts", () => {
  it("are listed while they keep the README's passwords, and not once a password is changed", async () => {
    expect(await findDemoAccountsWithPublishedPasswords()).toEqual([]);
    await seedDemoAccounts();
    expect((await findDemoAccountsWithPublishedPasswords()).sort()).toEqual(
      [
        "admin@pathways.test",
        "author@pathways.test",
        "evaluator@pathways.test",
        "funder@pathways.test",
        "leader@pathways.test",
        "learner@pathways.test",
        "organiser@pathways.test",
      ].sort(),
    );
    await prisma.user.update({
      where: { email: "admin@pathways.test" },
      data: { passwordHash: await hashPassword("a long private passphrase") },
    });
    expect(await findDemoAccountsWithPublishedPasswords()).not.toContain("admin@pathways.test");
  });
});
