import { FieldError } from "~/components/ui/field.tsx";
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { useResetAfterSuccess } from "~/components/ui/use-reset-after-success.ts";
import { StaffActionSchema } from "~/modules/organisations/organisation-forms.ts";

/**
 * A leader's "Invite a member of staff by email". Posts intent=invite and email, checked in the
 * browser and on the server with StaffActionSchema. What was typed is kept after an error; after a
 * successful invitation the field empties for the next person. Its errors are beside the email
 * (which carries aria-invalid), so the form element is not described.
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
  const element = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formData?.get("intent") === "invite";
  // The email's own errors and the answer about it (the daily limit, an organisation not led).
  const errors = [...(fields.email.errors ?? []), ...(form.errors ?? [])];
  // The reply (not Conform's state, which takes it in an effect) says whether it failed.
  useResetAfterSuccess(element, submitting, lastResult?.status === "error");
  const email = getInputProps(fields.email, { type: "email" });
  const hintId = `${fields.email.id}-hint`;
  return (
    <Form method="post" className="inline-fields" ref={element} {...getFormProps(form, { ariaAttributes: false })}>
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
