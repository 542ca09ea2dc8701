import { describe, expect, it } from "vitest";
import { isOriginAllowed, originMatchesHost } from "./security.ts";

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

describe("originMatchesHost", () => {
  it("requires a state-changing request's Origin to name the Host (or X-Forwarded-Host) it was sent to", () => {
    expect(originMatchesHost("POST", "https://pathways.example", undefined, "pathways.example")).toBe(true);
    expect(originMatchesHost("POST", "https://pathways.example:8443", undefined, "pathways.example:8443")).toBe(true);
    expect(originMatchesHost("POST", "https://pathways.example:8443", undefined, "pathways.example")).toBe(false);
    expect(originMatchesHost("POST", "https://pathways.example", undefined, "evil.example")).toBe(false);
    expect(originMatchesHost("POST", "https://pathways.example", "pathways.example, proxy.internal", "127.0.0.1:3000")).toBe(true);
    expect(originMatchesHost("POST", "https://pathways.example", undefined, undefined)).toBe(false);
    expect(originMatchesHost("POST", "not a url", undefined, "pathways.example")).toBe(false);
    expect(originMatchesHost("GET", "https://other.example", undefined, "pathways.example")).toBe(true);
  });
});
