// The app assembly's face for the shells: open everything from a config, close it again.
export { openApp, type IncidentRelayApp, type OpenAppOptions } from './open-app.js';
