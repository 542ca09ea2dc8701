import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { getEventFile } from "~/modules/events/event-editor.server.ts";
import { invariantResponse } from "~/utils/errors.ts";

/** The event's file as last published, to put under events/ (docs/decisions/0059). Organisers only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const file = await getEventFile(params.eventId ?? "");
  invariantResponse(file, "Event not found", 404);
  return new Response(file.text, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
