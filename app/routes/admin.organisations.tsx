import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AddMemberForm } from "~/components/organisations/add-member-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ORGANISATION_TYPES } from "~/modules/auth/account-schema.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { AdminOrganisationActionSchema } from "~/modules/organisations/organisation-forms.ts";
import { addMember, createOrganisation, listOrganisations } from "~/modules/organisations/organisations.server.ts";
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_ROLES } from "~/modules/organisations/organisations.ts";
import { firstErrorMessage, formErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Organisations – Pathways admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { organisations: await listOrganisations() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: AdminOrganisationActionSchema });
  // Which form was sent ("create", or the organisation an add-member form is for), to show its errors there.
  const { intent, organisationId } = submission.payload;
  const target = intent === "add-member" ? String(organisationId ?? "").slice(0, 64) : "create";
  if (submission.status !== "success") {
    const message = firstErrorMessage(submission.error, "That was not understood.");
    return data({ ok: false, message, target, result: submission.reply() }, { status: 400 });
  }
  const input = submission.value;
  try {
    if (input.intent === "create") {
      const created = await createOrganisation(input);
      const message = `${created.name} created. Add its leaders and staff below.`;
      return { ok: true, message, target, result: submission.reply({ resetForm: true }) };
    }
    const added = await addMember(input);
    const message = `${added.name} is now in ${added.organisation} as ${MEMBERSHIP_ROLE_LABELS[input.role].toLowerCase()}.`;
    return { ok: true, message, target, result: submission.reply({ resetForm: true }) };
  } catch (error) {
    // "No account with that email" (404) belongs beside the form that typed it.
    const { reply, status } = formErrorReply(error, { beside: ["not-found"] });
    return data({ ok: false, message: reply.error, target, result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
}

/** "Add an organisation": its name and type (errors beside each field; the answer is the page's notice). */
function CreateOrganisationForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = usePathwaysForm({
    id: "create-organisation",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AdminOrganisationActionSchema }),
  });
  return (
    <Form method="post" className="narrow" {...getFormProps(form, { ariaAttributes: false })}>
      <input type="hidden" name={fields.intent.name} value="create" />
      <TextField meta={fields.name} label="Name" required maxLength={120} />
      <SelectField meta={fields.type} label="Type of organisation" options={ORGANISATION_TYPES} required />
      <Button>Add organisation</Button>
    </Form>
  );
}

export default function AdminOrganisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResultFor = (target: string) => (actionData?.target === target ? actionData.result : undefined);
  return (
    <div className="container page">
      <nav aria-label="Administration" className="button-row admin-nav">
        <Link to="/admin/users">Users and roles</Link>
        <Link to="/admin/certificates">Certificates</Link>
        <span aria-current="page">Organisations</span>
        <Link to="/admin/jobs">Background jobs</Link>
      </nav>
      <h1>Organisations</h1>
      {actionData ? <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert> : null}
      <p>Leaders of an organisation see the certificates of its members who have agreed to share their record, and nobody else&apos;s.</p>
      {organisations.length === 0 ? <p>No organisations yet.</p> : null}
      {organisations.map((o) => (
        <section key={o.id} className="card organisation-card" aria-labelledby={`org-${o.id}`}>
          <h2 id={`org-${o.id}`}>{o.name}</h2>
          <p className="muted">
            {ORGANISATION_TYPES[o.type as keyof typeof ORGANISATION_TYPES] ?? o.type}. {o.members} member{o.members === 1 ? "" : "s"} (
            {o.leaders} leader{o.leaders === 1 ? "" : "s"}); {o.sharing} sharing their record.
          </p>
          <AddMemberForm organisation={o} roles={MEMBERSHIP_ROLES} lastResult={lastResultFor(o.id)} />
        </section>
      ))}
      <h2>Add an organisation</h2>
      <CreateOrganisationForm lastResult={lastResultFor("create")} />
    </div>
  );
}
