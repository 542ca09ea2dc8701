import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCertificateStatusDocument, takeVerificationAllowance } from "~/modules/certificates/certificates.server.ts";
import { appOrigin } from "~/utils/http.server.ts";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body, null, 2), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "Access-Control-Allow-Origin": "*",
      ...headers,
    },
  });

/** The credentialStatus of a credential: is its certificate valid or revoked? Public, rate limited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const allowance = await takeVerificationAllowance(context.clientIp);
  if (!allowance.allowed) {
    return json({ message: "Too many checks from your address. Wait a minute and try again." }, 429, {
      "Retry-After": String(allowance.retryAfterSeconds),
    });
  }
  const status = await getCertificateStatusDocument(params.id ?? "", appOrigin(request));
  return status ? json(status, 200) : json({ message: "No certificate has this reference." }, 404);
}
