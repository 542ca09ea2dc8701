import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasRole, requireUser } from "~/modules/auth/session.server.ts";
import { getCertificateForViewer } from "~/modules/certificates/certificates.server.ts";
import { verifyUrlFromStoredCredential } from "~/modules/certificates/open-badge.ts";
import { renderCertificatePdf } from "~/modules/certificates/pdf.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { appOrigin } from "~/utils/http.server.ts";

/** The printable PDF, for the holder (and admins). Anyone else gets 404, as for an unknown id. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const certificate = await getCertificateForViewer({ id: params.id ?? "", viewer: { id: user.id, isAdmin: hasRole(user, "admin") } });
  invariantResponse(certificate, "Certificate not found", 404);
  const verifyUrl = verifyUrlFromStoredCredential(certificate.credential) ?? `${appOrigin(request)}/verify/${certificate.id}`;
  const pdf = await renderCertificatePdf(certificate, verifyUrl);
  // An attachment, never shown inline; helmet adds X-Content-Type-Options: nosniff to every response.
  return new Response(pdf, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="pathways-certificate-${certificate.id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
