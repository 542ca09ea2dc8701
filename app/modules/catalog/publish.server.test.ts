import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publishFixtureModule } from "../../../tests/factories/courses.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { publishCourses } from "./publish.server.ts";

const newId = () => `p-${crypto.randomBytes(4).toString("hex")}`;

async function versionsOf(moduleId: string) {
  const module = await prisma.module.findUniqueOrThrow({
    where: { id: moduleId },
    select: { currentVersion: { select: { number: true } } },
  });
  const count = await prisma.moduleVersion.count({ where: { moduleId } });
  return { current: module.currentVersion?.number, count };
}

describe("publishing", () => {
  it("publishes once, and publishing unchanged content does nothing", async () => {
    const id = newId();
    const { root, outcome } = await publishFixtureModule({ id, activities: [{ id: "one", type: "reading" }] });
    expect(outcome).toMatchObject({ status: "published", version: 1 });
    const [again] = await publishCourses(root, [id]);
    expect(again).toMatchObject({ status: "unchanged", version: 1 });
    expect(await versionsOf(id)).toEqual({ current: 1, count: 1 });
  });

  it("publishes a change as a new version and keeps the old one", async () => {
    const id = newId();
    const { root } = await publishFixtureModule({ id, activities: [{ id: "one", type: "reading" }] });
    fs.appendFileSync(path.join(root, id, "01-one.md"), "\nA new paragraph.\n");
    const [second] = await publishCourses(root, [id]);
    expect(second).toMatchObject({ status: "published", version: 2 });
    expect(await versionsOf(id)).toEqual({ current: 2, count: 2 });
    const html = await prisma.activity.findMany({
      where: { activityId: "one", version: { moduleId: id } },
      orderBy: { version: { number: "asc" } },
      select: { html: true },
    });
    expect(html[0]!.html).not.toContain("A new paragraph");
    expect(html[1]!.html).toContain("A new paragraph");
  });

  it("refuses an invalid module whole and leaves the published version as it was", async () => {
    const id = newId();
    const { root } = await publishFixtureModule({ id, activities: [{ id: "one", type: "reading" }] });
    const file = path.join(root, id, "01-one.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("type: reading", "type: lecture"));
    const [outcome] = await publishCourses(root, [id]);
    expect(outcome?.status).toBe("refused");
    if (outcome?.status === "refused") expect(outcome.problems.map((p) => p.message).join(" ")).toMatch(/Unknown type "lecture"/);
    expect(await versionsOf(id)).toEqual({ current: 1, count: 1 });
  });

  it("renders Markdown sanitised at publish time", async () => {
    const id = newId();
    const { root } = await publishFixtureModule({ id, activities: [{ id: "one", type: "reading" }] });
    fs.appendFileSync(
      path.join(root, id, "01-one.md"),
      '\n<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n<img src=x onerror="alert(1)">\n',
    );
    await publishCourses(root, [id]);
    const row = await prisma.activity.findFirstOrThrow({
      where: { activityId: "one", version: { moduleId: id, number: 2 } },
      select: { html: true },
    });
    expect(row.html).not.toMatch(/<script|javascript:|onerror/i);
  });

  it("stores media by content hash and links videos and captions to it", async () => {
    const id = newId();
    const { root } = await publishFixtureModule({ id, activities: [{ id: "one", type: "reading" }] });
    const dir = path.join(root, id);
    fs.mkdirSync(path.join(dir, "media"));
    fs.writeFileSync(path.join(dir, "media", "clip.mp4"), Buffer.from("not really a video, but bytes"));
    fs.writeFileSync(path.join(dir, "media", "clip.vtt"), "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n");
    fs.writeFileSync(path.join(dir, "media", "diagram.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    fs.writeFileSync(
      path.join(dir, "02-watch.md"),
      "---\nid: watch\ntype: video\ntitle: Watch this\nminutes: 3\nsrc: media/clip.mp4\ncaptions: media/clip.vtt\n---\n\nThe transcript. ![A diagram](media/diagram.png)\n",
    );
    const yamlPath = path.join(dir, "module.yaml");
    fs.writeFileSync(yamlPath, fs.readFileSync(yamlPath, "utf8") + "\n      - 02-watch.md\n");
    const [outcome] = await publishCourses(root, [id]);
    expect(outcome).toMatchObject({ status: "published", version: 2 });
    const row = await prisma.activity.findFirstOrThrow({
      where: { activityId: "watch", version: { moduleId: id, number: 2 } },
      select: { html: true, data: true },
    });
    const data = JSON.parse(row.data) as { src: string; captions: string };
    expect(data.src).toMatch(/^\/media\/[0-9a-f]{64}\.mp4$/);
    expect(data.captions).toMatch(/^\/media\/[0-9a-f]{64}\.vtt$/);
    expect(row.html).toMatch(/<img src="\/media\/[0-9a-f]{64}\.png" alt="A diagram"/);
    expect(fs.readFileSync(path.join(getEnv().MEDIA_DIR, path.basename(data.captions)), "utf8")).toContain("WEBVTT");
  });
});
