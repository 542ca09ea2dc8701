import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChangeEmailForm, ChangeNameForm, ChangePasswordForm } from "~/components/account/account-forms.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { AccountActionSchema } from "~/modules/auth/account-schema.ts";
import { changeName, changePassword, requestEmailChange } from "~/modules/auth/account.server.ts";
import { startSendConfirmation } from "~/modules/auth/email-confirmation.server.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { countCertificatesUnderOtherNames, reissueCertificates } from "~/modules/certificates/certificates.server.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const toReissue = await countCertificatesUnderOtherNames({ userId: user.id, name: user.name });
  const confirmedNow = new URL(request.url).searchParams.get("confirmed") === "1";
  return { name: user.name, email: user.email, emailConfirmed: user.emailConfirmed, toReissue, confirmedNow };
}

const HIDDEN = ["currentPassword", "password", "confirmPassword"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: AccountActionSchema });
  if (submission.status !== "success") {
    const intent = typeof submission.payload.intent === "string" ? submission.payload.intent : null;
    return data({ intent, result: submission.reply({ hideFields: HIDDEN }), message: null }, { status: 400 });
  }
  const value = submission.value;
  const origin = appOrigin(request);
  const done = (message: string, init?: ResponseInit) =>
    data({ intent: value.intent, result: submission.reply({ resetForm: true }), message }, init);
  const refused = (field: string, message: string) =>
    data(
      { intent: value.intent, result: submission.reply({ fieldErrors: { [field]: [message] }, hideFields: HIDDEN }), message: null },
      { status: 400 },
    );
  switch (value.intent) {
    case "change-password": {
      const result = await changePassword(user.id, value.currentPassword, value.password);
      if (!result.ok) return refused("currentPassword", result.message);
      return done("Your password has been changed. You have been signed out on every other device.", {
        headers: { "Set-Cookie": result.cookie },
      });
    }
    case "change-name":
      await changeName(user.id, value.name);
      return done(`Your name is now ${value.name}. Certificates issued from now on show it.`);
    case "change-email": {
      const result = await requestEmailChange({ userId: user.id, newEmail: value.email, currentPassword: value.currentPassword, origin });
      if (!result.ok) return refused(result.field, result.message);
      return done(
        `We have sent a link to ${value.email}. Open it within 48 hours to start using that address; until then you keep signing in with ${user.email}.`,
      );
    }
    case "resend-confirmation":
      if (!user.emailConfirmed) startSendConfirmation(user.id, origin);
      return done(user.emailConfirmed ? "Your email address is already confirmed." : `We have sent a new link to ${user.email}.`);
    case "reissue-certificates": {
      const reissued = await reissueCertificates({ userId: user.id, origin });
      return done(
        reissued.length === 1
          ? "Your certificate has been issued again under your new name. The old one now says it was replaced."
          : `${reissued.length} certificates have been issued again under your new name. The old ones now say they were replaced.`,
      );
    }
  }
}

export default function Account() {
  const { name, email, emailConfirmed, toReissue, confirmedNow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const forIntent = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const notice = forIntent("resend-confirmation")?.message ?? forIntent("reissue-certificates")?.message ?? null;
  return (
    <div className="container page narrow">
      <h1>Your account</h1>
      <p>
        Signed in as {name} ({email}).
      </p>
      {confirmedNow ? <Alert tone="success">Your email address {email} is confirmed.</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {!emailConfirmed ? (
        <Alert tone="warning" title="Confirm your email address">
          <p>
            We sent a link to {email} when you joined. Open it to confirm your address: we need a confirmed address before we can issue your
            certificates. The link works for 48 hours.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="resend-confirmation" />
            <Button variant="secondary">Send the link again</Button>
          </Form>
        </Alert>
      ) : null}
      <ChangeNameForm name={name} lastResult={forIntent("change-name")?.result} message={forIntent("change-name")?.message ?? null} />
      {toReissue > 0 ? (
        <section aria-labelledby="reissue-heading" className="card">
          <h2 id="reissue-heading">Certificates under your previous name</h2>
          <p>
            {toReissue === 1 ? "One of your certificates shows" : `${toReissue} of your certificates show`} a name other than {name}. We can
            issue {toReissue === 1 ? "it" : "them"} again under your current name, with a new reference. The old reference keeps working:
            anyone who checks it is told it was replaced, and by which certificate.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="reissue-certificates" />
            <Button variant="secondary">Reissue under {name}</Button>
          </Form>
        </section>
      ) : null}
      <ChangeEmailForm email={email} lastResult={forIntent("change-email")?.result} message={forIntent("change-email")?.message ?? null} />
      <ChangePasswordForm lastResult={forIntent("change-password")?.result} message={forIntent("change-password")?.message ?? null} />
      <h2>Your data</h2>
      <p>
        <a href="/account/data" download>
          Download all your data
        </a>{" "}
        (a JSON file with your profile, progress, answers, reflections and certificates).
      </p>
      <p>
        <Link to="/account/delete">Delete your account</Link>
      </p>
    </div>
  );
}
