import { FieldError } from "~/components/ui/field.tsx";
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { AdminOrganisationActionSchema } from "~/modules/organisations/organisation-forms.ts";
import { MEMBERSHIP_ROLE_LABELS, MembershipRole } from "~/modules/organisations/organisations.ts";

/**
 * "Add a person by email" for one organisation, on the admin's page: the email and the role. Posts
 * intent=add-member, organisationId, email and role, checked in the browser and on the server with
 * AdminOrganisationActionSchema. Several of these share a page: every label names the organisation
 * for screen readers, and `lastResult` is given only to the form the last submission came from.
 * Its errors are beside the email (which carries aria-invalid), so the form element is not described.
 */
export function AddMemberForm({
  organisation,
  roles = [MembershipRole.member],
  hint,
  lastResult,
}: {
  organisation: { id: string; name: string };
  /** The roles the person adding may give; with only one there is nothing to choose. */
  roles?: readonly MembershipRole[];
  hint?: ReactNode;
  /** This form's last submission: its errors are shown beside the email, and what was typed is kept. */
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = usePathwaysForm({
    id: `add-member-${organisation.id}`,
    lastResult,
    defaultValue: { role: roles[0] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AdminOrganisationActionSchema }),
  });
  // The email's own errors and the answer about it ("There is no account with that email address").
  const errors = [...(fields.email.errors ?? []), ...(form.errors ?? [])];
  const email = getInputProps(fields.email, { type: "email" });
  const describedBy = [hint ? `${fields.email.id}-hint` : null, errors.length ? fields.email.errorId : null].filter(Boolean).join(" ");
  return (
    <Form method="post" className="inline-fields" {...getFormProps(form, { ariaAttributes: false })}>
      <input type="hidden" name={fields.intent.name} value="add-member" />
      <input type="hidden" name={fields.organisationId.name} value={organisation.id} />
      <div className={`field${errors.length ? " field--error" : ""}`}>
        <label htmlFor={fields.email.id}>
          Add a person by email<span className="visually-hidden"> to {organisation.name}</span>
        </label>
        {hint ? (
          <span className="hint" id={`${fields.email.id}-hint`}>
            {hint}
          </span>
        ) : null}
        <FieldError id={fields.email.errorId} errors={errors} />
        <input
          {...email}
          key={email.key}
          autoComplete="off"
          required
          maxLength={254}
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
      </div>
      {roles.length > 1 ? (
        <div className="field">
          <label htmlFor={fields.role.id}>
            As<span className="visually-hidden"> (role in {organisation.name})</span>
          </label>
          <select {...getSelectProps(fields.role)} key={fields.role.key}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {MEMBERSHIP_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name={fields.role.name} value={roles[0]} />
      )}
      <Button variant="secondary">
        Add<span className="visually-hidden"> to {organisation.name}</span>
      </Button>
    </Form>
  );
}
