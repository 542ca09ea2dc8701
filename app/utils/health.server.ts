import { prisma } from "./db.server.ts";

export async function checkDatabase(): Promise<boolean> {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return true;
  } catch (error) {
    console.error("[healthz] database check failed", error);
    return false;
  }
}
