/**
 * The TV app's version, as the devices page shows it ("Couchline 0.1.0"). Kept equal to package.json's version by
 * app-version.test.ts: the app does not bundle package.json for one field.
 */
export const APP_VERSION = '0.1.0';
