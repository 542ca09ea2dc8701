import { AppError } from "~/utils/errors.ts";

/** Runs a domain call from a loader or action, turning the domain's AppError into the Response the error boundary renders. */
export async function orErrorResponse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw error.toResponse();
    throw error;
  }
}
