import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { PASSWORD_MIN_LENGTH, ROLES_IN_SCHOOL } from "~/modules/auth/account-schema.ts";
import { getCurrentUser, requireUser } from "~/modules/auth/session.server.ts";
import { InvitationAnswerSchema, InvitationTokenSchema } from "~/modules/organisations/invitation-schema.ts";
import {
  acceptInvitation,
  createAccountAndAccept,
  declineInvitation,
  findOpenInvitation,
} from "~/modules/organisations/invitations.server.ts";
import { AppError, formErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.invitation ? `Join ${data.invitation.organisation} – Pathways` : "Invitation – Pathways" },
];

/** The invitation behind this link, or null (any malformed, unknown, used, cancelled or expired token). */
async function openInvitation(token: string | undefined) {
  const parsed = InvitationTokenSchema.safeParse(token);
  return parsed.success ? findOpenInvitation(parsed.data) : null;
}

/**
 * Deliberately public: the link itself is the credential (256 random bits, stored hashed, once,
 * 14 days). It shows the organisation and who invited; what the visitor may do depends on who is
 * signed in (docs/decisions/0032).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [invitation, user] = await Promise.all([openInvitation(params.token), getCurrentUser(request)]);
  if (!invitation) return data({ invitation: null, viewer: null }, { status: 410 });
  const viewer = !user
    ? { kind: "anonymous" as const }
    : user.email === invitation.email
      ? { kind: "invitee" as const }
      : { kind: "other" as const, email: user.email };
  return {
    invitation: {
      organisation: invitation.organisation.name,
      inviter: invitation.invitedBy?.name ?? null,
      email: invitation.email,
      expiresAt: formatDate(invitation.expiresAt),
    },
    viewer,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = InvitationTokenSchema.safeParse(params.token);
  const submission = parseWithZod(await readForm(request), { schema: InvitationAnswerSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), declined: null }, { status: 400 });
  try {
    if (!token.success) throw new AppError("not-found", "This invitation link is not valid. Ask your school for a new one.");
    const answer = submission.value;
    if (answer.intent === "accept") {
      const user = await requireUser(request);
      await acceptInvitation({ token: token.data, user });
      throw redirect("/organisations?joined=1");
    }
    if (answer.intent === "decline") {
      const { organisation } = await declineInvitation({ token: token.data, user: await getCurrentUser(request) });
      return { result: submission.reply({ resetForm: true }), declined: organisation.name };
    }
    if (await getCurrentUser(request)) throw new AppError("forbidden", "You are signed in already. Sign out to create another account.");
    const created = await createAccountAndAccept({ token: token.data, ...answer });
    throw redirect("/organisations?joined=1", { headers: { "Set-Cookie": created.cookie } });
  } catch (error) {
    // A link that does not work (404) or is for someone else (403) is said on this page, beside the form.
    const { reply, status } = formErrorReply(error, { beside: ["not-found", "forbidden"] });
    return data({ result: submission.reply({ formErrors: [reply.error], hideFields: ["password"] }), declined: null }, { status });
  }
}

function NotValid() {
  return (
    <div className="container page narrow">
      <h1>This invitation link does not work</h1>
      <p>
        Invitation links work once, for 14 days. This one has expired, has been used or cancelled already, or was not copied in full. Ask
        the leader who invited you to send it again.
      </p>
      <p>
        <Link to="/">Go to the Pathways home page</Link>
      </p>
    </div>
  );
}

export default function InvitationPage() {
  const { invitation, viewer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token } = useParams();
  const [form, fields] = usePathwaysForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InvitationAnswerSchema }),
  });
  if (actionData?.declined) {
    return (
      <div className="container page narrow">
        <h1>Invitation declined</h1>
        <Alert tone="success">You have declined the invitation to join {actionData.declined}. Nothing else has changed.</Alert>
        <p>
          <Link to="/">Go to the Pathways home page</Link>
        </p>
      </div>
    );
  }
  if (!invitation || !viewer) return <NotValid />;
  const errors = summaryErrors(form, { name: fields.name, password: fields.password, roleInSchool: fields.roleInSchool });
  const here = `/invitations/${token ?? ""}`;
  return (
    <div className="container page narrow">
      {errors.length ? <title>{`Error: Join ${invitation.organisation} – Pathways`}</title> : null}
      <h1>Join {invitation.organisation} on Pathways</h1>
      <p>
        {invitation.inviter ?? "A leader"} has invited <strong>{invitation.email}</strong> to join {invitation.organisation} as a member of
        staff. This invitation works until {invitation.expiresAt}.
      </p>
      <p>
        Joining does not share anything. Your CPD record stays private unless you choose, from your account, to let the leaders of{" "}
        {invitation.organisation} see it; you can stop sharing at any time.
      </p>
      <ErrorSummary errors={errors} />
      {viewer.kind === "invitee" ? (
        <div className="button-row">
          <Form method="post">
            <input type="hidden" name="intent" value="accept" />
            <Button>Accept and join {invitation.organisation}</Button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="decline" />
            <Button variant="secondary">Decline</Button>
          </Form>
        </div>
      ) : viewer.kind === "other" ? (
        <Alert tone="warning" title="This invitation is for someone else">
          <p>
            You are signed in as {viewer.email}, but this invitation is for {invitation.email}. Sign out, then open the link again and sign
            in as {invitation.email} (or create an account for it).
          </p>
          <Form method="post" action="/sign-out">
            <Button variant="secondary">Sign out</Button>
          </Form>
        </Alert>
      ) : (
        <>
          <h2>Already on Pathways?</h2>
          <p>
            <Link to={`/sign-in?${new URLSearchParams({ redirectTo: here })}`}>Sign in as {invitation.email} to accept</Link>
          </p>
          <h2>New to Pathways? Create your account</h2>
          <p>Your account will use {invitation.email}, the address this invitation was sent to.</p>
          <Form method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="intent" value="create-account" />
            <TextField
              meta={fields.name}
              label="Full name"
              hint="As you would like it to appear on your certificates."
              autoComplete="name"
            />
            <TextField
              meta={fields.password}
              type="password"
              label="Password"
              hint={`At least ${PASSWORD_MIN_LENGTH} characters. Avoid common passwords; a short phrase of unrelated words works well.`}
              autoComplete="new-password"
            />
            <SelectField meta={fields.roleInSchool} label="Your role" options={ROLES_IN_SCHOOL} />
            <Button>Create account and join</Button>
          </Form>
          <h2>Not for you?</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="decline" />
            <Button variant="secondary">Decline the invitation</Button>
          </Form>
        </>
      )}
    </div>
  );
}
