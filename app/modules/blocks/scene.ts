/**
 * The scene of a block exercise: what the stage shows behind the sprite so that the task's places
 * can be seen (a backdrop, goal markers such as a treasure or a flag, obstacles such as a wall), and
 * the same scene in words for people who cannot see the stage. Pure: no DOM, no I/O. The stage
 * draws it (app/components/blocks/stage.tsx), the course format validates it
 * (app/modules/catalog/course-format.ts) and courses:check compares it with the goals
 * (`sceneProblems`). See docs/decisions/0042-block-stage-scene.md.
 *
 * Coordinates are Scratch's: the stage is 480 × 360, (0, 0) is its centre and y goes up.
 */
import type { Goal } from "./goals.ts";
import { type Point, STAGE_HEIGHT, STAGE_WIDTH } from "./interpreter.ts";
import { formatNumber } from "./program.ts";

/** Backdrops we draw ourselves (plain SVG); an exercise names one or leaves it out (plain). */
export const BACKDROPS = {
  plain: "plain white, with faint lines through the centre",
  grid: "a grid, with a line every 20 steps and the axes labelled every 100",
  island: "an island in the sea",
  pond: "a pond",
} as const;
export type Backdrop = keyof typeof BACKDROPS;
export const BACKDROP_NAMES = Object.keys(BACKDROPS) as Backdrop[];

/** Goal markers: places the task names. `spot` is a small round mark (a stepping stone, a corner). */
export const MARKER_KINDS = ["treasure", "flag", "star", "spot"] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];
/** How an obstacle is drawn: a grey `wall` (the default) or blue `water` (a river, a lake). */
export const OBSTACLE_KINDS = ["wall", "water"] as const;
export type ObstacleKind = (typeof OBSTACLE_KINDS)[number];

/** Labels are read aloud and drawn on the stage, so they stay short. */
export const LABEL_MAX_LENGTH = 40;
export const HALF_WIDTH = STAGE_WIDTH / 2;
export const HALF_HEIGHT = STAGE_HEIGHT / 2;

export type SceneMarker = { kind: MarkerKind; x: number; y: number; label: string };
/** A rectangle: (x, y) is its bottom-left corner (its lowest x and y); width and height go right and up. */
export type SceneObstacle = { kind?: ObstacleKind; x: number; y: number; width: number; height: number; label: string };
export type Scene = { backdrop?: Backdrop; markers?: SceneMarker[]; obstacles?: SceneObstacle[] };

/** How far (in steps) a position goal may be from a marker and still be "at" it. */
export const MARKER_MATCH_DISTANCE = 10;

/** A number as the stage description says it: −20 with a real minus sign, rounded to 2 places. */
export function formatCoordinate(n: number): string {
  return formatNumber(n).replace(/^-/, "−");
}

const at = (p: Point) => `(${formatCoordinate(p.x)}, ${formatCoordinate(p.y)})`;

/** Sentences end with one full stop, whatever the author's label ends with. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The scene in words, for the stage's accessible description: "Backdrop: island. Treasure at
 * (50, 50). Obstacle: wall from (−20, −100) to (20, 100)." Empty when there is no scene.
 */
export function describeScene(scene: Scene | undefined): string {
  if (!scene) return "";
  const parts: string[] = [];
  if (scene.backdrop) parts.push(`Backdrop: ${scene.backdrop}.`);
  for (const marker of scene.markers ?? []) parts.push(sentence(`${marker.label} at ${at(marker)}`));
  for (const o of scene.obstacles ?? []) {
    parts.push(sentence(`Obstacle: ${o.label} from ${at(o)} to ${at({ x: o.x + o.width, y: o.y + o.height })}`));
  }
  return parts.join(" ");
}

export function insideObstacle(p: Point, o: SceneObstacle): boolean {
  return p.x >= o.x && p.x <= o.x + o.width && p.y >= o.y && p.y <= o.y + o.height;
}

export type SceneProblem = { path: (string | number)[]; message: string };

/**
 * What does not add up between a scene and the rest of the exercise (courses:check): a position goal
 * with no marker at that place (when the scene has markers, learners would be sent somewhere the
 * stage does not show), a marker inside an obstacle, and a sprite that starts inside an obstacle.
 * Each field is checked on its own (stage bounds, label length) by the course format.
 */
export function sceneProblems(scene: Scene | undefined, exercise: { goals: Goal[]; start: Point }): SceneProblem[] {
  if (!scene) return [];
  const problems: SceneProblem[] = [];
  const markers = scene.markers ?? [];
  const obstacles = scene.obstacles ?? [];
  if (markers.length > 0) {
    exercise.goals.forEach((goal, g) => {
      if (goal.type !== "position") return;
      const near = markers.some((m) => Math.hypot(m.x - goal.x, m.y - goal.y) <= MARKER_MATCH_DISTANCE);
      if (!near) {
        problems.push({
          path: ["goals", g],
          message: `The goal asks the sprite to finish at ${at(goal)}, but no marker in the scene is there, so the stage shows learners a different place. Add a marker at ${at(goal)} (within ${MARKER_MATCH_DISTANCE} steps) or move the goal.`,
        });
      }
    });
  }
  markers.forEach((marker, m) => {
    const inside = obstacles.find((o) => insideObstacle(marker, o));
    if (inside) {
      problems.push({
        path: ["scene", "markers", m],
        message: `The marker “${marker.label}” is inside the obstacle “${inside.label}”, so the sprite would have to go through the obstacle to reach it. Move the marker or the obstacle.`,
      });
    }
  });
  const startsIn = obstacles.findIndex((o) => insideObstacle(exercise.start, o));
  if (startsIn >= 0) {
    problems.push({
      path: ["scene", "obstacles", startsIn],
      message: `The sprite starts at ${at(exercise.start)}, inside the obstacle “${obstacles[startsIn]!.label}”. Move the start or the obstacle.`,
    });
  }
  return problems;
}
