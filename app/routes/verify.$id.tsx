import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { normaliseCertificateReference } from "~/modules/certificates/certificate-id.ts";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CertificateFacts } from "~/components/certificate-facts.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import {
  checkCredentialForCertificate,
  getPublicCertificate,
  takeVerificationAllowance,
  type CheckLine,
} from "~/modules/certificates/certificates.server.ts";
import { readCredentialForm } from "~/modules/certificates/credential-form.server.ts";
import { MAX_CREDENTIAL_BYTES } from "~/modules/certificates/constants.ts";
import { appOrigin } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

/**
 * The public verification page: anyone, signed in or not, can see whether a certificate is valid
 * and check a credential file against it. Works without JavaScript. Unknown and malformed ids get
 * the same 404 page; lookups are rate limited per address.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title:
      data?.state === "found"
        ? `${data.certificate.status === "revoked" ? "Revoked" : "Valid"} certificate: ${data.certificate.moduleTitle} – Pathways`
        : data?.state === "limited"
          ? "Too many checks – Pathways"
          : "Certificate not found – Pathways",
  },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

const noStore = { "Cache-Control": "no-store" };

function limited(retryAfterSeconds: number) {
  return data(
    { state: "limited" as const, retryAfterSeconds },
    { status: 429, headers: { ...noStore, "Retry-After": String(retryAfterSeconds) } },
  );
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const allowance = await takeVerificationAllowance(context.clientIp);
  if (!allowance.allowed) return limited(allowance.retryAfterSeconds);
  // A reference typed in another case, without hyphens or with confusable letters goes to its one address.
  const ref = normaliseCertificateReference(params.id);
  if (ref && ref !== params.id) throw redirect(`/verify/${encodeURIComponent(ref)}`, { headers: noStore });
  const certificate = ref ? await getPublicCertificate(ref) : null;
  if (!certificate) return data({ state: "not-found" as const }, { status: 404, headers: noStore });
  return data({ state: "found" as const, certificate }, { headers: noStore });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const allowance = await takeVerificationAllowance(context.clientIp);
  if (!allowance.allowed) return limited(allowance.retryAfterSeconds);
  const certificateId = normaliseCertificateReference(params.id) ?? "";
  if (!certificateId || !(await getPublicCertificate(certificateId)))
    return data({ state: "not-found" as const }, { status: 404, headers: noStore });
  const form = await readCredentialForm(request);
  if (!form.ok) {
    const message =
      form.reason === "too-large"
        ? `That is larger than ${MAX_CREDENTIAL_BYTES / 1024} KB, so it is not a Pathways credential.`
        : "The form could not be read. Try again.";
    return data({ state: "error" as const, message }, { status: form.reason === "too-large" ? 413 : 400, headers: noStore });
  }
  const report = await checkCredentialForCertificate({ certificateId, text: form.text, origin: appOrigin(request) });
  return data({ state: "checked" as const, report, pasted: form.source === "paste" ? form.text : "" }, { headers: noStore });
}

export default function VerifyCertificate() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (loaderData.state === "limited" || actionData?.state === "limited") return <TooManyChecks />;
  if (loaderData.state === "not-found" || actionData?.state === "not-found") return <NotFound />;
  const c = loaderData.certificate;
  const revoked = c.status === "revoked";
  return (
    <div className="container page narrow verify-page">
      <p className="muted">Pathways certificate check</p>
      <h1>{revoked ? "This certificate has been revoked" : "This certificate is valid"}</h1>
      {revoked ? (
        <Alert tone="error" title={`Revoked${c.revokedAt ? ` on ${formatDate(c.revokedAt)}` : ""}`}>
          <p>Reason: {c.revokedReason}</p>
          <p>Pathways no longer vouches for it.</p>
        </Alert>
      ) : (
        <Alert tone="success" title="Pathways issued this certificate and it has not been revoked." />
      )}
      {c.replacedById ? (
        <Alert tone="info" title={`Replaced by ${c.replacedById}`}>
          <p>
            The holder changed their name{c.replacedAt ? ` on ${formatDate(c.replacedAt)}` : ""}, and this certificate was issued again
            under the new name: <a href={`/verify/${c.replacedById}`}>see the certificate that replaced it ({c.replacedById})</a>. This one
            still records what was completed, under the name used then.
          </p>
        </Alert>
      ) : null}
      <CertificateFacts certificate={c} />
      <CheckCredential actionData={actionData} />
      <p>
        <a href="/verify">Check several certificates at once</a>
      </p>
    </div>
  );
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

function CheckCredential({ actionData }: { actionData: ActionData }) {
  const navigation = useNavigation();
  const resultRef = useRef<HTMLHeadingElement>(null);
  const report = actionData?.state === "checked" ? actionData.report : null;
  useEffect(() => {
    if (actionData) resultRef.current?.focus();
  }, [actionData]);
  return (
    <section aria-labelledby="check-heading" className="credential-check">
      <h2 id="check-heading">Check a digital credential</h2>
      <p>
        If you were sent this certificate&apos;s digital credential (a <code>.json</code> file), check that it is genuine, that it is this
        certificate&apos;s, and that it is still current.
      </p>
      {actionData?.state === "error" ? (
        <div className="check-result" aria-live="polite">
          <h3 id="check-result" tabIndex={-1} ref={resultRef}>
            The credential could not be checked
          </h3>
          <Alert tone="error">{actionData.message}</Alert>
        </div>
      ) : null}
      {report ? (
        <div className="check-result" aria-live="polite">
          <h3 id="check-result" tabIndex={-1} ref={resultRef}>
            {report.genuine.ok && report.matches.ok && report.current.ok
              ? "Result: the credential is genuine, matches this certificate and is current"
              : "Result: the credential did not pass every check"}
          </h3>
          <ul className="check-list">
            <CheckItem label="Genuine" line={report.genuine} />
            <CheckItem label="Matches this certificate" line={report.matches} />
            <CheckItem label="Current" line={report.current} />
          </ul>
          {report.otherCertificateId ? (
            <p>
              <a href={`/verify/${report.otherCertificateId}`}>See the certificate this credential belongs to</a>
            </p>
          ) : null}
          {report.stated ? (
            <p className="muted">
              The credential names {report.stated.holderName ?? "no one"} for {report.stated.moduleTitle ?? "an unnamed module"}.
            </p>
          ) : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="credential-file">Choose the credential file</label>
          <span className="hint" id="credential-file-hint">
            A file ending in .json, up to {MAX_CREDENTIAL_BYTES / 1024} KB.
          </span>
          <input id="credential-file" type="file" name="file" accept=".json,application/json" aria-describedby="credential-file-hint" />
        </div>
        <div className="field">
          <label htmlFor="credential-text">Or paste the credential</label>
          <textarea
            id="credential-text"
            name="credential"
            rows={8}
            spellCheck={false}
            defaultValue={actionData?.state === "checked" ? actionData.pasted : ""}
            key={actionData?.state === "checked" ? actionData.pasted : "empty"}
          />
        </div>
        <Button disabled={navigation.state === "submitting"}>Check the credential</Button>
      </Form>
    </section>
  );
}

function CheckItem({ label, line }: { label: string; line: CheckLine }) {
  return (
    <li className={line.ok ? "check-pass" : "check-fail"}>
      <span aria-hidden="true">{line.ok ? "✓" : "✗"} </span>
      <strong>
        {label}: {line.ok ? "yes" : "no"}.
      </strong>{" "}
      {line.message}
    </li>
  );
}

function NotFound() {
  return (
    <div className="container page narrow">
      <h1>Certificate not found</h1>
      <p>There is no Pathways certificate with this reference.</p>
      <p>
        Check that you copied the whole web address from the certificate, or ask the person who gave it to you for the link to their
        certificate.
      </p>
    </div>
  );
}

function TooManyChecks() {
  return (
    <div className="container page narrow">
      <h1>Too many checks</h1>
      <p>There have been too many certificate checks from your network in the last minute. Wait a minute, then try again.</p>
    </div>
  );
}
