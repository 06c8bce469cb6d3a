/**
 * The bundled models' file texts by file name ({ 'fitzhugh-nagumo.yaml': '...' }), for the browser
 * build. The module itself is generated from models/ by scripts/bundled-models.mjs (at build time,
 * or by its esbuild plugin when bundling src/): it is not in the repository, so models/ stays the one copy.
 */
export declare const BUNDLED_MODEL_TEXTS: Readonly<Record<string, string>>;
