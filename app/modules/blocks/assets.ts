/**
 * The sprite's costume and the stage's backdrop: small original SVGs, used by the stage in the
 * browser and packed into the .sb3 for Scratch. Scratch names each asset by the MD5 of its bytes;
 * browsers have no MD5, so the hashes are written here and a unit test proves they match.
 *
 * The costume ("Pip") is a 40×40 circle facing right (direction 90), so its size on the stage
 * does not change as it turns; the interpreter's fence and edge test assume exactly this.
 */
export const COSTUME_NAME = "Pip";
export const COSTUME_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">' +
  '<circle cx="20" cy="20" r="17" fill="#1d6fd1" stroke="#0b3466" stroke-width="2"/>' +
  '<path d="M33 14 39 20 33 26Z" fill="#0b3466"/>' +
  '<circle cx="26" cy="13.5" r="4.5" fill="#fff"/><circle cx="27.5" cy="13.5" r="2" fill="#111"/>' +
  '<circle cx="26" cy="26.5" r="4.5" fill="#fff"/><circle cx="27.5" cy="26.5" r="2" fill="#111"/>' +
  '<path d="M8 14q-3 6 0 12" fill="none" stroke="#9cc7f5" stroke-width="2" stroke-linecap="round"/>' +
  "</svg>";
export const COSTUME_MD5 = "64a51c06ab2e9f06924994adbd4e1ce7";
/** The costume's centre, which Scratch rotates it around. */
export const COSTUME_CENTRE = { x: 20, y: 20 };

export const BACKDROP_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360"><rect width="480" height="360" fill="#fff"/></svg>';
export const BACKDROP_MD5 = "44aaca65f798b5d62838b1e4dad4dc57";

/** The costume's bitmap size in Scratch: the SVG's viewBox (40 × 40), drawn at 100%. */
export const COSTUME_SIZE = 40;

/**
 * The costume's silhouette as Scratch's renderer sees it: for each row of the 40×40 bitmap, the
 * leftmost and rightmost pixel that is drawn (as `[column, row]`, row 0 at the top). scratch-render
 * builds a sprite's "touching edge?" bounds from these points (the convex hull of the drawn
 * pixels, turned with the sprite). Here a pixel is drawn when its centre lies inside the body
 * (a circle of radius 18 with its outline) or the nose; a browser's anti-aliasing can add a pixel
 * at the rim, which no exercise depends on.
 */
export const COSTUME_SILHOUETTE: [number, number][] = (() => {
  const inNose = (x: number, y: number) => x >= 33 && x <= 39 && Math.abs(y - 20) <= 39 - x;
  const drawn = (x: number, y: number) => Math.hypot(x - 20, y - 20) <= 18 || inNose(x, y);
  const points: [number, number][] = [];
  for (let row = 0; row < COSTUME_SIZE; row++) {
    const columns = Array.from({ length: COSTUME_SIZE }, (_, column) => column).filter((column) => drawn(column + 0.5, row + 0.5));
    if (columns.length > 0) points.push([columns[0]!, row], [columns.at(-1)!, row]);
  }
  return points;
})();
