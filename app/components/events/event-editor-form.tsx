import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { CheckboxGroupField, ListError, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { AUDIENCE_LABELS } from "~/modules/catalog/labels.ts";
import { EventEditorSchema, type EventEditorValue } from "~/modules/events/event-editor.ts";
import { EVENT_FORMAT_LABELS } from "~/modules/events/event-format.ts";

type Text = FieldMetadata<string | undefined>;

/**
 * The organisers' event editor (docs/decisions/0059): every field of an event file, with sessions and
 * programme phases as numbered rows (empty rows are ignored), so it works without JavaScript. The
 * server checks it with the event file's own rules and shows each problem on its field.
 */
export function EventEditorForm({
  defaultValue,
  baseHash,
  lastResult,
  modules,
  submitLabel,
}: {
  defaultValue: EventEditorValue;
  baseHash?: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  modules: Record<string, string>;
  submitLabel: string;
}) {
  const [form, fields] = usePathwaysForm<EventEditorValue>({
    id: "event-editor",
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EventEditorSchema }),
  });
  const sessions = fields.sessions.getFieldList();
  const phases = fields.phases.getFieldList();
  const t = fields as unknown as Record<keyof EventEditorValue, Text>;
  const summary = summaryErrors(form, {
    title: t.title,
    summary: t.summary,
    description: t.description,
    format: t.format,
    audience: t.audience,
    keyStages: t.keyStages,
    topics: t.topics,
    organisers: t.organisers,
    facilitators: t.facilitators,
    partners: t.partners,
    capacity: t.capacity,
    cpdHours: t.cpdHours,
    attendanceThreshold: t.attendanceThreshold,
    venueName: t.venueName,
    venueAddress: t.venueAddress,
    venueAccessibility: t.venueAccessibility,
    platform: t.platform,
    bookingOpens: t.bookingOpens,
    bookingCloses: t.bookingCloses,
    sessionsList: t.sessions,
    ...Object.fromEntries(
      sessions.flatMap((s, i) => {
        const row = s.getFieldset();
        return (["date", "start", "end", "title"] as const).map((k) => [`s${i}${k}`, row[k]]);
      }),
    ),
    phasesList: t.phases,
    ...Object.fromEntries(
      phases.flatMap((p, i) => {
        const row = p.getFieldset();
        return (["title", "from", "until", "summary"] as const).map((k) => [`p${i}${k}`, row[k]]);
      }),
    ),
    prepare: t.prepare,
    followUp: t.followUp,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="event-editor">
      <ErrorSummary errors={summary} />
      {baseHash ? <input type="hidden" name="baseHash" value={baseHash} /> : null}

      <fieldset>
        <legend>About the event</legend>
        <TextField meta={t.title} label="Title" />
        <TextareaField meta={t.summary} label="Summary" hint="One or two sentences for the listing (10 to 300 characters)." rows={3} />
        <TextareaField
          meta={t.description}
          label="Description (Markdown)"
          hint="What participants will do and take away, who it suits, how to prepare. Headings start with ##."
          rows={10}
        />
        <SelectField meta={t.format} label="Format" options={EVENT_FORMAT_LABELS} />
        <CheckboxGroupField meta={fields.audience} legend="Who it is for" options={AUDIENCE_LABELS} />
        <CheckboxGroupField meta={fields.keyStages} legend="Key stages" options={Object.fromEntries(KEY_STAGES.map((k) => [k, k]))} />
        <TextField
          meta={t.topics}
          label="Topics"
          hint="Lower-case words with hyphens, separated by commas, e.g. assessment, physical-computing."
        />
      </fieldset>

      <fieldset>
        <legend>People</legend>
        <TextareaField
          meta={t.organisers}
          label="Organisers"
          hint="One per line: name | role (the role is optional), e.g. Pathways programme team."
          rows={2}
        />
        <TextareaField
          meta={t.facilitators}
          label="Facilitators (optional)"
          hint='One per line: name | role. In example content, end the line with "| fictional" for a made-up person.'
          rows={3}
        />
        <TextareaField
          meta={t.partners}
          label="Partners (optional)"
          hint="One per line: name | what they bring | web address (https://, optional)."
          rows={3}
        />
      </fieldset>

      <fieldset>
        <legend>Places and CPD</legend>
        <div className="inline-fields">
          <TextField meta={t.capacity} type="number" label="Places" min="1" step="1" />
          <TextField meta={t.cpdHours} type="number" label="CPD hours" hint="Whole or half hours." min="0.5" step="0.5" />
          <TextField
            meta={t.attendanceThreshold}
            type="number"
            label="Attendance for a certificate (%)"
            hint="The share of sessions to attend; 75 if empty."
            min="1"
            max="100"
            step="1"
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>Where</legend>
        <p className="hint">In person and hybrid events need a venue; online and hybrid events need the platform.</p>
        <TextField meta={t.venueName} label="Venue" hint="e.g. Riverside Academy, Library" />
        <TextField meta={t.venueAddress} label="Venue address" />
        <TextareaField
          meta={t.venueAccessibility}
          label="Access at the venue"
          hint="Step-free access, hearing loops, parking, a quiet room: what someone needs to know before booking."
          rows={2}
        />
        <TextField
          meta={t.platform}
          label="Online platform"
          hint="e.g. Microsoft Teams. The joining link is added on the event's bookings page, and only people with a place see it."
        />
      </fieldset>

      <fieldset>
        <legend>When</legend>
        <p className="hint" id="sessions-hint">
          UK time, 24-hour. Fill in an empty row to add a session; empty a row to remove its session. Everyone with a place is emailed when
          a date or time changes. Sessions that have started cannot change.
        </p>
        <ListError id={fields.sessions.errorId} errors={fields.sessions.errors} />
        {sessions.map((session, i) => {
          const row = session.getFieldset();
          return (
            <fieldset key={session.key} className="event-editor__row" aria-describedby="sessions-hint">
              <legend>Session {i + 1}</legend>
              <input type="hidden" name={row.id.name} defaultValue={typeof row.id.initialValue === "string" ? row.id.initialValue : ""} />
              <div className="inline-fields">
                <TextField meta={row.date as Text} type="date" label="Date" />
                <TextField meta={row.start as Text} type="time" label="Starts" />
                <TextField meta={row.end as Text} type="time" label="Ends" />
              </div>
              <TextField meta={row.title as Text} label="Session title (optional)" />
            </fieldset>
          );
        })}
        <div className="inline-fields">
          <TextField meta={t.bookingOpens} type="date" label="Booking opens (optional)" hint="Empty: as soon as it is saved." />
          <TextField meta={t.bookingCloses} type="date" label="Booking closes (optional)" hint="Empty: when the first session starts." />
        </div>
      </fieldset>

      <fieldset>
        <legend>Programme phases (optional)</legend>
        <p className="hint">For special projects: school-based work between the sessions, covered by the same booking.</p>
        <ListError id={fields.phases.errorId} errors={fields.phases.errors} />
        {phases.map((phase, i) => {
          const row = phase.getFieldset();
          return (
            <fieldset key={phase.key} className="event-editor__row">
              <legend>Phase {i + 1}</legend>
              <TextField meta={row.title as Text} label="Phase title" />
              <div className="inline-fields">
                <TextField meta={row.from as Text} type="date" label="From" />
                <TextField meta={row.until as Text} type="date" label="Until" />
              </div>
              <TextareaField meta={row.summary as Text} label="What classes do" rows={2} />
            </fieldset>
          );
        })}
      </fieldset>

      {Object.keys(modules).length ? (
        <fieldset>
          <legend>Linked modules (optional)</legend>
          <CheckboxGroupField meta={fields.prepare} legend="Prepare with" options={modules} />
          <CheckboxGroupField meta={fields.followUp} legend="Follow up with" options={modules} />
        </fieldset>
      ) : null}

      <Button>{submitLabel}</Button>
    </Form>
  );
}
