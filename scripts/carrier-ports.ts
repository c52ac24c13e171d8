import type { CarrierName } from '../carriers/stack.ts';
import { parsePort } from '../server/config.ts';

/**
 * The ports `npm start` gives the simulated carriers, from the environment (0: any free port), 8081–8085 by
 * default; our backend's own port (8080) is read with the rest of its configuration, by server/config.ts.
 */
export function carrierPorts(env: NodeJS.ProcessEnv = process.env): Record<CarrierName, number> {
  return {
    voicemailServer: parsePort(env.COUCHLINE_SIMULATOR_PORT, 8081),
    wirelessDirectory: parsePort(env.COUCHLINE_WIRELESS_DIRECTORY_PORT, 8082),
    cableDirectory: parsePort(env.COUCHLINE_CABLE_DIRECTORY_PORT, 8083),
    epg: parsePort(env.COUCHLINE_EPG_PORT, 8084),
    smsNetwork: parsePort(env.COUCHLINE_SMS_NETWORK_PORT, 8085),
  };
}
