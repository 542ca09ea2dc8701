import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getCurrentUser } from "~/modules/auth/session.server.ts";
import { ClientIdSchema, ProgressWriteSchema } from "~/modules/progress/progress-write.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { AppError } from "~/utils/errors.ts";
import { hasLoneSurrogate } from "~/utils/unicode.ts";

/** The browser's retry queue posts here (JSON in, JSON out). Same rules as the lesson forms. */
const BodySchema = z.object({ moduleId: z.string().min(1).max(100), activityId: z.string().min(1).max(100), clientId: ClientIdSchema });

/** The account the browser's queue says made the write (absent in writes queued before it was recorded). */
const MadeBySchema = z.object({ userId: z.string().max(100).optional() });

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ request }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return json({ message: "Your session has ended. Sign in again to keep saving your progress." }, 401);
  const body: unknown = await request.json().catch(() => null);
  // JSON can carry what a form cannot: text that is not valid Unicode, which the database refuses.
  if (hasLoneSurrogate(body)) return json({ message: "This text contains characters that cannot be saved. Retype it and try again." }, 400);
  // A write queued on this device by another account is never recorded for the one signed in now.
  const madeBy = MadeBySchema.safeParse(body);
  if (madeBy.success && madeBy.data.userId !== undefined && madeBy.data.userId !== user.id) {
    return json(
      { code: "other-account", message: "This change was saved on this device by another account, so it was not recorded for yours." },
      409,
    );
  }
  const target = BodySchema.safeParse(body);
  const write = ProgressWriteSchema.safeParse(body);
  if (!target.success || !write.success) {
    return json(
      { message: write.success ? "That progress update was not understood." : (write.error.issues[0]?.message ?? "Not understood.") },
      400,
    );
  }
  try {
    const result = await recordProgress({ userId: user.id, ...target.data, write: write.data });
    return json({ ok: true, ...result });
  } catch (error) {
    if (error instanceof AppError) return json({ message: error.message }, error.status);
    throw error;
  }
}

export function loader() {
  return json({ message: "POST progress updates here." }, 405);
}
