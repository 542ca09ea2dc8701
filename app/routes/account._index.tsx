import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { ChangePasswordSchema } from "~/modules/auth/account-schema.ts";
import { changePassword } from "~/modules/auth/account.server.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: ChangePasswordSchema });
  const hideFields = ["currentPassword", "password", "confirmPassword"];
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }), changed: false }, { status: 400 });
  const result = await changePassword(user.id, submission.value.currentPassword, submission.value.password);
  if (!result.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { currentPassword: [result.message] }, hideFields }), changed: false },
      { status: 400 },
    );
  }
  return data({ result: submission.reply({ resetForm: true }), changed: true }, { headers: { "Set-Cookie": result.cookie } });
}

export default function Account() {
  const { name, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  const errors = summaryErrors(form, {
    currentPassword: fields.currentPassword,
    password: fields.password,
    confirmPassword: fields.confirmPassword,
  });
  return (
    <div className="container page narrow">
      <h1>Your account</h1>
      <p>
        Signed in as {name} ({email}).
      </p>
      <h2>Change your password</h2>
      {actionData?.changed ? (
        <Alert tone="success">Your password has been changed. You have been signed out on every other device.</Alert>
      ) : null}
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField meta={fields.currentPassword} type="password" label="Current password" autoComplete="current-password" />
        <TextField meta={fields.password} type="password" label="New password" autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} type="password" label="Confirm new password" autoComplete="new-password" />
        <Button>Change password</Button>
      </Form>
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
