import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { ORGANISATION_TYPES, PASSWORD_MIN_LENGTH, ROLES_IN_SCHOOL, SignUpSchema } from "~/modules/auth/account-schema.ts";
import { startSignUp } from "~/modules/auth/account.server.ts";
import { requireAnonymous } from "~/modules/auth/session.server.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Create an account – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const submission = parseWithZod(await readForm(request), { schema: SignUpSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  // The same answer whether or not the address has an account (docs/decisions/0031).
  await startSignUp(submission.value, appOrigin(request));
  throw redirect(`/check-email?${new URLSearchParams({ email: submission.value.email })}`);
}

export default function SignUp() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpSchema }),
  });
  const errors = summaryErrors(form, {
    name: fields.name,
    email: fields.email,
    password: fields.password,
    organisationName: fields.organisationName,
    organisationType: fields.organisationType,
    roleInSchool: fields.roleInSchool,
  });
  return (
    <div className="container page narrow">
      {errors.length ? <title>Error: Create an account – Pathways</title> : null}
      <h1>Create an account</h1>
      <p>Pathways is free for teachers, school staff and IT professionals moving into teaching.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField meta={fields.name} label="Full name" hint="As you would like it to appear on your certificates." autoComplete="name" />
        <TextField meta={fields.email} type="email" label="Email address" autoComplete="email" spellCheck={false} />
        <TextField
          meta={fields.password}
          type="password"
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. Avoid common passwords; a short phrase of unrelated words works well.`}
          autoComplete="new-password"
        />
        <TextField meta={fields.organisationName} label="School or organisation" autoComplete="organization" />
        <SelectField meta={fields.organisationType} label="Type of organisation" options={ORGANISATION_TYPES} />
        <SelectField meta={fields.roleInSchool} label="Your role" options={ROLES_IN_SCHOOL} />
        <Button>Create account</Button>
      </Form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>.
      </p>
    </div>
  );
}
