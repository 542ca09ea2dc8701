import { describe, expect, it } from "vitest";
import { isOriginAllowed } from "./security.ts";

const own = ["http://localhost:3000"];

describe("isOriginAllowed", () => {
  it("lets safe methods through whatever their origin", () => {
    expect(isOriginAllowed("GET", undefined, own)).toBe(true);
    expect(isOriginAllowed("HEAD", "https://evil.example", own)).toBe(true);
  });

  it("refuses a state-changing request with a missing, null or foreign origin", () => {
    expect(isOriginAllowed("POST", undefined, own)).toBe(false);
    expect(isOriginAllowed("POST", "null", own)).toBe(false);
    expect(isOriginAllowed("POST", "https://evil.example", own)).toBe(false);
    expect(isOriginAllowed("DELETE", "http://localhost:3001", own)).toBe(false);
    expect(isOriginAllowed("PATCH", "http://localhost:3000.evil.example", own)).toBe(false);
  });

  it("accepts our own origin", () => {
    expect(isOriginAllowed("POST", "http://localhost:3000", own)).toBe(true);
    expect(isOriginAllowed("PUT", "HTTP://LOCALHOST:3000", own)).toBe(true);
  });
});
