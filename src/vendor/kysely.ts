// Kysely's values as retort uses them at run time. The build replaces the compiled copy of
// this file with Kysely bundled into one module (scripts/bundle-vendor.mjs): Kysely ships
// about 280 ES modules, and loading them costs every command some 70 ms, as long as a
// whole small upgrade. Types still come from the `kysely` package, and Kysely instances
// from the app are recognised by shape, so the two copies work together.
export * from 'kysely';
