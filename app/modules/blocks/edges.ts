/**
 * The stage's edges as Scratch 3 draws them (scratch-render's RenderWebGL and Drawable): where a
 * sprite is kept when it tries to leave the stage (the fence), and when it is "touching edge?".
 * Ported formula for formula, in the same order, so the numbers agree with Scratch's to the last
 * bit. Pure; used by the interpreter.
 *
 * - The renderer places the sprite at its position rounded to whole pixels and turns the costume
 *   by (270 − direction) degrees about its centre.
 * - The fence uses the axis-aligned box around the turned costume *rectangle* (getAABB): for our
 *   40 × 40 costume that box is 40 wide facing right, but 56.6 wide at 45°. At least
 *   inset = min(15, ⌊min(width, height) / 2⌋) pixels of that box stay on the stage; a position
 *   beyond is pulled back to a whole pixel (getFencedPositionOfDrawable).
 * - "touching edge?" uses the tight box around the drawn pixels (getBounds: the silhouette's
 *   convex hull, turned): true when it crosses any edge of the 480 × 360 stage.
 */
import { COSTUME_CENTRE, COSTUME_SILHOUETTE, COSTUME_SIZE } from "./assets.ts";

const STAGE_RIGHT = 240;
const STAGE_TOP = 180;
/** scratch-render's FENCE_WIDTH: at most this many pixels of a sprite must stay on the stage. */
const FENCE_WIDTH = 15;

export type Placement = { x: number; y: number; direction: number };
export type Bounds = { left: number; right: number; top: number; bottom: number };

/** Drawable._calculateTransform for a 100% costume: the 2×2 rotation-and-scale part and the position. */
function modelMatrix({ x, y, direction }: Placement) {
  const rotation = ((270 - direction) * Math.PI) / 180;
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  const scale = COSTUME_SIZE;
  // rotationAdjusted is (centre − size / 2) = 0 for our centred costume.
  const adjusted0 = (COSTUME_CENTRE.x - COSTUME_SIZE / 2) * 1;
  const adjusted1 = (COSTUME_CENTRE.y - COSTUME_SIZE / 2) * 1 * -1;
  const position0 = Math.round(x);
  const position1 = Math.round(y);
  return {
    m0: scale * c,
    m1: scale * s,
    m4: scale * -s,
    m5: scale * c,
    m12: c * adjusted0 + -s * adjusted1 + position0,
    m13: s * adjusted0 + c * adjusted1 + position1,
  };
}

/** Drawable.getAABB (Rectangle.initFromModelMatrix): the box around the turned costume rectangle. */
export function costumeBox(placement: Placement): Bounds {
  const m = modelMatrix(placement);
  const x = Math.abs(0.5 * m.m0) + Math.abs(0.5 * m.m4);
  const y = Math.abs(0.5 * m.m1) + Math.abs(0.5 * m.m5);
  return { left: -x + m.m12, right: x + m.m12, top: y + m.m13, bottom: -y + m.m13 };
}

/** Drawable.getBounds: the box around the turned silhouette (its hull points, at pixel centres). */
export function spriteBounds(placement: Placement): Bounds {
  const m = modelMatrix(placement);
  const halfXPixel = 1 / COSTUME_SIZE / 2;
  const halfYPixel = 1 / COSTUME_SIZE / 2;
  const bounds = { left: Infinity, right: -Infinity, top: -Infinity, bottom: Infinity };
  for (const [px, py] of COSTUME_SILHOUETTE) {
    const u = 0.5 + -px / COSTUME_SIZE - halfXPixel;
    const v = py / COSTUME_SIZE - 0.5 + halfYPixel;
    const wx = m.m0 * u + m.m4 * v + m.m12;
    const wy = m.m1 * u + m.m5 * v + m.m13;
    bounds.left = Math.min(bounds.left, wx);
    bounds.right = Math.max(bounds.right, wx);
    bounds.top = Math.max(bounds.top, wy);
    bounds.bottom = Math.min(bounds.bottom, wy);
  }
  return bounds;
}

/**
 * RenderWebGL.getFencedPositionOfDrawable: where a sprite now at `current` ends up when it is sent
 * to (x, y). Inside the fence the position is kept exactly; beyond it, it is pulled back.
 */
export function fencedPosition(current: Placement, x: number, y: number): { x: number; y: number } {
  const position0 = Math.round(current.x);
  const position1 = Math.round(current.y);
  const dx = x - position0;
  const dy = y - position1;
  const aabb = costumeBox(current);
  const width = Math.abs(aabb.left - aabb.right);
  const height = Math.abs(aabb.top - aabb.bottom);
  const inset = Math.floor(Math.min(width, height) / 2);
  const sx = STAGE_RIGHT - Math.min(FENCE_WIDTH, inset);
  if (aabb.right + dx < -sx) x = Math.ceil(position0 - (sx + aabb.right));
  else if (aabb.left + dx > sx) x = Math.floor(position0 + (sx - aabb.left));
  const sy = STAGE_TOP - Math.min(FENCE_WIDTH, inset);
  if (aabb.top + dy < -sy) y = Math.ceil(position1 - (sy + aabb.top));
  else if (aabb.bottom + dy > sy) y = Math.floor(position1 + (sy - aabb.bottom));
  return { x, y };
}

/** RenderedTarget.isTouchingEdge: the drawn pixels' box crosses an edge of the stage. */
export function touchesEdge(placement: Placement): boolean {
  const b = spriteBounds(placement);
  return b.left < -STAGE_RIGHT || b.right > STAGE_RIGHT || b.top > STAGE_TOP || b.bottom < -STAGE_TOP;
}
