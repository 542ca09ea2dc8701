import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { listMembershipsForUser, setRecordSharing } from "~/modules/organisations/organisations.server.ts";
import { SHARED_RECORD_DESCRIPTION } from "~/modules/organisations/organisations.ts";
import { AppError } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Your organisations – Pathways" }];

const SharingSchema = z.object({ organisationId: z.string().min(1).max(64), share: z.enum(["yes", "no"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const joined = new URL(request.url).searchParams.get("joined") === "1";
  return { memberships: await listMembershipsForUser(user.id), joined };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = SharingSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ ok: false, message: "That was not understood. Try again." }, { status: 400 });
  try {
    await setRecordSharing({ userId: user.id, organisationId: parsed.data.organisationId, shares: parsed.data.share === "yes" });
  } catch (error) {
    if (error instanceof AppError) return data({ ok: false, message: error.message }, { status: error.status });
    throw error;
  }
  return {
    ok: true,
    message:
      parsed.data.share === "yes"
        ? "You are sharing your CPD record with this organisation's leaders."
        : "You have stopped sharing: its leaders can no longer see your record.",
  };
}

export default function YourOrganisations() {
  const { memberships, joined } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page narrow">
      <h1>Your organisations</h1>
      {actionData ? (
        <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert>
      ) : joined ? (
        <Alert tone="success">You have joined. Your CPD record stays private until you choose to share it below.</Alert>
      ) : null}
      {memberships.length === 0 ? (
        <p>
          You are not part of an organisation on Pathways. When your school or employer invites you and you accept, it will appear here, and
          you can choose whether its leaders may see your certificates.
        </p>
      ) : (
        <>
          <p>
            Your CPD record is private unless you choose to share it with an organisation. Sharing lets its leaders see{" "}
            {SHARED_RECORD_DESCRIPTION} You can stop sharing at any time, and then they see none of it.
          </p>
          <ul className="card-list">
            {memberships.map((m) => (
              <li key={m.organisation.id} className="card">
                <h2>{m.organisation.name}</h2>
                <p>
                  {m.sharesRecord
                    ? `Its leaders can see your CPD record${m.consentedAt ? ` (you agreed on ${formatDate(m.consentedAt)})` : ""}.`
                    : "Its leaders cannot see your CPD record."}
                </p>
                <Form method="post">
                  <input type="hidden" name="organisationId" value={m.organisation.id} />
                  <input type="hidden" name="share" value={m.sharesRecord ? "no" : "yes"} />
                  <Button variant={m.sharesRecord ? "secondary" : "primary"}>
                    {m.sharesRecord ? "Stop sharing my record" : "Share my record"}
                    <span className="visually-hidden"> with {m.organisation.name}</span>
                  </Button>
                </Form>
                {m.role === "leader" ? (
                  <p>
                    <Link to={`/organisations/${m.organisation.id}`}>
                      Staff CPD records<span className="visually-hidden"> for {m.organisation.name}</span>
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/verify">Check several certificates at once</Link>
      </p>
    </div>
  );
}
