import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventCalendar } from "~/modules/events/calendar.server.ts";
import { getEventForCalendar } from "~/modules/events/events.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { invariantResponse } from "~/utils/errors.ts";

/** An event's sessions as a calendar file, for anyone (public like the event page; no joining link). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await getEventForCalendar(params.eventId ?? "");
  invariantResponse(event, "Event not found", 404);
  const origin = getEnv().APP_ORIGIN ?? new URL(request.url).origin;
  return new Response(eventCalendar(event, { origin }), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.id}.ics"`,
      "Cache-Control": "no-cache",
    },
  });
}
