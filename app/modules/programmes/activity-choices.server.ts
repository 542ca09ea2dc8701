import { impactChoices } from "~/modules/impact/choices.server.ts";

/** Every published module and live event as "module:<id>" / "event:<id>" and a label, for the programme and evaluation forms. */
export async function activityChoices(): Promise<Record<string, string>> {
  const choices = await impactChoices();
  return {
    ...Object.fromEntries(Object.entries(choices.modules).map(([id, title]) => [`module:${id}`, `Module: ${title}`])),
    ...Object.fromEntries(Object.entries(choices.events).map(([id, title]) => [`event:${id}`, `Live event: ${title}`])),
  };
}
