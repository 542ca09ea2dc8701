import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField, FieldError } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { DeleteAccountSchema } from "~/modules/auth/delete-account-schema.ts";
import { deleteAccount } from "~/modules/auth/personal-data.server.ts";
import { blankSessionCookie, requireUser } from "~/modules/auth/session.server.ts";
import { cancelUpcomingBookings } from "~/modules/events/bookings.server.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Delete your account – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: DeleteAccountSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  // Places on events still ahead are cancelled first, so they pass to the people waiting (ADR 0056).
  const result = await deleteAccount(user.id, submission.value.password, { beforeDelete: cancelUpcomingBookings });
  if (!result.ok) return data(submission.reply({ formErrors: [result.message], hideFields: ["password"] }), { status: 400 });
  throw redirect("/account-deleted", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function DeleteAccount() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteAccountSchema }),
  });
  const errors = summaryErrors(form, { password: fields.password, confirm: fields.confirm });
  const confirmErrors = fields.confirm.errors ?? [];
  return (
    <div className="container page narrow">
      <h1>Delete your account</h1>
      <p>
        This deletes your account, your progress, quiz answers, reflections and code for good. It cannot be undone.{" "}
        <a href="/account/data">Download your data</a> first if you want to keep it.
      </p>
      <p>Certificates you have been issued stay verifiable, so that anyone you have shown one to can still check it.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField meta={fields.password} type="password" label="Your password" autoComplete="current-password" />
        <div className={`field${confirmErrors.length ? " field--error" : ""}`}>
          <FieldError id={fields.confirm.errorId} errors={confirmErrors} />
          <div className="choices">
            <input {...getInputProps(fields.confirm, { type: "checkbox", value: "yes" })} key={fields.confirm.key} />
            <label htmlFor={fields.confirm.id}>I understand that my account and everything in it will be deleted</label>
          </div>
        </div>
        <div className="button-row">
          <Button variant="danger">Delete my account</Button>
          <Link to="/account">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}
