import { describe, expect, it } from "vitest";
import { AppError, formErrorReply, orErrorResponse } from "./errors.ts";

describe("formErrorReply", () => {
  it("answers 400 and 409 beside the form, with the details as problems", () => {
    expect(formErrorReply(new AppError("bad-request", "Fix these.", { details: ["a", "b"] }))).toEqual({
      reply: { error: "Fix these.", problems: ["a", "b"] },
      status: 400,
      code: "bad-request",
    });
    expect(formErrorReply(new AppError("conflict", "Changed meanwhile."))).toEqual({
      reply: { error: "Changed meanwhile." },
      status: 409,
      code: "conflict",
    });
  });

  it("throws other AppErrors as the error page's Response, unless the form names their code in `beside`", () => {
    const missing = new AppError("not-found", "There is no account with that email address.");
    let thrown: unknown;
    try {
      formErrorReply(missing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(formErrorReply(missing, { beside: ["not-found"] })).toEqual({
      reply: { error: missing.message },
      status: 404,
      code: "not-found",
    });
  });

  it("rethrows anything that is not an AppError as it is (a bug)", () => {
    const bug = new TypeError("oops");
    expect(() => formErrorReply(bug, { beside: ["not-found"] })).toThrow(bug);
  });
});

describe("orErrorResponse", () => {
  it("passes the value through and turns an AppError into its Response", async () => {
    await expect(orErrorResponse(Promise.resolve(3))).resolves.toBe(3);
    const rejected = await orErrorResponse(Promise.reject(new AppError("forbidden", "No."))).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(Response);
    expect((rejected as Response).status).toBe(403);
  });
});
