import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasRole, requireUser } from "~/modules/auth/session.server.ts";
import { getCertificateForViewer } from "~/modules/certificates/certificates.server.ts";
import { invariantResponse } from "~/utils/errors.ts";

/** The signed Open Badges 3.0 credential, byte for byte as issued, for the holder (and admins). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const certificate = await getCertificateForViewer({ id: params.id ?? "", viewer: { id: user.id, isAdmin: hasRole(user, "admin") } });
  invariantResponse(certificate, "Certificate not found", 404);
  // An attachment, never shown inline; helmet adds X-Content-Type-Options: nosniff to every response.
  return new Response(certificate.credential, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathways-credential-${certificate.id}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
