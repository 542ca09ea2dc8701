import crypto from "node:crypto";
import { stringify } from "yaml";
import { loadEventSource } from "~/modules/events/load-events.server.ts";
import { publishEvent } from "~/modules/events/publish-events.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";

/**
 * Event files for tests (docs/decisions/0055), written as an organiser would write them and published
 * through the real loader and publisher. Dates are relative to today, so tests do not go stale.
 */
export type EventFields = Record<string, unknown>;

/** "YYYY-MM-DD", `days` from today (London). */
export const daysFromNow = (days: number) => londonIsoDate(new Date(Date.now() + days * 86_400_000));

export function eventFields(overrides: EventFields = {}): EventFields {
  const id = `test-event-${crypto.randomBytes(4).toString("hex")}`;
  return {
    id,
    title: "Teaching with physical computing in KS2",
    summary: "A hands-on online session on using microcontrollers to teach sequence and selection.",
    format: "online",
    audience: ["primary-teachers"],
    keyStages: ["KS2"],
    topics: ["physical-computing"],
    organisers: [{ name: "Pathways programme team" }],
    cpdHours: 2,
    capacity: 20,
    online: { platform: "Microsoft Teams" },
    sessions: [{ id: "session", date: daysFromNow(14), start: "16:00", end: "18:00" }],
    ...overrides,
  };
}

export function eventSource(fields: EventFields, body = "What we will do, in a sentence or two.\n"): string {
  return `---\n${stringify(fields)}---\n\n${body}`;
}

/** Publishes an event from its fields; returns its id. Throws with the problems if the file is refused. */
export async function createEvent(overrides: EventFields = {}): Promise<string> {
  const fields = eventFields(overrides);
  const result = await loadEventSource(`${String(fields.id)}.md`, eventSource(fields));
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path ?? ""}: ${p.message}`).join("\n"));
  await publishEvent(result.event);
  return result.event.id;
}
