import type { PolicyConfig, RoutingRegistration } from '../../protocol/index.ts';

/**
 * A part of the backend that routes content by the household's rules: provisioning registers every new or
 * changed configuration with each, and each confirms what it now routes. Stopping a relationship is a changed
 * configuration, so it is removed everywhere it was registered.
 */
export interface ContentRouter {
  register(householdId: string, config: PolicyConfig): Promise<RoutingRegistration>;
}
