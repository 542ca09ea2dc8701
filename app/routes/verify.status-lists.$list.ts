import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStatusListCredential, takeVerificationAllowance } from "~/modules/certificates/certificates.server.ts";
import { appOrigin } from "~/utils/http.server.ts";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*", ...headers },
  });

/**
 * A revocation list (W3C Bitstring Status List), signed: what a wallet or verifier fetches to learn
 * whether a credential has been revoked, without saying which one it is checking (ADR 0044).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const allowance = await takeVerificationAllowance(context.clientIp);
  if (!allowance.allowed) {
    return json({ message: "Too many checks from your address. Wait a minute and try again." }, 429, {
      "Retry-After": String(allowance.retryAfterSeconds),
      "Cache-Control": "no-store",
    });
  }
  const list = await getStatusListCredential(params.list ?? "", appOrigin(request));
  if (!list) return json({ message: "There is no status list at this address." }, 404, { "Cache-Control": "no-store" });
  // A revocation shows within five minutes; the signed list itself is valid for a day.
  return json(list, 200, { "Cache-Control": "public, max-age=300" });
}
