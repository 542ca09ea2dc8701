import { CERTIFICATE_WORDING, certificateSubject } from "~/modules/certificates/certificate-subject.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { formatDate } from "~/utils/dates.ts";

type Facts = {
  id: string;
  holderName: string;
  moduleId: string;
  moduleTitle: string;
  versionNumber: number;
  cpdHours: number;
  completedAt: string | Date;
  issuedAt: string | Date;
  issuer: string;
  status: string;
};

/** What a certificate certifies, as shown to its holder and to anyone verifying it. */
export function CertificateFacts({ certificate: c }: { certificate: Facts }) {
  const kind = certificateSubject(c.moduleId).kind;
  const words = CERTIFICATE_WORDING[kind];
  return (
    <dl className="facts">
      <dt>Awarded to</dt>
      <dd>{c.holderName}</dd>
      <dt>{words.subject}</dt>
      <dd>{c.moduleTitle}</dd>
      {kind === "module" ? (
        <>
          <dt>Version</dt>
          <dd>{c.versionNumber}</dd>
        </>
      ) : null}
      <dt>CPD hours</dt>
      <dd>{formatHours(c.cpdHours)}</dd>
      <dt>{words.completedOn}</dt>
      <dd>{formatDate(c.completedAt)}</dd>
      <dt>Issued on</dt>
      <dd>{formatDate(c.issuedAt)}</dd>
      <dt>Issued by</dt>
      <dd>{c.issuer}</dd>
      <dt>Status</dt>
      <dd>{c.status === "revoked" ? "Revoked" : "Valid"}</dd>
      <dt>Certificate reference</dt>
      <dd>
        <code>{c.id}</code>
      </dd>
    </dl>
  );
}
