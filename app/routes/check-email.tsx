import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { EmailSchema, ResendConfirmationSchema } from "~/modules/auth/account-schema.ts";
import { startResendConfirmation } from "~/modules/auth/email-confirmation.server.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Check your email – Pathways" }];

const checkEmailUrl = (email: string, sent = false) => `/check-email?${new URLSearchParams({ email, ...(sent ? { sent: "1" } : {}) })}`;

/**
 * Deliberately public: where sign-up lands, the same page whether or not the address had an
 * account (docs/decisions/0031). It shows only the address the person typed.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const email = EmailSchema.safeParse(url.searchParams.get("email") ?? "");
  return { email: email.success ? email.data : null, sent: url.searchParams.get("sent") === "1" };
}

/** "Send the link again": the same answer for every address; the work happens after the response. */
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ResendConfirmationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  startResendConfirmation(submission.value.email, appOrigin(request));
  throw redirect(checkEmailUrl(submission.value.email, true));
}

export default function CheckEmail() {
  const { email, sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult,
    defaultValue: { email: email ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResendConfirmationSchema }),
  });
  const errors = summaryErrors(form, { email: fields.email });
  return (
    <div className="container page narrow">
      {errors.length ? <title>Error: Check your email – Pathways</title> : null}
      <h1>Check your email</h1>
      {sent ? (
        <Alert tone="success" title="Sent again">
          <p>If {email ?? "that address"} is waiting to be confirmed, we have sent it a new link.</p>
        </Alert>
      ) : null}
      <p>
        We have sent an email to {email ? <strong>{email}</strong> : "the address you gave"}. Open the link in it within 48 hours to confirm
        your address. If you already have a Pathways account, the email tells you how to sign in instead.
      </p>
      <p>
        You can <Link to="/sign-in">sign in</Link> now and start learning while you wait. We need your confirmed address before we can issue
        a certificate.
      </p>
      <h2>No email?</h2>
      <p>Check your junk or spam folder; emails can take a few minutes. Or send the link again:</p>
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField meta={fields.email} type="email" label="Email address" autoComplete="email" spellCheck={false} />
        <Button variant="secondary">Send the link again</Button>
      </Form>
    </div>
  );
}
