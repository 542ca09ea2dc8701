import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { lookUpCertificates, takeVerificationAllowance } from "~/modules/certificates/certificates.server.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { MAX_BULK_REFERENCES, parseCertificateReferences } from "~/modules/certificates/references.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Check certificates – Pathways" }, { name: "robots", content: "noindex" }];

/** Bulk verification: paste certificate addresses or references, see each one's status. No sign-in needed. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = String(form.get("references") ?? "").slice(0, 20_000);
  const { ids, unrecognised, truncated } = parseCertificateReferences(text);
  if (ids.length === 0) {
    return data({ state: "empty" as const, text, unrecognised }, { status: 400 });
  }
  const allowance = await takeVerificationAllowance(context.clientIp, Date.now(), ids.length);
  if (!allowance.allowed) {
    return data(
      { state: "limited" as const, text, retryAfterSeconds: allowance.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(allowance.retryAfterSeconds) } },
    );
  }
  const results = await lookUpCertificates(ids);
  return { state: "checked" as const, text, results, unrecognised, truncated };
}

export default function BulkVerify() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (actionData) resultRef.current?.focus();
  }, [actionData]);
  return (
    <div className="container page">
      <h1>Check Pathways certificates</h1>
      <p>
        Paste the web addresses of certificates (or their references), one per line, up to {MAX_BULK_REFERENCES} at a time. No account is
        needed.
      </p>
      {actionData?.state === "empty" ? (
        <Alert tone="error" title="No certificate addresses found">
          <p>Paste addresses like https://…/verify/ followed by the certificate&apos;s reference, one per line.</p>
        </Alert>
      ) : null}
      {actionData?.state === "limited" ? (
        <Alert tone="error" title="Too many checks">
          <p>There have been too many checks from your network in the last minute. Wait a minute, then try again.</p>
        </Alert>
      ) : null}
      {actionData?.state === "checked" ? (
        <section aria-labelledby="bulk-results" className="bulk-results">
          <h2 id="bulk-results" tabIndex={-1} ref={resultRef}>
            Results: {actionData.results.filter((r) => r.certificate?.status === "valid").length} of {actionData.results.length} valid
          </h2>
          {actionData.truncated ? <p>Only the first {MAX_BULK_REFERENCES} were checked.</p> : null}
          <table>
            <caption className="visually-hidden">Certificates checked, in the order given</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Status</th>
                <th scope="col">Awarded to</th>
                <th scope="col">Module</th>
                <th scope="col">CPD hours</th>
                <th scope="col">Completed</th>
              </tr>
            </thead>
            <tbody>
              {actionData.results.map(({ id, certificate: c }) => (
                <tr key={id}>
                  <td>
                    {c ? (
                      <a href={`/verify/${id}`}>
                        <code>{id}</code>
                      </a>
                    ) : (
                      <code>{id}</code>
                    )}
                  </td>
                  <td>
                    <strong>
                      {!c
                        ? "Not found"
                        : c.status === "revoked"
                          ? `Revoked${c.revokedAt ? ` ${formatDate(c.revokedAt, "short")}` : ""}`
                          : "Valid"}
                    </strong>
                    {c?.status === "revoked" && c.revokedReason ? `: ${c.revokedReason}` : null}
                  </td>
                  <td>{c?.holderName ?? ""}</td>
                  <td>{c ? `${c.moduleTitle} (version ${c.versionNumber})` : ""}</td>
                  <td>{c ? formatHours(c.cpdHours) : ""}</td>
                  <td>{c ? formatDate(c.completedAt, "short") : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {actionData.unrecognised.length > 0 ? (
            <p>
              Not recognised as certificate addresses: <span className="muted">{actionData.unrecognised.join(", ")}</span>
            </p>
          ) : null}
        </section>
      ) : null}
      <Form method="post" className="narrow">
        <div className="field">
          <label htmlFor="references">Certificate addresses or references</label>
          <textarea id="references" name="references" rows={8} spellCheck={false} defaultValue={actionData?.text ?? ""} />
        </div>
        <Button disabled={navigation.state === "submitting"}>Check certificates</Button>
      </Form>
    </div>
  );
}
