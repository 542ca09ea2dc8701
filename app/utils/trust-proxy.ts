import net from "node:net";

/**
 * Express's `trust proxy` from TRUST_PROXY (docs/decisions/0022): "false" (the default: the app
 * faces the internet), a hop count (1 = one reverse proxy in front), or a comma-separated list of
 * proxy addresses or CIDR subnets (or Express's names loopback, linklocal, uniquelocal). Never
 * "true": trusting every hop lets any client choose its address with X-Forwarded-For, and with it
 * bypass every per-address limit.
 */
export type TrustProxy = false | number | string[];

const NAMED = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length || !address) return false;
  const family = net.isIP(address);
  if (!family) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export function parseTrustProxy(value: string | undefined): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const text = (value ?? "").trim();
  if (text === "" || text === "false") return { ok: true, value: false };
  if (text === "true") {
    return {
      ok: false,
      message:
        'must not be "true" (any client could then set its own address with X-Forwarded-For): give the number of proxies in front of the app (e.g. 1) or their addresses or subnets (e.g. 10.0.0.0/8)',
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return { ok: true, value: hops };
    return { ok: false, message: "a hop count must be between 1 and 10" };
  }
  const entries = text.split(",").map((e) => e.trim());
  const bad = entries.filter((e) => !isAddressOrSubnet(e));
  if (bad.length) return { ok: false, message: `not an address or subnet: ${bad.join(", ")}` };
  return { ok: true, value: entries };
}

/**
 * The client's address as limits count it: an IPv4 address the same whichever way it arrived. A
 * server listening on every interface (IPv6) sees an IPv4 client as "::ffff:192.0.2.1", one bound
 * to an IPv4 address as "192.0.2.1"; two servers behind one load balancer must agree, or a client
 * alternating between them would get each per-address allowance twice.
 */
export function normaliseClientAddress(ip: string | undefined): string {
  if (!ip) return "unknown";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip.toLowerCase();
}
