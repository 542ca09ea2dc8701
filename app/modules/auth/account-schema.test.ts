import { describe, expect, it } from "vitest";
import { NewPasswordSchema, safeRedirect, SignUpSchema } from "./account-schema.ts";
import { isCommonPassword } from "./common-passwords.ts";

describe("passwords", () => {
  it.each(["password123", "PASSWORD1", "12345678", "qwertyuiop", "aaaaaaaaaa", "abcdefghij", "iloveyou"])(
    "refuses the common password %s",
    (p) => {
      expect(isCommonPassword(p)).toBe(true);
      expect(NewPasswordSchema.safeParse(p).success).toBe(false);
    },
  );

  it("refuses passwords shorter than 8 characters", () => {
    expect(NewPasswordSchema.safeParse("k7#pQ2z").success).toBe(false);
  });

  it("accepts a long, uncommon passphrase", () => {
    expect(NewPasswordSchema.safeParse("purple kettle orbit").success).toBe(true);
  });
});

describe("sign-up input", () => {
  const valid = {
    name: " Ada Lovelace ",
    email: " Ada@School.ORG.uk ",
    password: "analytical engine notes",
    organisationName: "Ockham Primary",
    organisationType: "primary-school",
    roleInSchool: "class-teacher",
  };

  it("normalises email and trims text", () => {
    const parsed = SignUpSchema.parse(valid);
    expect(parsed.email).toBe("ada@school.org.uk");
    expect(parsed.name).toBe("Ada Lovelace");
  });

  it("reports each bad field with a message", () => {
    const result = SignUpSchema.safeParse({ ...valid, email: "not-an-email", organisationType: "castle", password: "short" });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["email", "organisationType", "password"]));
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/courses", "/courses"],
    ["/learning?x=1", "/learning?x=1"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["", "/"],
    [null, "/"],
  ])("%s -> %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
