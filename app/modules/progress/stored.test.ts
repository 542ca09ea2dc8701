import { describe, expect, test } from "vitest";
import { readQuizAnswers, readRunResults, readStoredBlocks, readStoredCode, readStoredQuiz, readStoredVideo } from "./stored.ts";

const quiz = {
  passMark: 50,
  questions: [
    { id: "q1", kind: "single", promptHtml: "<p>?</p>", options: [{ id: "a", text: "A", correct: true, feedback: "" }] },
    { id: "q2", kind: "short", promptHtml: "<p>?</p>", answers: ["yes"], feedback: { correct: "", incorrect: "" } },
  ],
};

describe("stored JSON readers", () => {
  test("read a stored shape as it is, keeping fields they do not know", () => {
    expect(readStoredQuiz(JSON.stringify(quiz))).toEqual(quiz);
    expect(readStoredVideo(JSON.stringify({ src: "/m/v.mp4", captions: "/m/v.vtt", poster: "/m/p.png" }))).toMatchObject({
      poster: "/m/p.png",
    });
    expect(readQuizAnswers(JSON.stringify({ q1: ["a"] }))).toEqual({ q1: ["a"] });
  });

  test("read text that is not JSON, or another shape, as null", () => {
    expect(readStoredQuiz("{oops")).toBeNull();
    expect(readStoredQuiz(JSON.stringify({ ...quiz, passMark: "50" }))).toBeNull();
    expect(readStoredQuiz(JSON.stringify({ ...quiz, questions: [{ id: "q3", kind: "essay", promptHtml: "" }] }))).toBeNull();
    expect(
      readStoredCode(JSON.stringify({ language: "cobol", kind: "write", starter: "", tests: [], inputs: [], hintsHtml: [] })),
    ).toBeNull();
    expect(readStoredBlocks(JSON.stringify({ toolbox: ["motion_fly"], start: { x: 0, y: 0, direction: 90 }, goals: [] }))).toBeNull();
    expect(readQuizAnswers(JSON.stringify({ q1: "a" }))).toBeNull();
  });

  test("read a code exercise stored without hints or inputs with empty lists", () => {
    const code = { language: "python", kind: "write", starter: "", tests: [] };
    expect(readStoredCode(JSON.stringify(code))).toEqual({ ...code, inputs: [], hintsHtml: [] });
  });

  test("read a run stored before the server checked runs (no server verdict)", () => {
    const run = { mode: "run", status: "ran", passed: false, tests: [], error: null, stdout: "hi", stdoutTruncated: false };
    expect(readRunResults(JSON.stringify(run))).toEqual(run);
  });
});
