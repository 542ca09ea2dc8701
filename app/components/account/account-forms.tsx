import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ChangeEmailSchema, ChangeNameSchema, ChangePasswordSchema } from "~/modules/auth/account-schema.ts";

/** The account page's forms (app/routes/account._index.tsx): each posts its own `intent`. */
type Props = { lastResult: SubmissionResult<string[]> | undefined; message: string | null };

export function ChangeNameForm({ name, lastResult, message }: Props & { name: string }) {
  const [form, fields] = usePathwaysForm({
    id: "change-name",
    lastResult,
    defaultValue: { name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangeNameSchema }),
  });
  const errors = summaryErrors(form, { name: fields.name });
  return (
    <section aria-labelledby="name-heading">
      <h2 id="name-heading">Your name</h2>
      {message ? <Alert tone="success">{message}</Alert> : null}
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="change-name" />
        <TextField meta={fields.name} label="Full name" hint="As you would like it to appear on your certificates." autoComplete="name" />
        <Button variant="secondary">Change name</Button>
      </Form>
    </section>
  );
}

export function ChangeEmailForm({ email, lastResult, message }: Props & { email: string }) {
  const [form, fields] = usePathwaysForm({
    id: "change-email",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangeEmailSchema }),
  });
  const errors = summaryErrors(form, { email: fields.email, currentPassword: fields.currentPassword });
  return (
    <section aria-labelledby="email-heading">
      <h2 id="email-heading">Your email address</h2>
      <p>
        You sign in with <strong>{email}</strong>. To change it, give the new address: we send a link to it, and nothing changes until you
        open that link.
      </p>
      {message ? <Alert tone="success">{message}</Alert> : null}
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="change-email" />
        <TextField meta={fields.email} type="email" label="New email address" autoComplete="email" spellCheck={false} />
        <TextField meta={fields.currentPassword} type="password" label="Your password" autoComplete="current-password" />
        <Button variant="secondary">Change email address</Button>
      </Form>
    </section>
  );
}

export function ChangePasswordForm({ lastResult, message }: Props) {
  const [form, fields] = usePathwaysForm({
    id: "change-password",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  const errors = summaryErrors(form, {
    currentPassword: fields.currentPassword,
    password: fields.password,
    confirmPassword: fields.confirmPassword,
  });
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      {message ? <Alert tone="success">{message}</Alert> : null}
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="change-password" />
        <TextField meta={fields.currentPassword} type="password" label="Current password" autoComplete="current-password" />
        <TextField meta={fields.password} type="password" label="New password" autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} type="password" label="Confirm new password" autoComplete="new-password" />
        <Button>Change password</Button>
      </Form>
    </section>
  );
}
