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
