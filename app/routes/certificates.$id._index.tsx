import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateFacts } from "~/components/certificate-facts.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { hasRole, requireUser } from "~/modules/auth/session.server.ts";
import { getCertificateForViewer } from "~/modules/certificates/certificates.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { appOrigin } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Certificate: ${data.certificate.moduleTitle} – Pathways` : "Certificate – Pathways" },
];

/** The holder's own page for a certificate (admins may see it too; anyone else gets 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getCertificateForViewer({ id: params.id ?? "", viewer: { id: user.id, isAdmin: hasRole(user, "admin") } });
  invariantResponse(found, "Certificate not found", 404);
  const { credential: _credential, ...certificate } = found;
  return { certificate, verifyUrl: `${appOrigin(request)}/verify/${certificate.id}` };
}

export default function CertificatePage() {
  const { certificate: c, verifyUrl } = useLoaderData<typeof loader>();
  const revoked = c.status === "revoked";
  return (
    <div className="container page certificate-page">
      <p className="muted">Certificate of completion</p>
      <h1>{c.moduleTitle}</h1>
      {revoked ? (
        <Alert tone="error" title={`This certificate was revoked${c.revokedAt ? ` on ${formatDate(c.revokedAt)}` : ""}.`}>
          <p>Reason: {c.revokedReason}</p>
          <p>It is no longer valid. Anyone who checks it will be told it has been revoked.</p>
        </Alert>
      ) : (
        <Alert tone="success" title="Well done: this certificate is valid.">
          <p>Share the verification link below with your school. Anyone can check it in seconds, without an account.</p>
        </Alert>
      )}
      <CertificateFacts certificate={c} />

      <h2>Download</h2>
      <ul className="download-list">
        <li>
          <a href={`/certificates/${c.id}/certificate.pdf`} download>
            {revoked ? "Download the PDF certificate (marked as revoked)" : "Download the PDF certificate"}
          </a>{" "}
          <span className="muted">(A4, ready to print)</span>
        </li>
        <li>
          <a href={`/certificates/${c.id}/credential.json`} download>
            Download the digital credential
          </a>{" "}
          <span className="muted">(Open Badges 3.0, JSON: for digital wallets and CPD records)</span>
        </li>
      </ul>

      <h2>Share and verify</h2>
      <p>Anyone can check this certificate at:</p>
      <p className="verify-link">
        <Link to={`/verify/${c.id}`}>{verifyUrl}</Link>
      </p>
      <p>
        <Link to="/learning">Back to My learning</Link>
      </p>
    </div>
  );
}
