import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { RemoveStaffMemberSchema } from "~/modules/organisations/organisation-forms.ts";
import { getStaffMemberToRemove, removeStaffMember } from "~/modules/organisations/organisations.server.ts";
import { invariantResponse, orErrorResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Remove ${data.member.name} from ${data.organisation.name}? – Pathways` : "Remove a member of staff – Pathways" },
];

/** Asks a leader to confirm removing a member of staff. 404 unless they lead it and the person is staff in it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getStaffMemberToRemove({ leaderId: user.id, organisationId: params.id ?? "", userId: params.userId ?? "" });
  invariantResponse(found, "Not found", 404);
  return found;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // One button, nothing typed: a form that does not parse is not this page's, and gets the error page.
  const submission = parseWithZod(await readForm(request), { schema: RemoveStaffMemberSchema });
  invariantResponse(submission.status === "success", "That was not understood. Try again.", 400);
  const organisationId = params.id ?? "";
  // Scoped in the query to a leader of this organisation and a member of staff in it: 404 otherwise.
  await orErrorResponse(removeStaffMember({ leaderId: user.id, organisationId, userId: params.userId ?? "" }));
  throw redirect(`/organisations/${organisationId}?removed=1`);
}

export default function ConfirmRemoval() {
  const { organisation, member } = useLoaderData<typeof loader>();
  return (
    <div className="container page narrow">
      <p className="muted">
        <Link to={`/organisations/${organisation.id}`}>Staff CPD records: {organisation.name}</Link>
      </p>
      <h1>
        Remove {member.name} from {organisation.name}?
      </h1>
      <p>
        {member.name} ({member.email}) will no longer be a member of staff in {organisation.name}.
      </p>
      <ul>
        <li>
          {member.sharesRecord
            ? `Their sharing ends: you and the other leaders of ${organisation.name} will no longer see their CPD record.`
            : `Their sharing ends: they could no longer choose to share their CPD record with ${organisation.name}.`}
        </li>
        <li>Their Pathways account, their learning and their certificates are not changed.</li>
        <li>To have them back, invite them again; they choose again whether to share their record.</li>
      </ul>
      <Form method="post" className="button-row">
        <input type="hidden" name="intent" value={RemoveStaffMemberSchema.shape.intent.value} />
        <Button variant="danger">Yes, remove {member.name}</Button>
        <Link to={`/organisations/${organisation.id}`}>No, keep {member.name}</Link>
      </Form>
    </div>
  );
}
