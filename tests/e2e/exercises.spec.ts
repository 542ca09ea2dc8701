import { expect, test, type Locator, type Page } from "@playwright/test";
import { appOrigin, createAccount, enrol, expectAccessible, signInAs } from "./support.ts";

// tests/fixtures/courses/code-exercises-fixture, published by the e2e server (EXTRA_COURSES_DIRS).
const MODULE = "code-exercises-fixture";
const learn = (activityId: string) => `/courses/${MODULE}/learn/${activityId}`;

/** A new learner, signed in on `page`'s browser and enrolled on the fixture module (the page is not navigated). */
async function enrolFresh(page: Page) {
  const account = await createAccount(page);
  await enrol(page, MODULE);
  return account;
}

const summary = (page: Page) => page.getByTestId("exercise-summary");
const output = (page: Page) => page.getByTestId("exercise-output");

/** Waits for Monaco to replace the plain text box (loaded lazily) and for the language runtime. */
async function ready(page: Page, language: "Python" | "JavaScript") {
  await expect(page.getByTestId("monaco-editor")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("runtime-status")).toHaveText(`${language} is ready.`, { timeout: 45_000 });
}

/** Replaces everything in the editor by pasting (typing would add auto-indentation and closing brackets). */
async function replaceCode(page: Page, code: string) {
  await page.getByTestId("monaco-editor").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
  await expect.poll(() => editorText(page)).toBe(code);
}

/** What the editor shows, line by line in screen order (Monaco renders spaces as non-breaking spaces). */
async function editorText(page: Page) {
  return page.getByTestId("monaco-editor").evaluate((editor) =>
    [...editor.querySelectorAll<HTMLElement>(".view-line")]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.innerText.replace(/\u00a0/g, " "))
      .join("\n"),
  );
}

const outline = (page: Page) => page.getByRole("navigation", { name: "Module outline" });

// Loading Pyodide takes seconds on a busy machine; a Python test may load it twice.
test.describe.configure({ timeout: 120_000 });

test("a Python exercise: failing checks say why, errors point at the line, passing completes it", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  // Nothing is refused for want of CORP/CORS under the page's COEP (ERR_BLOCKED_BY_RESPONSE).
  const blocked: string[] = [];
  page.on("requestfailed", (r) => {
    if (/BLOCKED/.test(r.failure()?.errorText ?? "")) blocked.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  await enrolFresh(page);
  const response = await page.goto(learn("py-double"));
  // The exercise page itself keeps the strict policy: Python runs in the sandboxed frame, not here.
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).not.toContain("unsafe-eval");
  await ready(page, "Python");

  await page.getByRole("button", { name: "Check my code" }).click();
  await expect(summary(page)).toHaveText("0 of 2 checks passed. The ones that did not pass say what to look at.", { timeout: 20_000 });
  const checks = page.getByRole("list", { name: "Checks" });
  await expect(checks).toContainText("double(2) should give 4.");
  await expect(checks).toContainText("Details: double(2) gave None");
  await expectAccessible(page);

  // An error names the learner's line and offers to go there.
  await replaceCode(page, "print('hello')\nprnt(1)\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(summary(page)).toContainText("Your program stopped with an error on line 2: NameError: name 'prnt' is not defined");
  await expect(output(page)).toHaveText("hello\n");
  await page.getByRole("button", { name: "Go to line 2" }).click();
  await expect(page.getByRole("textbox", { name: /Your code \(Python\)/ })).toBeFocused();

  // The page is cross-origin isolated (docs/decisions/0014), so input() asks the learner while the
  // program runs: the question is announced and the answer box takes the focus.
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await expect(page.getByText(/Input for Run/)).toHaveCount(0);
  await replaceCode(page, 'name = input("What is your name? ")\nage = input("How old are you? ")\nprint("Hello,", name, "aged", age)\n');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(summary(page)).toHaveText("Your program is waiting for your answer: What is your name?");
  const answer = page.getByLabel("Your answer to “What is your name?”");
  await expect(answer).toBeFocused();
  await expect(output(page)).toHaveText("What is your name? ");
  await expectAccessible(page);
  await page.keyboard.type("Ada");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Your answer to “How old are you?”")).toBeFocused();
  await page.keyboard.type("36");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(output(page)).toHaveText("What is your name? Ada\nHow old are you? 36\nHello, Ada aged 36\n");
  await expect(summary(page)).toHaveText("Your program finished and printed 3 lines.");
  // Stop while the program waits for an answer.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByLabel("Your answer to “What is your name?”")).toBeFocused();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(summary(page)).toHaveText("You stopped the program.");

  await replaceCode(page, "def double(n):\n    return n * 2\n");
  await page.getByRole("button", { name: "Check my code" }).click();
  await expect(summary(page)).toHaveText("All 2 checks passed. Well done! This activity is complete.", { timeout: 20_000 });
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
  await expect(outline(page).getByRole("link", { name: /Double a number in Python \(Code exercise, completed\)/ })).toBeVisible();
  await expectAccessible(page);

  // Everything came from our own origin: Monaco, its worker, the sandbox and Pyodide.
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:"))).toEqual([]);
  expect(requests.some((u) => u.includes("/pyodide/") && u.endsWith("pyodide.asm.wasm"))).toBe(true);
  expect(blocked).toEqual([]);
});

test("while Python loads, the page shows how many megabytes have arrived and the learner can already type", async ({ page, context }) => {
  // Network timing is mocked here, nothing else: Python's WebAssembly file (the largest) is held
  // back until the learner has typed, so the loading is observable on any machine. Every byte
  // still comes from the app's server (route.fetch); the other files arrive as they would.
  test.setTimeout(180_000); // a cold Python start after the held file, on a loaded 2-core machine
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(/\/pyodide\/.*\/pyodide\.asm\.wasm$/, async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await enrolFresh(page);
  await page.goto(learn("py-double"));

  // Real byte progress: the standard library and the lock file have arrived, the WebAssembly has not.
  const progress = page.getByTestId("runtime-progress");
  const figures = async () =>
    /Loading Python: ([\d.]+) of ([\d.]+) MB/
      .exec((await progress.textContent()) ?? "")
      ?.slice(1)
      .map(Number);
  await expect.poll(figures, { timeout: 30_000 }).toEqual([expect.any(Number), expect.any(Number)]);
  await expect.poll(async () => (await figures())?.[0] ?? 0, { timeout: 30_000 }).toBeGreaterThan(2);
  const [loaded = 0, total = 0] = (await figures()) ?? [];
  expect(total).toBeGreaterThan(10); // wasm, standard library and lock file, as the server serves them
  expect(loaded).toBeLessThan(total);
  await expect(page.getByRole("progressbar", { name: /Loading Python/ })).toBeVisible();
  // Announced politely and sparingly: the live region says it is loading, not every figure.
  await expect(page.getByTestId("runtime-status")).toHaveText("Loading Python… You can write your code while it loads.");
  await expect(page.getByTestId("runtime-status")).toHaveAttribute("role", "status");
  await expectAccessible(page);

  // The editor is not blocked meanwhile.
  await expect(page.getByTestId("monaco-editor")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("monaco-editor").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("print(6 * 7)");
  await expect.poll(() => editorText(page)).toBe("print(6 * 7)");
  await expect(page.getByTestId("runtime-status")).not.toHaveText("Python is ready.");

  release();
  await expect(page.getByTestId("runtime-status")).toHaveText("Python is ready.", { timeout: 90_000 });
  await expect(progress).toHaveCount(0);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(output(page)).toHaveText("42\n", { timeout: 20_000 });
});

test("a JavaScript exercise: fail, pass, prompt() asks the learner, and output after the last line", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(learn("js-greet"));
  await ready(page, "JavaScript");

  await page.getByRole("button", { name: "Check my code" }).click();
  await expect(summary(page)).toHaveText("0 of 2 checks passed. The ones that did not pass say what to look at.");
  await expect(page.getByRole("list", { name: "Checks" })).toContainText('Details: expected "Hello, Ada!" but got "Hello"');

  await replaceCode(
    page,
    'function greet(name) {\n  return "Hello, " + name + "!";\n}\nconsole.log(greet(prompt("What is your name?")));\n',
  );
  // prompt() asks the learner while the program runs, as input() does in Python.
  await expect(page.getByText(/Input for Run/)).toHaveCount(0);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByLabel("Your answer to “What is your name?”")).toBeFocused();
  await page.keyboard.type("Grace");
  await page.keyboard.press("Enter");
  await expect(output(page)).toHaveText("What is your name?Grace\nHello, Grace!\n");

  // A program that does not parse still names its line.
  await replaceCode(page, 'console.log("fine");\nlet x = (1;\n');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(summary(page)).toContainText("Your program stopped with an error on line 2: SyntaxError");

  // Output from timers and promises after the last line is part of the run.
  await replaceCode(
    page,
    [
      'setTimeout(() => console.log("later"), 300);',
      "async function main() {",
      "  await new Promise((resolve) => setTimeout(resolve, 100));",
      '  console.log("from an async function");',
      "}",
      "main();",
      'console.log("first");',
    ].join("\n"),
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(output(page)).toHaveText("first\nfrom an async function\nlater\n");
  await replaceCode(page, 'async function main() {\n  await null;\n  throw new Error("too late");\n}\nmain();');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(summary(page)).toHaveText("Your program stopped with an error on line 3: Error: too late");

  await replaceCode(
    page,
    'function greet(name) {\n  return "Hello, " + name + "!";\n}\nconsole.log(greet(prompt("What is your name?")));\n',
  );
  await page.getByRole("button", { name: "Check my code" }).click();
  await expect(summary(page)).toHaveText("All 2 checks passed. Well done! This activity is complete.");
  await expect(outline(page).getByRole("link", { name: /Greet someone in JavaScript \(Code exercise, completed\)/ })).toBeVisible();
  await expectAccessible(page);
});

test("a run that fails after the activity was completed says the run failed, apart from the earlier completion", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(learn("js-greet"));
  await ready(page, "JavaScript");
  await replaceCode(
    page,
    'function greet(name) {\n  return "Hello, " + name + "!";\n}\nconsole.log(greet(prompt("What is your name?")));\n',
  );
  await page.getByRole("button", { name: "Check my code" }).click();
  await expect(summary(page)).toHaveText("All 2 checks passed. Well done! This activity is complete.");

  await replaceCode(page, "function greet(name {\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // The run's own result says only that it failed, in the failure style with its own icon...
  await expect(summary(page)).toHaveText(/^Your program stopped with an error on line 1: SyntaxError/);
  await expect(summary(page)).not.toContainText("complete");
  const result = page.locator(".exercise-results__summary");
  await expect(result).toHaveClass(/is-fail/);
  await expect(result.locator(".exercise-results__icon")).toHaveText("✗");
  // ...and the earlier completion is a separate statement, not in the failure's style.
  const completion = page.getByTestId("exercise-completion");
  await expect(completion).toHaveText("✓You completed this activity earlier. This run does not change that: your completion still counts.");
  await expect(completion).not.toHaveClass(/is-fail/);
  expect(await completion.evaluate((el) => getComputedStyle(el).color)).not.toBe(await result.evaluate((el) => getComputedStyle(el).color));
  // The announced text: the failure first, then the earlier completion as its own sentence.
  const live = page.getByRole("status").filter({ has: summary(page) });
  await expect(live).toHaveAttribute("aria-live", "polite");
  await expect(live).toHaveText(/^✗Your program stopped with an error on line 1: SyntaxError.*✓You completed this activity earlier\./s);
  await expectAccessible(page);
});

test("where the page is not cross-origin isolated, Python takes its input from the box", async ({ page }) => {
  // As an old browser would see it: the lesson pages without COEP (docs/decisions/0014).
  await page.route(
    (url) => url.pathname.includes("/learn/"),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["cross-origin-embedder-policy"];
      await route.fulfill({ response, headers });
    },
  );
  await enrolFresh(page);
  await page.goto(learn("py-double"));
  await ready(page, "Python");
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await replaceCode(page, 'name = input("What is your name? ")\nprint("Hello,", name)\n');
  await page.getByText(/Input for Run/).click();
  await page.getByLabel("Answers to input(), one per line").fill("Grace");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(output(page)).toHaveText("What is your name? Grace\nHello, Grace\n", { timeout: 20_000 });
  await expectAccessible(page);
});

test("learner code cannot reach the page, its cookies or the network", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(learn("js-greet"));
  await ready(page, "JavaScript");
  const origin = new URL(page.url()).origin;
  await replaceCode(
    page,
    [
      "console.log(typeof document, typeof localStorage, typeof parent);",
      "const request = new XMLHttpRequest();",
      "try {",
      `  request.open("GET", "${origin}/api/progress", false);`,
      "  request.send();",
      '  console.log("network", request.status);',
      "} catch (e) {",
      '  console.log("network blocked");',
      "}",
      "try {",
      '  console.log(eval("1 + 1"));',
      "} catch (e) {",
      '  console.log("eval blocked");',
      "}",
    ].join("\n"),
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(output(page)).toHaveText("undefined undefined undefined\nnetwork blocked\neval blocked\n");
});

test("an endless loop is stopped within 5 seconds and the page stays responsive", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(learn("py-double"));
  await ready(page, "Python");
  await replaceCode(page, "while True:\n    pass\n");
  const stopped = "Your program was still running after 5 seconds, so it was stopped. Check for a loop that never ends.";
  // Timed by the page's own clock, from the click on Run to the moment the stop message is in the
  // page, so a busy test process (or its round trips to the browser) adds nothing to the figure.
  await page.getByRole("button", { name: "Run", exact: true }).evaluate((run, message) => {
    const timing: { started?: number; stopped?: number } = {};
    (window as unknown as { endlessLoopTiming: typeof timing }).endlessLoopTiming = timing;
    run.addEventListener("click", () => (timing.started ??= performance.now()), { once: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="exercise-summary"]')?.textContent !== message) return;
      timing.stopped = performance.now();
      observer.disconnect();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, stopped);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(summary(page)).toHaveText("Running your program…");
  // The page still answers while the loop runs: a hint opens at once.
  await page.getByRole("button", { name: "Show a hint (1 of 2)" }).click();
  await expect(page.getByText("Use return to give the answer back.")).toBeVisible();
  // Waiting for the message is not the measurement: the page's own figure below is.
  await expect(summary(page)).toHaveText(stopped, { timeout: 15_000 });
  const timing = await page.evaluate(
    () => (window as unknown as { endlessLoopTiming: { started?: number; stopped?: number } }).endlessLoopTiming,
  );
  expect(timing.started, "the click on Run was seen").toBeDefined();
  expect(timing.stopped, "the stop message was seen").toBeDefined();
  // The requirement itself (quality bar): stopped within 5 s of starting; 2 s allowed for the page's
  // own messages to the sandbox and back and for rendering the message.
  expect(timing.stopped! - timing.started!).toBeLessThan(7_000);
  // Python was interrupted, not restarted: it is still loaded and runs the next program at once.
  await expect(page.getByTestId("runtime-status")).toHaveText("Python is ready.");
  await replaceCode(page, "print(6 * 7)\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(output(page)).toHaveText("42\n", { timeout: 5_000 });
  // A program that ignores the interrupt is still stopped: its interpreter is replaced.
  await replaceCode(page, "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(summary(page)).toHaveText("You stopped the program.", { timeout: 3_000 });
  await expect(page.getByTestId("runtime-status")).toHaveText("Python is ready.", { timeout: 45_000 });
  await replaceCode(page, "print(6 * 7)\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(output(page)).toHaveText("42\n", { timeout: 20_000 });

  // The Stop button ends a JavaScript loop at once.
  await page.goto(learn("js-find-the-bug"));
  await ready(page, "JavaScript");
  await replaceCode(page, "for (;;) {}\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(summary(page)).toHaveText("You stopped the program.");
});

test("a draft survives a reload and follows the learner to another browser", async ({ page, browser }) => {
  const account = await enrolFresh(page);
  await page.goto(learn("js-find-the-bug"));
  await ready(page, "JavaScript");
  const draft = "function total(numbers) {\n  // draft in progress\n  return 0;\n}";
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/progress") && (r.request().postData() ?? "").includes('"code-draft"'));
  await replaceCode(page, draft);
  expect((await saved).status()).toBe(200);
  await page.reload();
  await ready(page, "JavaScript");
  expect(await editorText(page)).toBe(draft);
  await expect(page.getByText(/We loaded the code you saved/)).toBeVisible();

  // Reset asks first.
  await page.getByRole("button", { name: "Reset to starter code" }).click();
  await expect(page.getByText("Replace your code with the starter code?")).toBeFocused();
  await page.getByRole("button", { name: "Cancel" }).click();
  expect(await editorText(page)).toBe(draft);

  const other = await browser.newContext();
  const second = await other.newPage();
  await signInAs(second, account);
  await second.goto(learn("js-find-the-bug"));
  await ready(second, "JavaScript");
  expect(await editorText(second)).toBe(draft);
  await other.close();
});

test("a Parsons problem solved with the keyboard alone", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(learn("py-parsons"));
  await expect(page.getByTestId("runtime-status")).toHaveText("Python is ready.", { timeout: 45_000 });
  const program = page.getByRole("list", { name: "Your program" });
  const lines = async () => (await program.locator("code").allInnerTexts()).map((t) => t.replace(/^Indented \d+ levels?:\s*/, ""));
  const press = async (name: RegExp) => {
    const button = page.getByRole("button", { name });
    await button.focus();
    await page.keyboard.press("Enter");
  };

  await press(/^Leave out line \d+: total = n$/);
  await expect(page.getByRole("list", { name: "Lines left out" })).toContainText("total = n");
  const target = ["total = 0", "for n in [1, 2, 3]:", "total = total + n", "print(total)"];
  for (const [position, text] of target.entries()) {
    let index = (await lines()).indexOf(text);
    if (index > position) {
      const up = page.getByRole("button", { name: new RegExp(`^Up line ${index + 1}: ${text.replace(/[[\]()+]/g, "\\$&")}$`) });
      await up.focus();
      while (index > position) {
        await page.keyboard.press("Enter"); // focus stays on this line's Up button as it moves
        index--;
      }
    }
  }
  expect(await lines()).toEqual(target);
  await press(/^Indent line 3: total = total \+ n$/);
  await expect(page.getByText("“total = total + n” is now indented 1 level.")).toBeAttached();
  await press(/^Check my program$/);
  await expect(summary(page)).toHaveText("All 2 checks passed. Well done! This activity is complete.", { timeout: 20_000 });
  await expectAccessible(page);
});

test("a Parsons problem solved by dragging lines with the mouse; the server completes it", async ({ page }) => {
  // Tall enough for the whole board, so no drag starts the page's scrolling near an edge of the window.
  await page.setViewportSize({ width: 1280, height: 1200 });
  await enrolFresh(page);
  await page.goto(learn("py-parsons"));
  await expect(page.getByTestId("runtime-status")).toHaveText("Python is ready.", { timeout: 45_000 });
  const program = page.getByRole("list", { name: "Your program" });
  const rows = program.locator("li");
  const lines = async () => (await program.locator("code").allInnerTexts()).map((t) => t.replace(/^Indented \d+ levels?:\s*/, ""));
  const announced = page.locator(".parsons [role=status][aria-live=polite]");

  /**
   * A real press-move-release with the mouse, from a line's text (not its buttons) straight down or
   * up to the middle of `target`, and `right` pixels to the right.
   */
  async function drag(line: Locator, target: Locator, right = 0) {
    const code = line.locator("code");
    // Hovering first waits until the line has stopped moving (a notice or dialog closing above it
    // shifts the board) and is the element under the pointer; only then is its place measured.
    await code.hover({ position: { x: 12, y: 8 } });
    const box = (await code.boundingBox())!;
    const to = (await target.boundingBox())!;
    const from = { x: box.x + 12, y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x, from.y + 10, { steps: 3 }); // past the few pixels that start a drag
    await page.mouse.move(from.x + right, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
  }

  // "Start again" says the lines are back in their starting order; the notice goes once they move.
  await page.getByRole("button", { name: "Start again" }).click();
  await page.getByRole("button", { name: "Yes, start again" }).click();
  const notice = page.getByText("The lines are back in their starting order.");
  await expect(notice).toBeVisible();

  // The distractor is dragged into the list of lines left out.
  await drag(rows.filter({ has: page.locator("code").filter({ hasText: /levels?: total = n$/ }) }), page.locator('[data-list="unused"]'));
  await expect(page.getByRole("list", { name: "Lines left out" })).toHaveText(/total = n/);
  await expect(announced).toHaveText("Left out “total = n”. Your program now has 4 lines.");
  await expect(notice).toHaveCount(0);

  // Each line is dragged onto the place it belongs.
  const target = ["total = 0", "for n in [1, 2, 3]:", "total = total + n", "print(total)"];
  for (const [position, text] of target.entries()) {
    const index = (await lines()).indexOf(text);
    if (index === position) continue;
    await drag(rows.nth(index), rows.nth(position));
    await expect.poll(lines).toContain(text);
    expect((await lines()).indexOf(text)).toBe(position);
  }
  expect(await lines()).toEqual(target);

  // Dragged to the right by a little more than one level's width: indented one level.
  const body = rows.nth(2);
  await drag(body, body, 40);
  await expect(body.locator("code")).toContainText("Indented 1 level: total = total + n");
  await expect(announced).toHaveText("Moved “total = total + n” to line 3 of 4, indented 1 level.");

  // The keyboard's buttons are still there beside every line.
  await expect(page.getByRole("button", { name: "Indent line 3: total = total + n" })).toBeVisible();

  await page.getByRole("button", { name: "Check my program" }).click();
  await expect(summary(page)).toHaveText("All 2 checks passed. Well done! This activity is complete.", { timeout: 20_000 });
  // Completed by the server's own check of the arrangement: it says so after a reload too.
  await page.reload();
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
  await expect(outline(page).getByRole("link", { name: /Put the loop in order \(Code exercise, completed\)/ })).toBeVisible();
  await expectAccessible(page);
});

test("a predict exercise: predict first, then run and compare", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(learn("py-predict"));
  await ready(page, "Python");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByLabel("What will this program print?")).toBeFocused();
  await page.getByLabel("What will this program print?").fill("teatea");
  await page.getByRole("button", { name: "Save my prediction" }).click();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByText("Your prediction matches the output exactly.")).toBeVisible({ timeout: 20_000 });
  // Completion comes from the server's own run of the program in its sandbox (ADR 0021): a cold
  // Python start in a fresh confined child, so it gets the same allowance as the browser's Python.
  await expect(page.getByTestId("exercise-completion")).toHaveText("✓This activity is complete.", { timeout: 20_000 });
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the exercise and its starter code can be read, and the page says running needs JavaScript", async ({ page }) => {
    await enrolFresh(page);

    await page.goto(learn("py-double"));
    await expect(page.getByRole("heading", { level: 1, name: "Double a number in Python" })).toBeVisible();
    await expect(page.getByLabel("Your code (Python)")).toHaveValue("def double(n):\n    pass\n");
    await expect(page.getByText("Running and checking code needs JavaScript")).toBeVisible();
    await expect(page.getByRole("button", { name: "Run" })).toHaveCount(0);
  });
});

test("a tampered progress post claiming a pass does not complete the exercise (only the server's check counts)", async ({ page }) => {
  await enrolFresh(page);
  const origin = appOrigin();
  const forged = {
    moduleId: MODULE,
    activityId: "js-greet",
    clientId: crypto.randomUUID(),
    intent: "code-run",
    code: "// nothing here",
    result: {
      mode: "check",
      status: "passed",
      passed: true,
      tests: [
        { name: "greets Ada", passed: true },
        { name: "greets Grace", passed: true },
      ],
      error: null,
      stdout: "",
    },
  };
  const response = await page.request.post("/api/progress", { data: forged, headers: { Origin: origin } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ code: { reportedPassed: true, passed: false, completed: false } });
  await page.goto(learn("js-greet"));
  await expect(outline(page).getByRole("link", { name: /\(Code exercise, completed\)/ })).toHaveCount(0);
  await expect(page.getByText("You have completed this activity.")).toHaveCount(0);
});
