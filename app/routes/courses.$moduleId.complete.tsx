import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConfirmEmailNotice } from "~/components/account/confirm-email-notice.tsx";
import { CopyLinkField } from "~/components/certificates/copy-link-field.tsx";
import { RatingForm } from "~/components/feedback/rating-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { getCompletion } from "~/modules/certificates/completion.server.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { certificateShareLinks } from "~/modules/certificates/share-links.ts";
import { formatDate } from "~/utils/dates.ts";
import { appOrigin } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `You have completed ${data.title} – Pathways` : "Module complete – Pathways" },
];

/**
 * Where a learner lands on completing a module's last required activity (issue 12): the CPD hours,
 * the certificate issued there and then, ways to show it, and the rating form.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const moduleId = params.moduleId ?? "";
  const origin = appOrigin(request);
  const completion = await getCompletion({ userId: user.id, moduleId, origin });
  if (!completion) throw redirect(`/courses/${encodeURIComponent(moduleId)}`); // not enrolled: the module page
  if (!completion.complete) throw redirect(`/courses/${encodeURIComponent(moduleId)}/learn`);
  const { certificate } = completion;
  return {
    ...completion,
    email: user.email,
    share: certificate.state === "issued" ? certificateShareLinks(origin, certificate.certificate) : null,
  };
}

export default function ModuleComplete() {
  const { moduleId, title, cpdHours, completedAt, certificate, share, rating, email } = useLoaderData<typeof loader>();
  const issued = certificate.state === "issued" ? certificate.certificate : null;
  const hours = certificate.state === "issued" || certificate.state === "revoked" ? certificate.certificate.cpdHours : cpdHours;
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/courses/${moduleId}`}>{title}</Link>
      </p>
      <h1>You have completed {title}</h1>
      <p>
        Well done. This module counts for <strong>{formatHours(hours)} of CPD</strong>
        {completedAt ? `, completed on ${formatDate(completedAt)}` : ""}. Your hours are added up on{" "}
        <Link to="/learning#cpd-hours">My learning</Link>, where you can download your CPD record.
      </p>

      <section aria-labelledby="certificate-heading">
        <h2 id="certificate-heading">Your certificate</h2>
        {issued && share ? (
          <>
            <p>
              Your certificate is ready, in the name {issued.holderName}. Its reference is <code>{issued.id}</code>: anyone can check it at
              the link below, at any time, without an account.
            </p>
            <p className="button-row">
              <Link to={`/certificates/${issued.id}`} className="button">
                View certificate
              </Link>
              <a href={share.pdfPath} className="button button--secondary" download>
                Download the PDF
              </a>
            </p>
            <h3>Show it to others</h3>
            <CopyLinkField id="verify-link" label="Link anyone can use to check your certificate" value={share.verifyUrl} />
            <p>
              <a href={share.linkedInUrl} rel="noopener noreferrer">
                Add it to your LinkedIn profile
              </a>{" "}
              (LinkedIn opens with the certificate&apos;s name, reference and this link filled in, for you to check and save).
            </p>
          </>
        ) : certificate.state === "revoked" ? (
          <Alert tone="info" title="Your certificate for this module was revoked">
            <p>
              It was revoked
              {certificate.certificate.revokedAt ? ` on ${formatDate(certificate.certificate.revokedAt)}` : ""}
              {certificate.certificate.revokedReason ? `: ${certificate.certificate.revokedReason}` : ""}. It no longer counts towards your
              CPD hours. If you think this is a mistake, contact the programme team.
            </p>
          </Alert>
        ) : certificate.state === "unconfirmed" ? (
          <ConfirmEmailNotice email={email} />
        ) : certificate.state === "not-issued" ? (
          <Alert tone="info">
            <p>{certificate.message}</p>
          </Alert>
        ) : null}
      </section>

      <section aria-labelledby="rate-heading">
        <h2 id="rate-heading">{rating ? "Your rating" : "Rate this module"}</h2>
        <p>It takes a moment, and it helps the module&apos;s authors make it better for the next teacher.</p>
        <RatingForm moduleId={moduleId} moduleTitle={title} current={rating} />
      </section>

      <p>
        <Link to="/learning">Back to My learning</Link> · <Link to="/courses">Find your next module</Link>
      </p>
    </div>
  );
}
