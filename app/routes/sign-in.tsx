import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { SignInSchema } from "~/modules/auth/account-schema.ts";
import { signIn } from "~/modules/auth/account.server.ts";
import { requireAnonymous } from "~/modules/auth/session.server.ts";
import { secondsUntil } from "~/modules/auth/throttle.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";
import { leaderLandingPath } from "~/modules/organisations/organisations.server.ts";
import { safeRedirect } from "~/utils/safe-redirect.ts";

export const meta: MetaFunction = () => [{ title: "Sign in – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: SignInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn(email, password, context.clientIp);
  if (!result.ok) {
    const reply = submission.reply({ formErrors: [result.message], hideFields: ["password"] });
    if (result.reason === "throttled") {
      return data(reply, { status: 429, headers: { "Retry-After": String(secondsUntil(result.retryAt, new Date())) } });
    }
    return data(reply, { status: 400 });
  }
  const landing = (await leaderLandingPath(result.userId)) ?? "/learning"; // leaders land on their staff records
  throw redirect(safeRedirect(redirectTo, landing, appOrigin(request)), { headers: { "Set-Cookie": result.cookie } });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = usePathwaysForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  const errors = summaryErrors(form, { email: fields.email, password: fields.password });
  const reset = searchParams.get("reset") === "1";
  return (
    <div className="container page narrow">
      {errors.length ? <title>Error: Sign in – Pathways</title> : null}
      <h1>Sign in</h1>
      {reset ? <Alert tone="success">Your password has been changed. Sign in with your new password.</Alert> : null}
      <ErrorSummary errors={errors} />
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField meta={fields.email} type="email" label="Email address" autoComplete="email" spellCheck={false} />
        <TextField meta={fields.password} type="password" label="Password" autoComplete="current-password" />
        <div className="button-row">
          <Button>Sign in</Button>
          <Link to="/forgot-password">Forgotten your password?</Link>
        </div>
      </Form>
      <p>
        New to Pathways? <Link to="/sign-up">Create an account</Link>.
      </p>
    </div>
  );
}
