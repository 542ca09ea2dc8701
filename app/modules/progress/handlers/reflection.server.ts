/** A reflection saved to the learner's journal: saving one completes the activity. */
import { AppError } from "~/utils/errors.ts";
import type { PreparedWrite, WriteContext } from "./prepared-write.server.ts";

export function prepareReflection(ctx: WriteContext, text: string): PreparedWrite {
  if (ctx.activityType !== "reflection") throw new AppError("bad-request", "This activity is not a reflection.");
  return async (tx) => {
    const { userId, moduleId, activityId } = ctx;
    await tx.reflection.upsert({
      where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
      create: { userId, moduleId, activityId, text },
      update: { text },
    });
    return { completes: true };
  };
}
