import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { RatingForm } from "~/components/feedback/rating-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { RatingSchema } from "~/modules/feedback/rating.ts";
import { getRatingPage, rateModule } from "~/modules/feedback/ratings.server.ts";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Rate ${data.title} – Pathways` : "Rate a module – Pathways" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getRatingPage(user.id, params.moduleId ?? "");
  invariantResponse(page, "Module not found", 404);
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const moduleId = params.moduleId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: RatingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await rateModule({ userId: user.id, moduleId, input: submission.value });
  } catch (error) {
    // Not enrolled or not completed (403) is said beside the form.
    const { reply, status } = formErrorReply(error, { beside: ["forbidden"] });
    return data({ result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
  throw redirect(`/courses/${encodeURIComponent(moduleId)}/rate?thanks=1`);
}

export default function RateModule() {
  const { moduleId, title, eligibility, rating } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/courses/${moduleId}`}>{title}</Link>
      </p>
      <h1>Rate this module</h1>
      {params.get("thanks") && rating ? (
        <Alert tone="success" title="Thank you for your rating.">
          <p>
            You rated {title} {rating.score} out of 6. You can change your rating at any time.
          </p>
        </Alert>
      ) : null}
      {eligibility.eligible ? (
        <RatingForm moduleId={moduleId} moduleTitle={title} current={rating} lastResult={actionData?.result} />
      ) : (
        <p>
          {eligibility.reason === "not-enrolled" ? (
            <>
              Enrol in <Link to={`/courses/${moduleId}`}>{title}</Link> and complete it to rate it.
            </>
          ) : (
            <>
              You can rate this module once you have completed it. <Link to={`/courses/${moduleId}/learn`}>Continue learning</Link>.
            </>
          )}
        </p>
      )}
      <p>
        <Link to="/learning">Back to my learning</Link>
      </p>
    </div>
  );
}
