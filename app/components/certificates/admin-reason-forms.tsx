import { FieldError } from "~/components/ui/field.tsx";
import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { CompletionDecisionSchema, RevokeCertificateSchema } from "~/modules/certificates/certificate-forms.ts";
import { REJECT_REASON_MAX } from "~/modules/certificates/completion-checks.ts";
import { REVOKE_REASON_MAX } from "~/modules/certificates/constants.ts";

type LastResult = SubmissionResult<string[]> | undefined;

/** A row's reason: label, the error beside it (after a failed submission or the browser's check) and the input. */
function ReasonInput({ meta, label, max, hintId }: { meta: FieldMetadata<string>; label: ReactNode; max: number; hintId?: string }) {
  const errors = meta.errors ?? [];
  const props = getInputProps(meta, { type: "text" });
  const describedBy = [hintId, errors.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <label htmlFor={meta.id}>{label}</label>
      <FieldError id={meta.errorId} errors={errors} />
      <input {...props} key={props.key} required minLength={3} maxLength={max} aria-describedby={describedBy} />
    </>
  );
}

/**
 * An admin's "Revoke" in one row of /admin/certificates: the reason (shown publicly) and the button.
 * Several share the page; `lastResult` is given only to the row the last submission came from. A
 * field's errors are beside it and the answer is the page's notice, so the form element is not described.
 */
export function RevokeForm({ certificate, lastResult }: { certificate: { id: string; holderName: string }; lastResult: LastResult }) {
  const [form, fields] = usePathwaysForm({
    id: `revoke-${certificate.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeCertificateSchema }),
  });
  return (
    <Form method="post" className="revoke-form" {...getFormProps(form, { ariaAttributes: false })}>
      <input type="hidden" name={fields.certificateId.name} value={certificate.id} />
      <ReasonInput
        meta={fields.reason}
        max={REVOKE_REASON_MAX}
        hintId="reason-hint"
        label={
          <>
            Reason<span className="visually-hidden"> for revoking the certificate of {certificate.holderName}</span>
          </>
        }
      />
      <Button variant="danger">
        Revoke<span className="visually-hidden"> the certificate of {certificate.holderName}</span>
      </Button>
    </Form>
  );
}

/**
 * An admin's decision on one held completion: "Approve" (a button) and "Reject" with a reason the
 * learner is shown. `lastResult` is given only to the row the last submission came from.
 */
export function CompletionDecisionForms({ check, lastResult }: { check: { id: string; user: { name: string } }; lastResult: LastResult }) {
  const [form, fields] = usePathwaysForm({
    id: `reject-${check.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CompletionDecisionSchema }),
  });
  return (
    <>
      <Form method="post">
        <input type="hidden" name="checkId" value={check.id} />
        <Button name="intent" value="approve">
          Approve<span className="visually-hidden"> and issue the certificate of {check.user.name}</span>
        </Button>
      </Form>
      <Form method="post" className="revoke-form" {...getFormProps(form, { ariaAttributes: false })}>
        <input type="hidden" name={fields.checkId.name} value={check.id} />
        <input type="hidden" name={fields.intent.name} value="reject" />
        <ReasonInput
          meta={fields.reason}
          max={REJECT_REASON_MAX}
          label={
            <>
              Reason<span className="visually-hidden"> for rejecting the completion of {check.user.name}</span>
            </>
          }
        />
        <Button variant="danger">
          Reject<span className="visually-hidden"> the completion of {check.user.name}</span>
        </Button>
      </Form>
    </>
  );
}
