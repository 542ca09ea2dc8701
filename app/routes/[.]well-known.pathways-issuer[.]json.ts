import type { LoaderFunctionArgs } from "@remix-run/node";
import { getIssuerDocument } from "~/modules/certificates/issuer-keys.server.ts";
import { appOrigin } from "~/utils/http.server.ts";

/**
 * The issuer's public keys (every key that ever signed a credential): the `issuer.id` of each
 * Pathways credential, and all a verifier needs to check one offline. See docs/decisions/0008.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const document = await getIssuerDocument(appOrigin(request));
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
