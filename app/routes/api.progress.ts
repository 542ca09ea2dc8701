import type { ActionFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/modules/auth/session.server.ts";
import { queuedByAnotherAccount, readQueuedWrite } from "~/modules/progress/progress-write.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { AppError } from "~/utils/errors.ts";
import { hasLoneSurrogate } from "~/utils/unicode.ts";

/** The browser's retry queue posts here (JSON in, JSON out). Same rules as the lesson forms. */
const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ request }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return json({ message: "Your session has ended. Sign in again to keep saving your progress." }, 401);
  const body: unknown = await request.json().catch(() => null);
  // JSON can carry what a form cannot: text that is not valid Unicode, which the database refuses.
  if (hasLoneSurrogate(body)) return json({ message: "This text contains characters that cannot be saved. Retype it and try again." }, 400);
  if (queuedByAnotherAccount(body, user.id)) {
    return json(
      { code: "other-account", message: "This change was saved on this device by another account, so it was not recorded for yours." },
      409,
    );
  }
  try {
    const { target, write } = readQueuedWrite(body);
    return json({ ok: true, ...(await recordProgress({ userId: user.id, ...target, write })) });
  } catch (error) {
    // The queue shows a refusal's message, retries a 5xx and asks a signed-out learner to sign in (progress-queue.ts).
    if (error instanceof AppError) return json({ message: error.message }, error.status);
    throw error;
  }
}

export function loader() {
  return json({ message: "POST progress updates here." }, 405);
}
