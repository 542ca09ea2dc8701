import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AddMemberForm } from "~/components/organisations/add-member-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ORGANISATION_TYPES } from "~/modules/auth/account-schema.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { addMember, createOrganisation, listOrganisations } from "~/modules/organisations/organisations.server.ts";
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_ROLES } from "~/modules/organisations/organisations.ts";
import { formErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Organisations – Pathways admin" }];

const OrganisationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string().trim().min(2, "Enter the organisation's name").max(120, "Keep the name under 120 characters"),
    type: z.enum(Object.keys(ORGANISATION_TYPES) as [keyof typeof ORGANISATION_TYPES], { error: "Choose the type of organisation" }),
  }),
  z.object({
    intent: z.literal("add-member"),
    organisationId: z.string().min(1).max(64),
    email: z.email("Enter an email address, like name@school.example").max(254),
    role: z.enum(MEMBERSHIP_ROLES),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { organisations: await listOrganisations() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const form = Object.fromEntries(await readForm(request));
  // Which add-member form (if any) was sent, and what was typed in it, to show the error there.
  const typed = { organisationId: String(form.organisationId ?? ""), email: String(form.email ?? "") };
  const parsed = OrganisationActionSchema.safeParse(form);
  if (!parsed.success) {
    return data({ ok: false, message: parsed.error.issues[0]?.message ?? "That was not understood.", ...typed }, { status: 400 });
  }
  try {
    if (parsed.data.intent === "create") {
      const created = await createOrganisation(parsed.data);
      return { ok: true, message: `${created.name} created. Add its leaders and staff below.` };
    }
    const added = await addMember(parsed.data);
    return {
      ok: true,
      message: `${added.name} is now in ${added.organisation} as ${MEMBERSHIP_ROLE_LABELS[parsed.data.role].toLowerCase()}.`,
    };
  } catch (error) {
    // "No account with that email" (404) belongs beside the form that typed it.
    const { reply, status } = formErrorReply(error, { beside: ["not-found"] });
    return data({ ok: false, message: reply.error, ...typed }, { status });
  }
}

export default function AdminOrganisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && !actionData.ok && "organisationId" in actionData ? actionData : null;
  return (
    <div className="container page">
      <nav aria-label="Administration" className="button-row admin-nav">
        <Link to="/admin/users">Users and roles</Link>
        <Link to="/admin/certificates">Certificates</Link>
        <span aria-current="page">Organisations</span>
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
          <AddMemberForm
            organisation={o}
            roles={MEMBERSHIP_ROLES}
            error={failed?.organisationId === o.id ? failed.message : undefined}
            email={failed?.organisationId === o.id ? failed.email : undefined}
          />
        </section>
      ))}
      <h2>Add an organisation</h2>
      <Form method="post" className="narrow">
        <input type="hidden" name="intent" value="create" />
        <div className="field">
          <label htmlFor="organisation-name">Name</label>
          <input id="organisation-name" name="name" type="text" required maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="organisation-type">Type of organisation</label>
          <select id="organisation-type" name="type" required defaultValue="">
            <option value="">Choose…</option>
            {Object.entries(ORGANISATION_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Button>Add organisation</Button>
      </Form>
    </div>
  );
}
