import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { CERT_MODULE_TITLE, earnCertificate } from "./certificate-helpers.ts";
import { DEMO, expectAccessible, signIn, signUp } from "./support.ts";

/**
 * Organisations and leaders: an admin sets up a school, a teacher chooses to share their CPD
 * record (and stops), the school's leader sees it only meanwhile, with a CSV export; anyone checks
 * several certificates at once. Tried as a matrix of who may see what.
 */
const suffix = () => crypto.randomBytes(3).toString("hex");

async function newPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

async function addPerson(admin: Page, organisation: string, email: string, role: "Member of staff" | "Leader") {
  await admin.getByLabel(`Add a person by email to ${organisation}`).fill(email);
  await admin.getByLabel(`As (role in ${organisation})`).selectOption({ label: role });
  await admin.getByRole("button", { name: `Add to ${organisation}` }).click();
  await expect(admin.getByRole("status")).toContainText(`is now in ${organisation}`);
}

test("a leader sees a teacher's certificates only while the teacher shares them", async ({ browser, baseURL }) => {
  test.slow(); // four people in four browsers, with axe on every page
  const origin = new URL(baseURL!).origin;
  const school = `Riverside Academy ${suffix()}`;
  const other = `Hilltop Primary ${suffix()}`;

  const teacher = await newPage(browser);
  const teacherAccount = await signUp(teacher, { name: `Grace Sharer ${suffix()}` });
  const certificateId = await earnCertificate(teacher, origin);
  const leader = await newPage(browser);
  const leaderAccount = await signUp(leader, { name: `Lena Leader ${suffix()}` });
  const otherLeader = await newPage(browser);
  const otherLeaderAccount = await signUp(otherLeader, { name: `Omar Otherleader ${suffix()}` });

  // An admin creates two schools and adds people.
  const admin = await newPage(browser);
  await signIn(admin, DEMO.admin);
  await admin.goto("/admin/organisations");
  await expectAccessible(admin);
  for (const [name, type] of [
    [school, "Secondary school"],
    [other, "Primary school"],
  ] as const) {
    await admin.getByLabel("Name", { exact: true }).fill(name);
    await admin.getByLabel("Type of organisation").selectOption({ label: type });
    await admin.getByRole("button", { name: "Add organisation" }).click();
    await expect(admin.getByRole("status")).toContainText(`${name} created`);
  }
  await addPerson(admin, school, leaderAccount.email, "Leader");
  await addPerson(admin, other, otherLeaderAccount.email, "Leader");
  await expectAccessible(admin);

  // The leader finds the school; nothing is shared yet.
  await leader.goto("/organisations");
  await expectAccessible(leader);
  await leader.getByRole("link", { name: `Staff CPD records for ${school}` }).click();
  await expect(leader.getByRole("heading", { level: 1, name: `Staff CPD records: ${school}` })).toBeVisible();
  await expect(leader.getByText(`Nobody has shared their CPD record with ${school} yet.`)).toBeVisible();
  await expect(leader.getByText(teacherAccount.name)).toHaveCount(0);
  const schoolPath = new URL(leader.url()).pathname;
  await expectAccessible(leader);

  // The leader adds staff by email: someone without an account is told to sign up first (and
  // what was typed stays); the teacher, who has one, is added and waits for their consent.
  const emailField = leader.getByLabel(`Add a person by email to ${school}`);
  await emailField.fill(`no-account-${suffix()}@school.example`);
  await leader.getByRole("button", { name: `Add to ${school}` }).click();
  await expect(leader.getByRole("alert")).toContainText("There is no Pathways account with that email address");
  await expect(emailField).toHaveValue(/^no-account-/);
  await expect(emailField).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(leader);
  await emailField.fill(teacherAccount.email);
  await leader.getByRole("button", { name: `Add to ${school}` }).click();
  await expect(leader.getByRole("status")).toContainText(`${teacherAccount.name} is now a member of staff in ${school}`);
  const waiting = leader.getByRole("region", { name: "Waiting for consent" });
  await expect(waiting.getByRole("listitem").filter({ hasText: teacherAccount.name })).toContainText("has not shared their record");
  await expect(leader.getByRole("heading", { level: 2, name: teacherAccount.name })).toHaveCount(0);
  await expect(leader.getByRole("link", { name: new RegExp(CERT_MODULE_TITLE) })).toHaveCount(0);
  expect(await leader.content()).not.toContain(certificateId);
  await expectAccessible(leader);

  // The teacher agrees to share.
  await teacher.goto("/learning");
  await teacher.getByRole("link", { name: "your organisations and sharing" }).click();
  await expect(teacher.getByText("Its leaders cannot see your CPD record.")).toBeVisible();
  await expectAccessible(teacher);
  await teacher.getByRole("button", { name: `Share my record with ${school}` }).click();
  await expect(teacher.getByRole("status")).toContainText("You are sharing your CPD record");
  await expectAccessible(teacher);

  // Now the leader sees the record, and can export it.
  await leader.reload();
  await expect(leader.getByRole("heading", { level: 2, name: teacherAccount.name })).toBeVisible();
  await expect(leader.getByRole("link", { name: `${CERT_MODULE_TITLE} (version 1)` })).toHaveAttribute(
    "href",
    `${origin}/verify/${certificateId}`,
  );
  await expectAccessible(leader);
  const pending = leader.waitForEvent("download");
  await leader.getByRole("link", { name: "Download these records as a spreadsheet (CSV)" }).click();
  const csv = fs.readFileSync((await (await pending).path())!, "utf8");
  expect(csv).toContain("Name,Email,Module,Version,CPD hours,Completed on,Status,Certificate reference,Verification address");
  expect(csv).toContain(`${teacherAccount.name},${teacherAccount.email},${CERT_MODULE_TITLE},1,0.5,`);
  expect(csv).toContain(certificateId);

  // Who else may look: another school's leader, the teacher, anonymous visitors, an admin: nobody.
  for (const [who, page] of [
    ["another school's leader", otherLeader],
    ["the teacher (a member, not a leader)", teacher],
    ["an admin", admin],
  ] as const) {
    for (const path of [schoolPath, `${schoolPath}/records.csv`]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), `${who}: ${path}`).toBe(404);
      expect(await response.text(), `${who}: ${path}`).not.toContain(teacherAccount.email);
    }
  }
  const anonymous = (await browser.newContext()).request;
  for (const path of [schoolPath, `${schoolPath}/records.csv`, "/organisations"]) {
    const response = await anonymous.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"]).toMatch(/^\/sign-in/);
  }
  // Only admins manage organisations; only members change their own consent.
  expect((await teacher.request.get("/admin/organisations", { maxRedirects: 0 })).status()).toBe(403);
  const sneaky = await otherLeader.request.post("/admin/organisations?index", {
    form: { intent: "add-member", organisationId: schoolPath.split("/").pop()!, email: otherLeaderAccount.email, role: "leader" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(sneaky.status()).toBe(403);
  // Another school's leader cannot add to or remove from this school; nobody becomes a leader here.
  for (const form of [
    { intent: "add-member", email: otherLeaderAccount.email },
    { intent: "remove-member", userId: "x" },
  ] as Record<string, string>[]) {
    const response = await otherLeader.request.post(schoolPath, { form, headers: { Origin: origin }, maxRedirects: 0 });
    expect(response.status(), form.intent).toBe(404);
  }
  const promote = await leader.request.post(schoolPath, {
    form: { intent: "add-member", email: otherLeaderAccount.email, role: "leader" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(promote.status()).toBe(403);
  await leader.reload();
  await expect(leader.getByText(otherLeaderAccount.name)).toHaveCount(0);
  const notMine = await otherLeader.request.post("/organisations?index", {
    form: { organisationId: schoolPath.split("/").pop()!, share: "yes" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(notMine.status()).toBe(404);

  // The teacher stops sharing: the leader sees nothing again, and the export is empty of them.
  await teacher.getByRole("button", { name: `Stop sharing my record with ${school}` }).click();
  await expect(teacher.getByRole("status")).toContainText("You have stopped sharing");
  await leader.reload();
  await expect(leader.getByText(`Nobody has shared their CPD record with ${school} yet.`)).toBeVisible();
  const after = await leader.request.get(`${schoolPath}/records.csv`);
  expect(await after.text()).not.toContain(teacherAccount.email);

  // The leader removes the teacher from the school; the teacher's own page says so.
  await leader.getByRole("button", { name: `Remove ${teacherAccount.name} from the organisation` }).click();
  await expect(leader.getByRole("status")).toContainText("Removed from the organisation");
  await expect(leader.getByText(teacherAccount.name)).toHaveCount(0);
  await expectAccessible(leader);
  await teacher.goto("/organisations");
  await expect(teacher.getByText(school)).toHaveCount(0);
});

test("who may manage a school's staff", async ({ browser, baseURL }) => {
  test.slow(); // five accounts in five browsers and two organisations before the checks start
  const origin = new URL(baseURL!).origin;
  const school = `Brookside College ${suffix()}`;
  const other = `Meadow Primary ${suffix()}`;
  const [leader, member, otherLeader, outsider] = await Promise.all([1, 2, 3, 4].map(() => newPage(browser)));
  const leaderAccount = await signUp(leader!, { name: `Leo Leader ${suffix()}` });
  const memberAccount = await signUp(member!, { name: `Mia Member ${suffix()}` });
  const otherLeaderAccount = await signUp(otherLeader!, { name: `Olu Otherleader ${suffix()}` });
  const outsiderAccount = await signUp(outsider!, { name: `Oscar Outsider ${suffix()}` });

  const admin = await newPage(browser);
  await signIn(admin, DEMO.admin);
  await admin.goto("/admin/organisations");
  for (const name of [school, other]) {
    await admin.getByLabel("Name", { exact: true }).fill(name);
    await admin.getByLabel("Type of organisation").selectOption({ label: "Further education college" });
    await admin.getByRole("button", { name: "Add organisation" }).click();
    await expect(admin.getByRole("status")).toContainText(`${name} created`);
  }
  await addPerson(admin, school, leaderAccount.email, "Leader");
  await addPerson(admin, school, memberAccount.email, "Member of staff");
  await addPerson(admin, other, otherLeaderAccount.email, "Leader");
  await leader!.goto("/organisations");
  await leader!.getByRole("link", { name: `Staff CPD records for ${school}` }).click();
  await expect(leader!.getByRole("heading", { level: 1, name: `Staff CPD records: ${school}` })).toBeVisible();
  const schoolPath = new URL(leader!.url()).pathname;
  const memberId = await leader!
    .getByRole("region", { name: "Waiting for consent" })
    .getByRole("listitem")
    .filter({ hasText: memberAccount.name })
    .locator('input[name="userId"]')
    .inputValue();

  const add = { intent: "add-member", email: outsiderAccount.email };
  const remove = { intent: "remove-member", userId: memberId };
  const post = (page: Page | undefined, form: Record<string, string>, headers: Record<string, string> = { Origin: origin }) =>
    (page ? page.request : anonymous).post(schoolPath, { form, headers, maxRedirects: 0 });
  const anonymous = (await browser.newContext()).request;

  // [who, page, form, expected status]: nothing below may change the school.
  const refused: [string, Page | undefined, Record<string, string>, number][] = [
    ["anonymous, add", undefined, add, 302],
    ["anonymous, remove", undefined, remove, 302],
    ["a member of staff, add", member, add, 404],
    ["a member of staff, remove", member, remove, 404],
    ["another school's leader, add", otherLeader, add, 404],
    ["another school's leader, remove", otherLeader, remove, 404],
    ["a learner outside the school, add", outsider, add, 404],
    ["an admin (admins use the admin page), add", admin, add, 404],
    ["the leader, making someone a leader", leader, { ...add, role: "leader" }, 403],
    ["the leader, removing someone not in the school", leader, { intent: "remove-member", userId: "not-a-member" }, 404],
  ];
  for (const [who, page, form, status] of refused) {
    const response = await post(page, form);
    expect(response.status(), who).toBe(status);
    // Nobody but the leader learns who is in the school.
    if (page !== leader) expect(await response.text(), who).not.toContain(memberAccount.email);
  }
  const foreign = await post(leader, add, { Origin: "https://evil.example" });
  expect(foreign.status(), "a foreign origin").toBe(403);

  await leader!.reload();
  const waiting = leader!.getByRole("region", { name: "Waiting for consent" });
  await expect(waiting.getByText(memberAccount.name, { exact: true })).toBeVisible();
  await expect(leader!.getByText(outsiderAccount.name)).toHaveCount(0);
  // Leaders are managed by admins: there is no button to remove one.
  await expect(leader!.getByRole("button", { name: `Remove ${leaderAccount.name} from the organisation` })).toHaveCount(0);
  await expectAccessible(leader!);

  // The leader of the school may do both.
  expect((await post(leader, add)).status()).toBe(200);
  expect((await post(leader, remove)).status()).toBe(200);
  await leader!.reload();
  await expect(waiting.getByText(outsiderAccount.name, { exact: true })).toBeVisible();
  await expect(leader!.getByText(memberAccount.name)).toHaveCount(0);
});

test("the demo leader leads the demo school, where the demo learner has not shared yet", async ({ page }) => {
  await signIn(page, DEMO.leader);
  await page.goto("/organisations");
  await page.getByRole("link", { name: "Staff CPD records for Pathways Demo Academy" }).click();
  const waiting = page.getByRole("region", { name: "Waiting for consent" });
  await expect(waiting.getByRole("listitem").filter({ hasText: "Lena Learner" })).toContainText("has not shared their record");
  await expect(page.getByLabel("Add a person by email to Pathways Demo Academy")).toBeVisible();
  await expectAccessible(page);
});

test("anyone can check several certificates at once", async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const teacher = await newPage(browser);
  await signUp(teacher, { name: `Bulk Teacher ${suffix()}` });
  const id = await earnCertificate(teacher, origin);

  await page.goto(`/verify/${id}`);
  await page.getByRole("link", { name: "Check several certificates at once" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check Pathways certificates" })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByLabel("Certificate addresses or references")
    .fill(`${origin}/verify/${id}\nAAAAAAAAAAAAAAAAAAAAAAAA\n${id}\nnot-a-reference`);
  await page.getByRole("button", { name: "Check certificates" }).click();
  await expect(page.getByRole("heading", { name: "Results: 1 of 2 valid" })).toBeVisible();
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: id })).toContainText("Valid");
  await expect(rows.filter({ hasText: "AAAAAAAAAAAAAAAAAAAAAAAA" })).toContainText("Not found");
  await expect(page.getByText("Not recognised as certificate addresses:")).toContainText("not-a-reference");
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a leader adds a member of staff by email and removes them", async ({ page, browser }) => {
    const teacher = await newPage(browser);
    const teacherAccount = await signUp(teacher, { name: `Nora Noscript ${suffix()}` });
    await signIn(page, DEMO.leader);
    await page.goto("/organisations");
    await page.getByRole("link", { name: "Staff CPD records for Pathways Demo Academy" }).click();
    await page.getByLabel("Add a person by email to Pathways Demo Academy").fill(teacherAccount.email);
    await page.getByRole("button", { name: "Add to Pathways Demo Academy" }).click();
    await expect(page.getByRole("status")).toContainText(`${teacherAccount.name} is now a member of staff in Pathways Demo Academy`);
    const waiting = page.getByRole("region", { name: "Waiting for consent" });
    await expect(waiting.getByText(teacherAccount.name, { exact: true })).toBeVisible();
    await page.getByRole("button", { name: `Remove ${teacherAccount.name} from the organisation` }).click();
    await expect(page.getByRole("status")).toContainText("Removed from the organisation");
    await expect(page.getByText(teacherAccount.name)).toHaveCount(0);
  });
});
