import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { EmailTokenPurpose } from "~/modules/auth/email-token-purpose.ts";
import {
  confirmEmail,
  findUsableEmailToken,
  INVALID_LINK_MESSAGE,
  OTHER_ACCOUNT_MESSAGE,
} from "~/modules/auth/email-confirmation.server.ts";
import { getCurrentUser } from "~/modules/auth/session.server.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Confirm your email address – Pathways" }];

const ConfirmSchema = z.object({ intent: z.literal("confirm") });

/**
 * Deliberately public: the link's token is the guard (single use, expiring, stored hashed). Opening
 * the link changes nothing (mail scanners open links); the button does (docs/decisions/0031).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [row, user] = await Promise.all([findUsableEmailToken(params.token ?? ""), getCurrentUser(request)]);
  if (!row) return data({ state: "invalid" as const, message: INVALID_LINK_MESSAGE, email: null, purpose: null }, { status: 400 });
  if (user && user.id !== row.userId) {
    return data({ state: "other-account" as const, message: OTHER_ACCOUNT_MESSAGE, email: null, purpose: null }, { status: 403 });
  }
  return { state: "ready" as const, message: null, email: row.email, purpose: row.purpose };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const parsed = ConfirmSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ message: "That request was not understood. Open the link from the email again." }, { status: 400 });
  const result = await confirmEmail({ token: params.token ?? "", signedInUserId: user?.id ?? null });
  if (!result.ok) {
    const status = result.reason === "other-account" ? 403 : result.reason === "taken" ? 409 : 400;
    return data({ message: result.message }, { status });
  }
  if (!user && !result.cookie) throw redirect(`/sign-in?confirmed=1`);
  // A confirmed sign-up goes on to learning; a confirmed change of address back to the account page.
  const to = result.purpose === EmailTokenPurpose.verify ? "/learning?confirmed=1" : "/account?confirmed=1";
  throw redirect(to, result.cookie ? { headers: { "Set-Cookie": result.cookie } } : undefined);
}

export default function ConfirmEmail() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (loaded.state !== "ready") {
    return (
      <div className="container page narrow">
        <h1>{loaded.state === "invalid" ? "This link cannot be used" : "Signed in to a different account"}</h1>
        <Alert tone="error">
          <p>{loaded.message}</p>
        </Alert>
        <p>
          <Link to="/account">Go to your account</Link>
        </p>
      </div>
    );
  }
  const change = loaded.purpose === EmailTokenPurpose.change;
  return (
    <div className="container page narrow">
      <h1>{change ? "Confirm your new email address" : "Confirm your email address"}</h1>
      {actionData?.message ? (
        <Alert tone="error" title="Not confirmed">
          <p>{actionData.message}</p>
        </Alert>
      ) : null}
      <p>
        {change ? "Your Pathways account will use " : "Confirm that "}
        <strong>{loaded.email}</strong>
        {change ? " from now on: you will sign in with it, and we will send emails to it." : " is your email address."}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <Button>{change ? "Use this address" : "Confirm my email address"}</Button>
      </Form>
    </div>
  );
}
