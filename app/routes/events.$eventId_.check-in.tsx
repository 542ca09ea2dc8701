import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { ATTENDANCE_LABELS, CheckInSchema, normaliseCode } from "~/modules/events/attendance.ts";
import { checkIn, myAttendance } from "~/modules/events/attendance.server.ts";
import { getEvent } from "~/modules/events/events.server.ts";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Check in${data ? `: ${data.title}` : ""} – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Signed in first (the QR code brings people here; sign-in comes back with the code).
  const user = await requireUser(request);
  const event = await getEvent(params.eventId ?? "");
  invariantResponse(event, "Event not found", 404);
  return { id: event.id, title: event.title, attendance: await myAttendance(user.id, event.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const eventId = params.eventId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: CheckInSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await checkIn({ userId: user.id, eventId, code: submission.value.code });
    throw redirect(`/events/${encodeURIComponent(eventId)}/check-in?done=1`);
  } catch (error) {
    if (error instanceof Response) throw error;
    // Not booked (403) is said beside the form: it is what the person needs to know.
    const { reply, status } = formErrorReply(error, { beside: ["forbidden"] });
    return data({ result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
}

function CheckInForm({ code, lastResult }: { code: string; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = usePathwaysForm<{ code: string }>({
    id: "check-in",
    lastResult,
    defaultValue: { code },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckInSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { code: fields.code })} />
      {form.errors?.length ? (
        <Alert tone="error" title="You are not checked in">
          <p>{form.errors.join(" ")}</p>
        </Alert>
      ) : null}
      <TextField
        meta={fields.code}
        label="Check-in code"
        hint="The six letters and numbers the organisers are showing."
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
      />
      <Button>Check in</Button>
    </Form>
  );
}

export default function CheckIn() {
  const { id, title, attendance } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done") && attendance.length > 0;
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/events/${id}`}>{title}</Link>
      </p>
      <h1>Check in</h1>
      {done ? (
        <Alert tone="success" title="You are checked in.">
          <ul>
            {attendance.map((a) => (
              <li key={a.when}>
                {a.when}: {ATTENDANCE_LABELS[a.status].toLowerCase()}
              </li>
            ))}
          </ul>
          <p>Your attendance counts towards your CPD hours.</p>
        </Alert>
      ) : (
        <CheckInForm code={normaliseCode(params.get("code") ?? "").slice(0, 12)} lastResult={actionData?.result} />
      )}
    </div>
  );
}
