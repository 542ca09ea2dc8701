import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { ForgotPasswordSchema } from "~/modules/auth/account-schema.ts";
import { startPasswordReset } from "~/modules/auth/account.server.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Reset your password – Pathways" }];

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sentTo: null }, { status: 400 });
  // The same answer, at once, whether or not the account exists: the lookup and the email happen
  // after the response, so neither the words nor the timing reveal who has an account.
  startPasswordReset(submission.value.email, appOrigin(request));
  return { result: submission.reply({ resetForm: true }), sentTo: submission.value.email };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });
  const errors = summaryErrors(form, { email: fields.email });
  return (
    <div className="container page narrow">
      <h1>Reset your password</h1>
      {actionData?.sentTo ? (
        <Alert tone="success" title="Check your email">
          <p>
            If there is a Pathways account for {actionData.sentTo}, we have sent it a link to reset the password. The link works for one
            hour.
          </p>
        </Alert>
      ) : (
        <p>Enter the email address you use for Pathways and we will send you a link to choose a new password.</p>
      )}
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField meta={fields.email} type="email" label="Email address" autoComplete="email" spellCheck={false} />
        <Button>Send reset link</Button>
      </Form>
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
