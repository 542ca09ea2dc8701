import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { findJoinableOrganisation, requestToJoin } from "~/modules/organisations/join-requests.server.ts";
import { YourOrganisationsActionSchema } from "~/modules/organisations/organisation-forms.ts";
import { listMembershipsForUser, setRecordSharing } from "~/modules/organisations/organisations.server.ts";
import { SHARED_RECORD_DESCRIPTION } from "~/modules/organisations/organisations.ts";
import { formErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Your organisations – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const joined = new URL(request.url).searchParams.get("joined") === "1";
  const [memberships, joinable] = await Promise.all([listMembershipsForUser(user.id), findJoinableOrganisation(user.id)]);
  return { memberships, joinable, joined };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Buttons only (hidden fields, nothing typed): a failed parse is a forged or stale form.
  const submission = parseWithZod(await readForm(request), { schema: YourOrganisationsActionSchema });
  if (submission.status !== "success") return data({ ok: false, message: "That was not understood. Try again." }, { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "ask-to-join") {
      const { name } = await requestToJoin({ userId: user.id, organisationId: input.organisationId });
      return { ok: true, message: `You have asked to join ${name}. Its leaders will see your request; you join when one approves it.` };
    }
    await setRecordSharing({ userId: user.id, organisationId: input.organisationId, shares: input.share === "yes" });
  } catch (error) {
    const { reply, status } = formErrorReply(error, { beside: ["not-found"] });
    return data({ ok: false, message: reply.error }, { status });
  }
  return {
    ok: true,
    message:
      input.share === "yes"
        ? "You are sharing your CPD record with this organisation's leaders."
        : "You have stopped sharing: its leaders can no longer see your record.",
  };
}

export default function YourOrganisations() {
  const { memberships, joinable, joined } = useLoaderData<typeof loader>();
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
                  <input type="hidden" name="intent" value="share" />
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
      {joinable ? (
        <section aria-labelledby="join-heading" className="card">
          <h2 id="join-heading">{joinable.name} is on Pathways</h2>
          {joinable.request === "pending" ? (
            <p>You have asked to join {joinable.name}. You join when one of its leaders approves.</p>
          ) : joinable.request === "declined" ? (
            <p>{joinable.name} declined your request. Ask one of its leaders to invite you instead.</p>
          ) : (
            <>
              <p>
                You named {joinable.name} when you created your account. Ask to join it: its leaders see your name and email address, and
                you join as a member of staff when one approves. Nothing of your record is shared unless you choose.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="ask-to-join" />
                <input type="hidden" name="organisationId" value={joinable.id} />
                <Button>Ask to join {joinable.name}</Button>
              </Form>
            </>
          )}
        </section>
      ) : null}
      <p>
        <Link to="/verify">Check several certificates at once</Link>
      </p>
    </div>
  );
}
