/**
 * Programmes (docs/decisions/0065): a funded strand's name and the modules and live events that
 * belong to it. Pure: the browser checks the form with the same schema.
 */
import { z } from "zod";

export const ProgrammeSchema = z.object({
  name: z.string({ error: "Give the programme a name." }).trim().min(1, { error: "Give the programme a name." }).max(120, {
    error: "Keep the name under 120 characters.",
  }),
  description: z.string().trim().max(1000, { error: "Keep the description under 1,000 characters." }).default(""),
  /** "module:<id>" or "event:<id>". */
  activities: z
    .array(z.string().regex(/^(module|event):[\w-]{1,80}$/, { error: "Choose from the list." }))
    .max(500)
    .default([]),
});
export type ProgrammeInput = z.output<typeof ProgrammeSchema>;
