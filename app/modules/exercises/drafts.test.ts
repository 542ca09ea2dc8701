import { describe, expect, it } from "vitest";
import { chooseDraft } from "./drafts.ts";

const starter = "def double(n):\n    pass\n";

describe("chooseDraft", () => {
  it("starts from the starter when there is nothing saved, or only the starter", () => {
    expect(chooseDraft({ starter, account: null, device: null })).toEqual({ code: starter, from: "starter", notice: null });
    expect(chooseDraft({ starter, account: null, device: { code: starter, at: 5 } }).from).toBe("starter");
  });

  it("takes the newer copy when this device and the account disagree, and says which", () => {
    const account = { code: "from the account", at: 1_000 };
    const device = { code: "from this device", at: 2_000 };
    expect(chooseDraft({ starter, account, device })).toMatchObject({
      code: "from this device",
      from: "device",
      notice: expect.stringMatching(/this device.*newer/),
    });
    expect(chooseDraft({ starter, account: { ...account, at: 3_000 }, device })).toMatchObject({
      code: "from the account",
      from: "account",
      notice: expect.stringMatching(/saved to your account.*newer than the copy on this device/),
    });
  });

  it("loads the one copy there is, with a notice", () => {
    expect(chooseDraft({ starter, account: { code: "saved", at: 1 }, device: { code: "saved", at: 2 } })).toMatchObject({
      code: "saved",
      from: "account",
    });
    expect(chooseDraft({ starter, account: null, device: { code: "unsent", at: 1 } })).toMatchObject({
      code: "unsent",
      from: "device",
      notice: expect.stringContaining("will be saved to your account now"),
    });
  });
});
