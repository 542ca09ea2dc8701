/**
 * Evaluations of the programme (docs/decisions/0064): the forms' schemas, the arms and methods,
 * and the export's data dictionary. Pure (the browser checks the forms with the same schemas);
 * evaluations.server.ts keeps them, export.server.ts writes the pseudonymised files.
 */
import { z } from "zod";

export const ARMS = { treatment: "Treatment", control: "Control" } as const;
export type Arm = keyof typeof ARMS;
/** The comparison arm is not chosen school by school: it is every other open secondary school of a region. */
export const COMPARISON = "comparison";

export const ASSIGNMENT_METHODS = {
  randomised: "Randomised (schools allocated at random)",
  matched: "Matched (control schools chosen to resemble treatment schools)",
  "opt-in": "Opt-in (treatment schools chose to take part)",
  other: "Other (described in the question)",
} as const;
export type AssignmentMethod = keyof typeof ASSIGNMENT_METHODS;

const isoDate = z
  .string({ error: "Give the date." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Give the date as YYYY-MM-DD." })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: "That date does not exist.",
  });

const text = (max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `Keep it under ${max} characters.` });

export const CreateEvaluationSchema = z
  .object({
    name: text(120, "Give the evaluation a name."),
    question: text(2000, "Say what the evaluation sets out to find."),
    startsOn: isoDate,
    endsOn: isoDate,
    assignmentMethod: z.enum(Object.keys(ASSIGNMENT_METHODS) as [AssignmentMethod, ...AssignmentMethod[]], {
      error: "Choose how schools are put in their arms.",
    }),
    comparisonRegion: z.string().trim().max(100).optional(),
    /** "module:<id>" or "event:<id>": what the treatment arm receives. */
    activities: z
      .array(z.string().regex(/^(module|event):[\w-]{1,80}$/))
      .max(200)
      .default([]),
  })
  .refine((e) => e.startsOn <= e.endsOn, { path: ["endsOn"], error: "The end date must not be before the start date." });

/** URNs as an admin pastes them: one per line, or separated by commas or spaces. */
export function parseUrnList(text: string): { urns: number[]; bad: string[] } {
  const tokens = text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const bad = tokens.filter((t) => !/^\d{5,7}$/.test(t));
  const urns = [...new Set(tokens.filter((t) => /^\d{5,7}$/.test(t)).map(Number))];
  return { urns, bad };
}

const urnField = z
  .string({ error: "Choose the school." })
  .regex(/^\d{5,7}$/, { error: "Choose the school." })
  .transform(Number);

export const AddSchoolsSchema = z.object({
  intent: z.literal("add-schools"),
  urns: text(20_000, "Give at least one URN.").refine((t) => parseUrnList(t).urns.length > 0, {
    error: "Give at least one URN (5 to 7 digits).",
  }),
  arm: z.enum(["treatment", "control"], { error: "Choose the arm." }),
});
export const LockSchema = z.object({ intent: z.literal("lock"), assignedOn: isoDate });
export const WithdrawSchema = z.object({
  intent: z.literal("withdraw"),
  urn: urnField,
  withdrawnOn: isoDate,
});
export const RemoveSchoolSchema = z.object({ intent: z.literal("remove-school"), urn: urnField });

/** What an admin does on an evaluation's page, told apart by `intent`. */
export const EvaluationActionSchema = z.discriminatedUnion("intent", [AddSchoolsSchema, RemoveSchoolSchema, LockSchema, WithdrawSchema]);
export type EvaluationAction = z.output<typeof EvaluationActionSchema>;

export const ExportRequestSchema = z.object({
  purpose: text(500, "Say what the export is for."),
  agreementRef: text(100, "Give the data-sharing agreement's reference."),
});

/** The export's files and columns, with what each means: the data dictionary, and the log's "fields". */
export const DATA_DICTIONARY = {
  "teachers.csv": [
    [
      "pseudonym",
      "text",
      "The teacher, as a keyed hash (HMAC-SHA-256) of their Pathways id with this evaluation's own key: the same in every export of this evaluation, unrelated to any other evaluation's, and not reversible without the key, which never leaves Pathways.",
    ],
    [
      "urn",
      "integer",
      "The URN of the school the teacher belongs to (their first Pathways organisation matched to a school), as assigned to the arm; a later URN of the same school (an academy conversion) counts as this one.",
    ],
    ["arm", "text", "treatment, control or comparison (every other open secondary school of the comparison region)."],
    ["school_withdrawn", "yes/no", "Whether the school dropped out. It stays in its arm (intention to treat)."],
    ["enrolments", "integer", "Modules the teacher enrolled on in the evaluation's period."],
    ["completions", "integer", "Modules the teacher completed in the period."],
    ["online_cpd_hours", "decimal", "CPD hours of the modules completed in the period."],
    ["live_sessions_attended", "integer", "Live event sessions in the period the teacher was marked present, late or leaving early at."],
    ["live_cpd_hours", "decimal", "The teacher's share of those events' CPD hours, by sessions attended."],
    [
      "treatment_activity",
      "yes/no",
      "Whether the teacher took part in any of the evaluation's treatment activities (or, if none are listed, any Pathways activity) in the period.",
    ],
    ["contamination", "yes/no", "A teacher of a control school who took part in a treatment activity."],
  ],
  "schools.csv": [
    ["urn", "integer", "The school's URN, as assigned (comparison schools: their current URN)."],
    ["arm", "text", "treatment, control or comparison."],
    ["withdrawn_on", "date", "The day the school dropped out (empty if it did not). It stays in its arm."],
    ["phase", "text", "Phase of education, from Get Information About Schools (GIAS)."],
    ["region", "text", "Region, from GIAS."],
    ["local_authority", "text", "Local authority, from GIAS."],
    ["teachers_on_pathways", "integer", "Teachers of the school with a Pathways account."],
    [
      "teachers_taking_part",
      "integer",
      "Of those, teachers who enrolled on or completed a module, or attended a live session, in the period (dose above zero; a booking alone is not).",
    ],
    ["completions", "integer", "Module completions by the school's teachers in the period."],
    ["live_sessions_attended", "integer", "Live event sessions attended by the school's teachers in the period."],
    ["cpd_hours", "decimal", "Online and live CPD hours of the school's teachers in the period."],
    ["contaminated_teachers", "integer", "Teachers of a control school who took part in a treatment activity."],
  ],
} as const satisfies Record<string, readonly (readonly [string, string, string])[]>;

export type ExportFile = keyof typeof DATA_DICTIONARY;
export const exportColumns = (file: ExportFile): string[] => DATA_DICTIONARY[file].map(([column]) => column);
