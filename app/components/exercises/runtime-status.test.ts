import { describe, expect, it } from "vitest";
import { megabytes, pythonLoadingAnnouncement, pythonProgressText } from "./runtime-status.ts";

describe("Python's loading progress", () => {
  it("is shown in megabytes with one decimal", () => {
    expect(megabytes(4_100_000)).toBe("4.1");
    expect(megabytes(12_263_932)).toBe("12.3");
    expect(megabytes(0)).toBe("0.0");
    expect(pythonProgressText({ loaded: 4_100_000, total: 6_200_000 })).toMatch(/^Loading Python: 4\.1 of 6\.2 MB\. You can write/);
    expect(pythonProgressText({ loaded: 6_200_000, total: 6_200_000 })).toBe("Loading Python: 6.2 of 6.2 MB. Starting Python…");
  });

  it("is announced a quarter at a time, not at every update", () => {
    const total = 12_000_000;
    const said = new Set<string>();
    for (let loaded = 0; loaded <= total; loaded += 262_144) said.add(pythonLoadingAnnouncement({ loaded, total }));
    expect([...said]).toEqual([
      "Loading Python… You can write your code while it loads.",
      "Loading Python: 25% done.",
      "Loading Python: 50% done.",
      "Loading Python: 75% done.",
    ]);
    expect(pythonLoadingAnnouncement({ loaded: total, total })).toBe("Python has downloaded and is starting…");
    expect(pythonLoadingAnnouncement(null)).toBe("Loading Python… You can write your code while it loads.");
  });
});
