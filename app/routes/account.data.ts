import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportPersonalData } from "~/modules/auth/personal-data.server.ts";
import { requireUser } from "~/modules/auth/session.server.ts";

/** Everything Pathways holds about the signed-in person, as a JSON file (UK GDPR right of access). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return new Response(JSON.stringify(await exportPersonalData(user.id), null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="pathways-my-data.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
