/**
 * Where Blockly's media (sprites.svg, cursors, dropdown arrow…) is served on our own origin: its
 * default is a CDN, which schools block. server/blockly-media-plugin.ts copies the files there in
 * `npm run dev` and `npm run build`, and fails the build if this version is not the one installed,
 * so a Blockly upgrade never serves stale files under the old path.
 */
export const BLOCKLY_VERSION = "13.3.0";
export const BLOCKLY_MEDIA_PATH = `/blockly-media/${BLOCKLY_VERSION}/`;
