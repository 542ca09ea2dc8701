import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmEmailNotice } from "~/components/account/confirm-email-notice.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { IssueCertificateSchema } from "~/modules/certificates/certificate-forms.ts";
import { issueCertificate, listCertificatesForUser } from "~/modules/certificates/certificates.server.ts";
import { certificateSubject } from "~/modules/certificates/certificate-subject.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { formErrorReply } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Your certificates – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { certificates: await listCertificatesForUser(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // "Get your certificate" forms (My learning) post here: one button and the module, nothing typed.
  const submission = parseWithZod(await readForm(request), { schema: IssueCertificateSchema });
  if (submission.status !== "success")
    return data({ error: "That request was not understood. Go back and try again.", unconfirmed: false }, { status: 400 });
  let id: string;
  try {
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: submission.value.moduleId, origin: appOrigin(request) });
    id = certificate.id;
  } catch (error) {
    // Why no certificate (not eligible, not signed in, address unconfirmed) is said on this page.
    const { reply, status, code } = formErrorReply(error, { beside: ["unauthenticated", "forbidden", "email-unverified"] });
    return data({ error: reply.error, unconfirmed: code === "email-unverified" }, { status });
  }
  return redirect(`/certificates/${id}`);
}

export default function Certificates() {
  const { certificates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Your certificates</h1>
      {actionData?.error ? (
        <Alert tone="error" title="We could not issue that certificate">
          {actionData.unconfirmed ? <ConfirmEmailNotice /> : <p>{actionData.error}</p>}
        </Alert>
      ) : null}
      {certificates.length === 0 ? (
        <p>
          You have no certificates yet. Complete a module in <Link to="/learning">My learning</Link> to get one.
        </p>
      ) : (
        <ul className="card-list">
          {certificates.map((c) => (
            <li key={c.id} className="card">
              <h2>
                <Link to={`/certificates/${c.id}`}>{c.moduleTitle}</Link>
              </h2>
              <p className="muted">
                {certificateSubject(c.moduleId).kind === "event"
                  ? `Certificate of attendance, ${formatHours(c.cpdHours)}. Last attended on ${formatDate(c.completedAt)}.`
                  : `Version ${c.versionNumber}, ${formatHours(c.cpdHours)}. Completed on ${formatDate(c.completedAt)}.`}
                {c.status === "revoked" ? <strong> Revoked.</strong> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
