import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EventEditorForm } from "~/components/events/event-editor-form.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { emptyEditor, EventEditorSchema } from "~/modules/events/event-editor.ts";
import { linkableModules, saveEventFromEditor } from "~/modules/events/event-editor.server.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "New event – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  return { modules: await linkableModules(), defaultValue: emptyEditor("Pathways programme team") };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const submission = parseWithZod(await readForm(request), { schema: EventEditorSchema });
  if (submission.status !== "success") return data<{ result: SubmissionResult<string[]> }>({ result: submission.reply() }, { status: 400 });
  const outcome = await saveEventFromEditor({ eventId: null, value: submission.value });
  if (!outcome.ok)
    return data<{ result: SubmissionResult<string[]> }>(
      { result: submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }) },
      { status: 400 },
    );
  throw redirect(`/organise/events/${encodeURIComponent(outcome.eventId)}?saved=created`);
}

export default function NewEvent() {
  const { modules, defaultValue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <p>
        <Link to="/organise">Organise events</Link>
      </p>
      <h1>New event</h1>
      <p>
        The event is published as soon as it is saved, and people can book from then (or from the day booking opens). The same rules apply
        as to event files under <code>events/</code>: the page lists anything to put right.
      </p>
      <EventEditorForm defaultValue={defaultValue} lastResult={actionData?.result} modules={modules} submitLabel="Publish the event" />
    </div>
  );
}
