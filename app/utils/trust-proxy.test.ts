import { describe, expect, it } from "vitest";
import { normaliseClientAddress, parseTrustProxy } from "./trust-proxy.ts";

describe("parseTrustProxy", () => {
  it("trusts no proxy by default", () => {
    expect(parseTrustProxy(undefined)).toEqual({ ok: true, value: false });
    expect(parseTrustProxy("false")).toEqual({ ok: true, value: false });
  });

  it("accepts a hop count or a list of addresses and subnets", () => {
    expect(parseTrustProxy("1")).toEqual({ ok: true, value: 1 });
    expect(parseTrustProxy("10.0.0.0/8, 192.168.1.5,::1,fd00::/8,loopback")).toEqual({
      ok: true,
      value: ["10.0.0.0/8", "192.168.1.5", "::1", "fd00::/8", "loopback"],
    });
  });

  it('refuses "true", which would let any client choose its own address', () => {
    expect(parseTrustProxy("true")).toMatchObject({ ok: false, message: expect.stringContaining('must not be "true"') });
  });

  it("refuses anything else", () => {
    for (const bad of ["0", "11", "yes", "10.0.0.0/33", "10.0.0/8", "*", "1.2.3.4/x"]) expect(parseTrustProxy(bad).ok, bad).toBe(false);
  });
});

describe("normaliseClientAddress", () => {
  it("gives an IPv4 client the same address whether it arrived on an IPv6 or an IPv4 socket", () => {
    expect(normaliseClientAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseClientAddress("::FFFF:127.0.0.1")).toBe("127.0.0.1");
    expect(normaliseClientAddress("192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseClientAddress("2001:DB8::1")).toBe("2001:db8::1");
    expect(normaliseClientAddress(undefined)).toBe("unknown");
  });
});
