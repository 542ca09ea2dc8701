import { londonIsoDate } from "~/utils/dates.ts";
import { certificateUrls } from "./open-badge.ts";

/**
 * Where a holder can show a certificate: its public verification page, and LinkedIn's "Add
 * licence or certification" form filled in with the certificate's name, issuer, month, reference
 * and that page (LinkedIn's documented add-to-profile link: the holder confirms it on LinkedIn; we
 * send LinkedIn nothing). Pure.
 */
export const ISSUER_NAME = "Pathways";

export function certificateShareLinks(origin: string, certificate: { id: string; moduleTitle: string; issuedAt: Date | string }) {
  const { verifyUrl } = certificateUrls(origin, certificate.id);
  const [year, month] = londonIsoDate(certificate.issuedAt).split("-");
  const linkedIn = new URL("https://www.linkedin.com/profile/add");
  linkedIn.search = new URLSearchParams({
    startTask: "CERTIFICATION_NAME",
    name: certificate.moduleTitle,
    organizationName: ISSUER_NAME,
    issueYear: String(Number(year)),
    issueMonth: String(Number(month)),
    certUrl: verifyUrl,
    certId: certificate.id,
  }).toString();
  return { verifyUrl, pdfPath: `/certificates/${certificate.id}/certificate.pdf`, linkedInUrl: linkedIn.toString() };
}
