import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { formatDate } from "~/utils/dates.ts";

type JoinRequest = { id: string; createdAt: string | Date; user: { name: string; email: string } };

/**
 * People who named the organisation at sign-up and asked to join (docs/decisions/0036), each with
 * "Approve" and "Decline": buttons that post intent=approve-join or decline-join and the requestId.
 */
export function JoinRequests({ organisation, requests }: { organisation: { name: string }; requests: JoinRequest[] }) {
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby="join-heading" className="staff-record">
      <h2 id="join-heading">Requests to join</h2>
      <p className="muted">These people named {organisation.name} when they created their Pathways account and asked to join.</p>
      <ul>
        {requests.map((r) => (
          <li key={r.id} className="button-row">
            <span>
              <strong>{r.user.name}</strong> ({r.user.email}), asked on {formatDate(r.createdAt, "short")}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="approve-join" />
              <input type="hidden" name="requestId" value={r.id} />
              <Button>
                Approve<span className="visually-hidden"> {r.user.name}</span>
              </Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="decline-join" />
              <input type="hidden" name="requestId" value={r.id} />
              <Button variant="secondary">
                Decline<span className="visually-hidden"> {r.user.name}</span>
              </Button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
