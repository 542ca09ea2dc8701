import { describe, expect, test } from "vitest";
import { DEFAULT_STEP_LIMIT, isTouchingEdge, runProgram, seededRandom, startRun, summariseRun, wrapDirection } from "./interpreter.ts";
import type { Program, Script, Statement } from "./program.ts";

const onFlag = (...body: Statement[]): Program => ({ version: 1, scripts: [{ type: "event_whenflagclicked", body }] });

const square: Program = onFlag({
  type: "control_repeat",
  times: 4,
  body: [
    { type: "motion_movesteps", steps: 100 },
    { type: "motion_turnright", degrees: 90 },
  ],
});

describe("motion", () => {
  test("a square drawn by repeat 4 returns to where it started, facing the same way", () => {
    const result = runProgram(square);
    expect(result.stopReason).toBe("finished");
    expect(result.sprite).toMatchObject({ x: 0, y: 0, direction: 90 });
    expect(result.path.map(({ x, y }) => [x, y])).toEqual([
      [0, 0],
      [100, 0],
      [100, -100],
      [0, -100],
      [0, 0],
    ]);
    // 1 hat + 4 × (repeat round + move + turn)
    expect(result.blocksExecuted).toBe(13);
  });

  test("uses Scratch's coordinates and directions: 0 is up, 90 right, y grows upwards", () => {
    const result = runProgram(
      onFlag(
        { type: "motion_pointindirection", direction: 0 },
        { type: "motion_movesteps", steps: 50 },
        { type: "motion_turnleft", degrees: 90 },
      ),
    );
    expect(result.sprite).toMatchObject({ x: 0, y: 50, direction: -90 });
    expect(result.trace).toEqual([
      "Green flag clicked: a script started",
      "Pointed in direction 0 (up)",
      "Moved 50 steps to x 0, y 50",
      "Turned left 90 degrees, now pointing in direction -90 (left)",
    ]);
  });

  test("directions wrap to -179…180 as in Scratch", () => {
    expect(wrapDirection(270)).toBe(-90);
    expect(wrapDirection(-180)).toBe(180);
    expect(wrapDirection(180)).toBe(180);
    expect(wrapDirection(-179)).toBe(-179);
    expect(wrapDirection(450)).toBe(90);
  });

  test("the sprite is fenced as in Scratch: 15 pixels of the box around its turned costume stay on the stage", () => {
    const result = runProgram(onFlag({ type: "motion_movesteps", steps: 1000 }, { type: "motion_gotoxy", x: -500, y: 999 }));
    // Facing right, the 40 × 40 costume's box reaches 20 pixels from the centre: 240 − 15 + 20 = 245.
    expect(result.path[1]).toMatchObject({ x: 245, y: 0 });
    expect(result.sprite).toMatchObject({ x: -245, y: 185 });
    expect(result.trace[1]).toBe("Moved 1000 steps but stopped at the edge, at x 245, y 0");
    // Turned 45°, the box is 56.6 pixels wide, so the sprite can go further: ⌊225 + 28.28⌋ = 253.
    const diagonal = runProgram(onFlag({ type: "motion_pointindirection", direction: 45 }, { type: "motion_movesteps", steps: 1000 }));
    expect(diagonal.sprite).toMatchObject({ x: 253, y: 193 });
    // Inside the fence, positions are kept exactly.
    expect(runProgram(onFlag({ type: "motion_gotoxy", x: 244.5, y: -0.25 })).sprite).toMatchObject({ x: 244.5, y: -0.25 });
  });

  test("touching edge? is true once a drawn pixel of the sprite, at its rounded position, passes the edge", () => {
    // Facing right the nose reaches 18.5 pixels (pixel centres) from the centre; the body 17.5.
    expect(isTouchingEdge({ x: 221, y: 0, direction: 90 })).toBe(false);
    expect(isTouchingEdge({ x: 221.6, y: 0, direction: 90 })).toBe(true);
    expect(isTouchingEdge({ x: 222, y: 0, direction: -90 })).toBe(false);
    expect(isTouchingEdge({ x: 223, y: 0, direction: -90 })).toBe(true);
    expect(isTouchingEdge({ x: 0, y: -162, direction: 90 })).toBe(false);
    expect(isTouchingEdge({ x: 0, y: -163, direction: 90 })).toBe(true);
    const result = runProgram(
      onFlag({
        type: "control_forever",
        body: [
          { type: "motion_movesteps", steps: 10 },
          { type: "control_if", condition: { type: "sensing_touchingedge" }, body: [{ type: "looks_say", message: "Edge!" }] },
        ],
      }),
      { stepLimit: 200 },
    );
    expect(result.said[0]?.text).toBe("Edge!");
  });

  test("glide takes time and ends at its target", () => {
    const run = startRun(onFlag({ type: "motion_glidesecstoxy", seconds: 2, x: 100, y: 50 }, { type: "looks_say", message: "There" }));
    const steps = [...iterate(run.steps)];
    const glide = steps.find((s) => s.type === "motion_glidesecstoxy")!;
    expect(glide.glide).toEqual({ from: { x: 0, y: 0 }, to: { x: 100, y: 50 }, seconds: 2 });
    expect(glide.description).toBe("Glided for 2 seconds to x 100, y 50");
    // Scratch moves a gliding sprite a share of the way each frame (30 a second) and ends it in
    // the first frame at least 2 seconds on: frame 60.
    const result = run.result();
    expect(result.path.length).toBeGreaterThan(50);
    expect(result.path[30]).toMatchObject({ x: 50, y: 25, time: 1 });
    const say = steps.find((s) => s.type === "looks_say")!;
    expect(say.time).toBe(2);
    expect(say.sprite).toMatchObject({ x: 100, y: 50 });
    expect(result.time).toBe(2);
  });
});

describe("looks", () => {
  test("say for seconds records the words and clears the bubble afterwards", () => {
    const result = runProgram(onFlag({ type: "looks_sayforsecs", message: "Hello", seconds: 2 }));
    expect(result.said).toEqual([{ text: "Hello", seconds: 2, time: 0 }]);
    expect(result.trace).toContain("Said “Hello” for 2 seconds");
    expect(result.sprite.saying).toBeNull();
    // The bubble's timer ends in the first frame at least 2 seconds on (frame 60).
    expect(result.time).toBe(2);
  });

  test("say keeps the bubble; show and hide change visibility", () => {
    const result = runProgram(onFlag({ type: "looks_say", message: "Hi" }, { type: "looks_hide" }));
    expect(result.sprite).toMatchObject({ saying: "Hi", visible: false });
    expect(result.trace).toContain("Hid the sprite");
  });
});

describe("control", () => {
  test("a forever loop without waits stops at the step limit", () => {
    const result = runProgram(onFlag({ type: "control_forever", body: [{ type: "motion_turnright", degrees: 15 }] }));
    expect(result.stopReason).toBe("step-limit");
    expect(result.blocksExecuted).toBe(DEFAULT_STEP_LIMIT);
    expect(result.trace.at(-1)).toMatch(/^Stopped after 10,000 blocks/);
  });

  test("an endless glide or wait cannot hang a run: frames with turns count against the limit, and waiting for ever stops", () => {
    const glide = runProgram(onFlag({ type: "motion_glidesecstoxy", seconds: 1e9, x: 100, y: 0 }), { stepLimit: 500 });
    expect(glide.stopReason).toBe("step-limit");
    expect(glide.frames).toBe(500);
    expect(glide.trace.at(-1)).toBe("Stopped after 500 frames, the most a run may take. A very long glide does this.");
    const wait = runProgram(onFlag({ type: "control_wait", seconds: "Infinity" }));
    expect(wait.stopReason).toBe("step-limit");
    expect(wait.trace.at(-1)).toBe("Stopped: every script is waiting for ever.");
    // A long wait is skipped over, not stepped through.
    const long = runProgram(onFlag({ type: "control_wait", seconds: 3600 }, { type: "looks_say", message: "Done" }));
    expect(long).toMatchObject({ stopReason: "finished", time: 3600 });
  });

  test("even an empty forever loop makes steps, so it cannot hang", () => {
    const result = runProgram(onFlag({ type: "control_forever", body: [] }), { stepLimit: 50 });
    expect(result.stopReason).toBe("step-limit");
    expect(result.blocksExecuted).toBe(50);
  });

  test("stop() halts a running program at once", () => {
    const run = startRun(onFlag({ type: "control_forever", body: [{ type: "motion_movesteps", steps: 1 }] }));
    for (let i = 0; i < 25; i++) run.steps.next();
    const result = run.stop();
    expect(result.stopReason).toBe("stopped");
    expect(run.steps.next().done).toBe(true);
    expect(result.trace.at(-1)).toBe("Stopped.");
  });

  test("if / else chooses by the condition; an empty condition is false", () => {
    const result = runProgram(
      onFlag(
        {
          type: "control_if_else",
          condition: { type: "operator_lt", left: 3, right: 10 },
          body: [{ type: "looks_say", message: "yes" }],
          else: [],
        },
        { type: "control_if", condition: null, body: [{ type: "looks_say", message: "never" }] },
      ),
    );
    expect(result.said.map((s) => s.text)).toEqual(["yes"]);
    expect(result.trace).toContain("If (3 < 10): yes, so ran the blocks under “if”");
  });

  test("repeat rounds its count and does nothing for 0 or less", () => {
    const times = (t: number | string) =>
      runProgram(onFlag({ type: "control_repeat", times: t, body: [{ type: "motion_movesteps", steps: 1 }] })).sprite.x;
    expect(times(2.6)).toBe(3);
    expect(times(0)).toBe(0);
    expect(times("banana")).toBe(0);
  });

  test("wait advances virtual time without using steps", () => {
    const result = runProgram(onFlag({ type: "control_wait", seconds: 1.5 }, { type: "control_wait", seconds: 0.5 }));
    expect(result.time).toBe(2);
    expect(result.trace).toContain("Waited 1.5 seconds");
  });
});

describe("operators and variables", () => {
  test("arithmetic, comparisons and Scratch's casts", () => {
    const result = runProgram({
      version: 1,
      variables: ["score"],
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            {
              type: "data_setvariableto",
              name: "score",
              value: { type: "operator_multiply", left: 6, right: { type: "operator_add", left: "3", right: 4 } },
            },
            { type: "data_changevariableby", name: "score", by: -2 },
            {
              type: "control_if",
              condition: {
                type: "operator_and",
                left: { type: "operator_equals", left: { type: "data_variable", name: "score" }, right: "40" },
                right: { type: "operator_not", operand: { type: "operator_gt", left: "apple", right: "banana" } },
              },
              body: [{ type: "looks_say", message: { type: "operator_divide", left: { type: "data_variable", name: "score" }, right: 8 } }],
            },
          ],
        },
      ],
    });
    expect(result.variables).toEqual({ score: 40 });
    expect(result.said[0]?.text).toBe("5");
    expect(result.trace).toContain("Changed score by -2, so score is now 40");
  });

  test("pick random is repeatable with a seed and stays in range", () => {
    const program = onFlag({ type: "motion_gotoxy", x: { type: "operator_random", from: 1, to: 6 }, y: 0 });
    const a = runProgram(program, { random: seededRandom(7) });
    const b = runProgram(program, { random: seededRandom(7) });
    expect(a.sprite.x).toBe(b.sprite.x);
    for (let seed = 0; seed < 50; seed++) {
      const x = runProgram(program, { random: seededRandom(seed) }).sprite.x;
      expect(Number.isInteger(x) && x >= 1 && x <= 6).toBe(true);
    }
  });
});

describe("events", () => {
  test("without a green flag hat nothing runs, and the trace says why", () => {
    const result = runProgram({ version: 1, scripts: [{ type: "event_whenkeypressed", key: "space", body: [] }] });
    expect(result.blocksExecuted).toBe(0);
    expect(result.trace).toEqual(["Nothing ran: there is no “when green flag clicked” block."]);
  });

  test("key presses start their scripts and key pressed? sees held keys", () => {
    const keyScript: Script = { type: "event_whenkeypressed", key: "right arrow", body: [{ type: "motion_movesteps", steps: 10 }] };
    const run = startRun(
      {
        version: 1,
        scripts: [
          keyScript,
          {
            type: "event_whenflagclicked",
            body: [
              { type: "control_wait", seconds: 1 },
              {
                type: "control_if",
                condition: { type: "sensing_keypressed", key: "space" },
                body: [{ type: "looks_say", message: "space!" }],
              },
            ],
          },
        ],
      },
      { listenForKeys: true },
    );
    run.steps.next();
    run.pressKey("right arrow");
    run.pressKey("space");
    let guard = 0;
    while (run.result().said.length === 0 && guard++ < 500) run.steps.next();
    expect(run.result().sprite.x).toBe(10);
    expect(run.result().said[0]?.text).toBe("space!");
    expect(run.result().trace).toContain("The right arrow key was pressed: a script started");
    // With listenForKeys the run keeps going (idle) until stopped.
    expect(run.steps.next().done).toBe(false);
    expect(run.stop().stopReason).toBe("stopped");
  });

  test("a script runs until it yields (the end of a loop's round, a wait), then the next script has its turn", () => {
    const result = runProgram({
      version: 1,
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            { type: "looks_say", message: "one" },
            { type: "looks_say", message: "two" },
            { type: "control_repeat", times: 2, body: [{ type: "looks_say", message: "loop" }] },
            { type: "control_wait", seconds: 0 },
            { type: "looks_say", message: "after the wait" },
          ],
        },
        { type: "event_whenflagclicked", body: [{ type: "looks_say", message: "second script" }] },
      ],
    });
    expect(result.said.map((s) => [s.text, s.time])).toEqual([
      ["one", 0],
      ["two", 0],
      ["loop", 0],
      ["second script", 0],
      // Saying (a visible sprite's bubble) asks for a redraw, so the loop's next round is in frame 1.
      ["loop", 0.033],
      // Frame 2: the repeat finds it is done and `wait 0` starts, asking for a redraw; it ends in frame 3.
      ["after the wait", 0.1],
    ]);
    // tests/conformance/scratch-vm.test.ts runs this program in scratch-vm too.
  });

  test("the set-up race goes as in Scratch: one step down before the set-up script runs", () => {
    const result = runProgram(
      {
        version: 1,
        scripts: [
          {
            type: "event_whenflagclicked",
            body: [
              {
                type: "control_repeat",
                times: 4,
                body: [
                  { type: "motion_movesteps", steps: 50 },
                  { type: "control_wait", seconds: 0.5 },
                ],
              },
            ],
          },
          {
            type: "event_whenflagclicked",
            body: [
              { type: "motion_gotoxy", x: -200, y: 0 },
              { type: "motion_pointindirection", direction: 90 },
            ],
          },
        ],
      },
      { start: { x: 150, y: 120, direction: 180 } },
    );
    expect(result.path.slice(0, 4).map(({ x, y }) => [x, y])).toEqual([
      [150, 120],
      [150, 70],
      [-200, 0],
      [-150, 0],
    ]);
    expect(result.sprite).toMatchObject({ x: -50, y: 0, direction: 90 });
    // Four waits of half a second, each ending on the 15th frame after it began.
    expect(result.time).toBe(2);
  });

  test("a moving loop runs one round per frame; a loop that changes nothing on screen runs on in the same frame", () => {
    const moving = runProgram(onFlag({ type: "control_repeat", times: 10, body: [{ type: "motion_movesteps", steps: 1 }] }));
    // Ten rounds, one a frame, and an eleventh frame in which the repeat finds it is done.
    expect(moving.frames).toBe(11);
    const counting = runProgram({
      version: 1,
      variables: ["n"],
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [{ type: "control_repeat", times: 10, body: [{ type: "data_changevariableby", name: "n", by: 1 }] }],
        },
      ],
    });
    expect(counting.frames).toBe(1);
    expect(counting.variables).toEqual({ n: 10 });
  });

  test("variables keep their values from the last run, as in Scratch", () => {
    const program: Program = {
      version: 1,
      variables: ["score", "unused"],
      scripts: [{ type: "event_whenflagclicked", body: [{ type: "data_changevariableby", name: "score", by: 1 }] }],
    };
    const first = runProgram(program);
    expect(first.variables).toEqual({ score: 1, unused: 0 });
    const second = runProgram(program, { variables: first.variables });
    expect(second.variables).toEqual({ score: 2, unused: 0 });
  });
});

function* iterate<T>(generator: Generator<T, unknown, void>) {
  for (;;) {
    const next = generator.next();
    if (next.done) return;
    yield next.value;
  }
}

describe("summariseRun", () => {
  test("says how the run ended, where the sprite is and what it said", () => {
    expect(summariseRun(runProgram(onFlag({ type: "motion_movesteps", steps: 10 }, { type: "looks_say", message: "Hi" })))).toBe(
      "Finished after 3 blocks. The sprite is at x 10, y 0, pointing in direction 90 (right). It last said “Hi”.",
    );
    expect(summariseRun(runProgram(onFlag({ type: "control_forever", body: [{ type: "looks_hide" }] }), { stepLimit: 10 }))).toBe(
      "Stopped after 10 blocks, the most a run may take. Is there a forever loop? The sprite is at x 0, y 0, pointing in direction 90 (right), and is hidden.",
    );
  });
});
