import { FieldError } from "~/components/ui/field.tsx";
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { StaffActionSchema } from "~/modules/organisations/organisation-forms.ts";

/**
 * A leader's "Invite a member of staff by email". Posts intent=invite and email, checked in the
 * browser and on the server with StaffActionSchema. What was typed is kept after an error; after a
 * successful invitation the field empties for the next person: the reply asks Conform to reset
 * (resetForm), which remounts the field in the render that shows the confirmation. Nothing else
 * resets it: a second reset once the page's data had reloaded wiped an address typed in between.
 * Its errors are beside the email (which carries aria-invalid), so the form element is not described.
 */
export function InviteForm({
  organisation,
  lastResult,
}: {
  organisation: { id: string; name: string };
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = usePathwaysForm({
    id: "invite",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffActionSchema }),
  });
  // The email's own errors and the answer about it (the daily limit, an organisation not led).
  const errors = [...(fields.email.errors ?? []), ...(form.errors ?? [])];
  const email = getInputProps(fields.email, { type: "email" });
  const hintId = `${fields.email.id}-hint`;
  return (
    <Form method="post" className="inline-fields" {...getFormProps(form, { ariaAttributes: false })}>
      <input type="hidden" name={fields.intent.name} value="invite" />
      <div className={`field${errors.length ? " field--error" : ""}`}>
        <label htmlFor={fields.email.id}>
          Invite a member of staff by email<span className="visually-hidden"> to {organisation.name}</span>
        </label>
        <span className="hint" id={hintId}>
          We email them a link that works for 14 days. They join {organisation.name} only if they accept, and can create a Pathways account
          from the link if they have none. Only administrators can add leaders.
        </span>
        <FieldError id={fields.email.errorId} errors={errors} />
        <input
          {...email}
          key={email.key}
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={254}
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={[hintId, errors.length ? fields.email.errorId : null].filter(Boolean).join(" ")}
        />
      </div>
      <Button variant="secondary">Send invitation</Button>
    </Form>
  );
}
