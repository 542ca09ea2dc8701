import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RevokeForm } from "~/components/certificates/admin-reason-forms.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { RevokeCertificateSchema } from "~/modules/certificates/certificate-forms.ts";
import { revokeCertificate, searchCertificates } from "~/modules/certificates/certificates.server.ts";
import { firstErrorMessage, formErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Certificates – Pathways admin" }];

const SearchSchema = z.object({ q: z.string().trim().max(200).catch("") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const { q } = SearchSchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  return { q, ...(await searchCertificates({ query: q })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: RevokeCertificateSchema });
  // Which row's form was sent, so its message and errors are shown there.
  const certificateId = String(submission.payload.certificateId ?? "").slice(0, 64);
  if (submission.status !== "success") {
    const message = firstErrorMessage(submission.error, "Not understood");
    return data({ ok: false, certificateId, message, result: submission.reply() }, { status: 400 });
  }
  try {
    await revokeCertificate({ id: submission.value.certificateId, reason: submission.value.reason, adminId: admin.id });
  } catch (error) {
    const { reply, status } = formErrorReply(error, { beside: ["not-found"] });
    return data({ ok: false, certificateId, message: reply.error, result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
  const message = "Certificate revoked. Its public page now says so.";
  return { ok: true, certificateId, message, result: submission.reply({ resetForm: true }) };
}

export default function AdminCertificates() {
  const { q, rows, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <nav aria-label="Administration" className="button-row admin-nav">
        <Link to="/admin/users">Users and roles</Link>
        <span aria-current="page">Certificates</span>
        <Link to="/admin/organisations">Organisations</Link>
        <Link to="/admin/jobs">Background jobs</Link>
      </nav>
      <h1>Certificates</h1>
      {actionData ? <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert> : null}
      <Form method="get" role="search" className="field">
        <label htmlFor="certificate-search">Search by certificate reference, holder name or email, or module</label>
        <div className="button-row">
          <input id="certificate-search" type="search" name="q" defaultValue={q} />
          <Button variant="secondary">Search</Button>
        </div>
      </Form>
      <p className="muted">
        {total === 0
          ? "No certificates found."
          : `${total} certificate${total === 1 ? "" : "s"}${total > rows.length ? `; showing the newest ${rows.length}` : ""}.`}
      </p>
      {rows.length > 0 ? (
        <table>
          <caption className="visually-hidden">Certificates, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              <th scope="col">Module</th>
              <th scope="col">Issued</th>
              <th scope="col">Status</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.holderName}
                  <br />
                  <Link to={`/verify/${c.id}`} className="muted">
                    <code>{c.id}</code>
                    <span className="visually-hidden"> (public page)</span>
                  </Link>
                </td>
                <td>
                  {c.moduleTitle} (version {c.versionNumber})
                </td>
                <td>{formatDate(c.issuedAt, "short")}</td>
                <td>
                  {c.status === "revoked"
                    ? `Revoked ${c.revokedAt ? formatDate(c.revokedAt, "short") : ""}: ${c.revokedReason ?? ""}`
                    : "Valid"}
                </td>
                <td>
                  {c.status === "revoked" ? (
                    <span className="muted">Already revoked</span>
                  ) : (
                    <RevokeForm certificate={c} lastResult={actionData?.certificateId === c.id ? actionData.result : undefined} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="hint" id="reason-hint">
        The reason is shown to anyone who checks the certificate. Revoking cannot be undone.
      </p>
    </div>
  );
}
