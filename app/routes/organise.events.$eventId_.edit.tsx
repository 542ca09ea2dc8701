import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EventEditorForm } from "~/components/events/event-editor-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { EventEditorSchema } from "~/modules/events/event-editor.ts";
import { getEventForEditing, linkableModules, saveEventFromEditor } from "~/modules/events/event-editor.server.ts";
import { AppError, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Change ${data.event.title}` : "Change an event"} – Pathways` },
];

/** A refusal with a status (no such event) answers with that status, not as a failure of the server. */
function asResponse(error: unknown): never {
  if (error instanceof AppError) throw error.toResponse();
  throw error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const event = await getEventForEditing(params.eventId ?? "").catch(asResponse);
  invariantResponse(event, "Event not found", 404);
  return { event, modules: await linkableModules() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const eventId = params.eventId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: EventEditorSchema });
  if (submission.status !== "success") return data<{ result: SubmissionResult<string[]> }>({ result: submission.reply() }, { status: 400 });
  const outcome = await saveEventFromEditor({ eventId, value: submission.value }).catch(asResponse);
  if (!outcome.ok)
    return data<{ result: SubmissionResult<string[]> }>(
      { result: submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }) },
      { status: 400 },
    );
  throw redirect(`/organise/events/${encodeURIComponent(eventId)}?saved=${outcome.status === "unchanged" ? "unchanged" : "details"}`);
}

export default function EditEvent() {
  const { event, modules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const here = `/organise/events/${encodeURIComponent(event.id)}`;
  return (
    <div className="container page">
      <p>
        <Link to={here}>Bookings for {event.title}</Link>
      </p>
      <h1>Change {event.title}</h1>
      {event.cancelled ? (
        <Alert tone="warning" title="This event is cancelled.">
          It can no longer be changed.
        </Alert>
      ) : (
        <>
          {event.origin === "files" ? (
            <p>
              This event comes from <code>events/{event.id}.md</code>. Once you change it here, that file is no longer published over it:
              download the event as a file from its bookings page and replace the file with it, so the repository keeps up.
            </p>
          ) : null}
          <p>
            Changes are published when you save. If a date, time or venue changes, everyone with a place is emailed an updated calendar
            entry.
          </p>
          <EventEditorForm
            defaultValue={event.value}
            baseHash={event.baseHash}
            lastResult={actionData?.result}
            modules={modules}
            submitLabel="Save changes"
          />
        </>
      )}
    </div>
  );
}
