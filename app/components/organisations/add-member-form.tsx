import { Form, useNavigation } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { Button } from "~/components/ui/button.tsx";
import { useResetAfterSuccess } from "~/components/ui/use-reset-after-success.ts";
import { MEMBERSHIP_ROLE_LABELS, MembershipRole } from "~/modules/organisations/organisations.ts";

/**
 * "Add a person by email" for one organisation: the admin's form (with a role) and a leader's (staff
 * only, no role to choose). Posts intent=add-member, organisationId, email and role. Several of
 * these can share a page: every label names the organisation for screen readers.
 */
export function AddMemberForm({
  organisation,
  roles = [MembershipRole.member],
  hint,
  error,
  email,
}: {
  organisation: { id: string; name: string };
  /** The roles the person adding may give; with only one there is nothing to choose. */
  roles?: readonly MembershipRole[];
  hint?: ReactNode;
  /** A message about the email typed into this form, and what was typed (kept after an error). */
  error?: string;
  email?: string;
}) {
  // Once this form's submission has finished without an error, empty it for the next person.
  const form = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const submitting =
    navigation.state !== "idle" &&
    navigation.formData?.get("intent") === "add-member" &&
    navigation.formData.get("organisationId") === organisation.id;
  useResetAfterSuccess(form, submitting, error);
  const id = `email-${organisation.id}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" className="inline-fields" ref={form}>
      <input type="hidden" name="intent" value="add-member" />
      <input type="hidden" name="organisationId" value={organisation.id} />
      <div className={`field${error ? " field--error" : ""}`}>
        <label htmlFor={id}>
          Add a person by email<span className="visually-hidden"> to {organisation.name}</span>
        </label>
        {hint ? (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {error ? (
          <span className="field-error" id={`${id}-error`}>
            <span className="visually-hidden">Error: </span>
            {error}
          </span>
        ) : null}
        <input
          id={id}
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          defaultValue={email}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      </div>
      {roles.length > 1 ? (
        <div className="field">
          <label htmlFor={`role-${organisation.id}`}>
            As<span className="visually-hidden"> (role in {organisation.name})</span>
          </label>
          <select id={`role-${organisation.id}`} name="role" defaultValue={roles[0]}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {MEMBERSHIP_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="role" value={roles[0]} />
      )}
      <Button variant="secondary">
        Add<span className="visually-hidden"> to {organisation.name}</span>
      </Button>
    </Form>
  );
}
