/** A reading or video activity: "Mark as complete", or the note that it is complete. */
import { Form } from "@remix-run/react";
import { Button } from "../ui/button.tsx";

export function MarkComplete({
  completed,
  clientId,
  onSubmit,
}: {
  completed: boolean;
  clientId: string;
  onSubmit?: (event: React.FormEvent<HTMLFormElement>) => void;
}) {
  return completed ? (
    <p className="completed-note" role="status">
      <span aria-hidden="true">✓ </span>You have completed this activity.
    </p>
  ) : (
    <Form method="post" onSubmit={onSubmit}>
      <input type="hidden" name="intent" value="complete" />
      <input type="hidden" name="clientId" value={clientId} />
      <Button>Mark as complete</Button>
    </Form>
  );
}
