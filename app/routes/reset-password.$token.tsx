import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PASSWORD_MIN_LENGTH, ResetPasswordSchema } from "~/modules/auth/account-schema.ts";
import { findUsableResetToken, resetPassword } from "~/modules/auth/account.server.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Choose a new password – Pathways" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const usable = await findUsableResetToken(params.token ?? "");
  // A tampered, used or expired link gets a clear page (and a 4xx status), and changes nothing.
  if (!usable) return data({ valid: false as const }, { status: 410 });
  return { valid: true as const };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  formData.set("token", params.token ?? ""); // the URL is the authority, whatever the form says
  const submission = parseWithZod(formData, { schema: ResetPasswordSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  const ok = await resetPassword(submission.value.token, submission.value.password);
  if (!ok) {
    return data(
      submission.reply({
        formErrors: ["This reset link has expired or has already been used. Ask for a new one."],
        hideFields: ["password", "confirmPassword"],
      }),
      { status: 410 },
    );
  }
  throw redirect("/sign-in?reset=1");
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const { token } = useParams();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  if (!valid) {
    return (
      <div className="container page narrow">
        <h1>This link does not work</h1>
        <p>Password reset links work once, for one hour. This one has expired, has been used already, or was not copied in full.</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </div>
    );
  }
  const errors = summaryErrors(form, { password: fields.password, confirmPassword: fields.confirmPassword });
  return (
    <div className="container page narrow">
      <h1>Choose a new password</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="token" value={token} />
        <TextField
          meta={fields.password}
          type="password"
          label="New password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          autoComplete="new-password"
        />
        <TextField meta={fields.confirmPassword} type="password" label="Confirm new password" autoComplete="new-password" />
        <p className="muted">Changing your password signs you out everywhere.</p>
        <Button>Change password</Button>
      </Form>
    </div>
  );
}
