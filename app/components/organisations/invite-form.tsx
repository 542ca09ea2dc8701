import { Form, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button.tsx";
import { useResetAfterSuccess } from "~/components/ui/use-reset-after-success.ts";

/**
 * A leader's "Invite a member of staff by email". Posts intent=invite and email. What was typed is
 * kept after an error; after a successful invitation the field empties for the next person.
 */
export function InviteForm({ organisation, error, email }: { organisation: { id: string; name: string }; error?: string; email?: string }) {
  const form = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formData?.get("intent") === "invite";
  useResetAfterSuccess(form, submitting, error);
  const id = "invite-email";
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Form method="post" className="inline-fields" ref={form}>
      <input type="hidden" name="intent" value="invite" />
      <div className={`field${error ? " field--error" : ""}`}>
        <label htmlFor={id}>
          Invite a member of staff by email<span className="visually-hidden"> to {organisation.name}</span>
        </label>
        <span className="hint" id={`${id}-hint`}>
          We email them a link that works for 14 days. They join {organisation.name} only if they accept, and can create a Pathways account
          from the link if they have none. Only administrators can add leaders.
        </span>
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
          spellCheck={false}
          required
          maxLength={254}
          defaultValue={email}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      </div>
      <Button variant="secondary">Send invitation</Button>
    </Form>
  );
}
