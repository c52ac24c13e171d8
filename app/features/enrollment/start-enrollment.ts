import type { EnrollmentGranted } from '../../../protocol/index.ts';
import type { PlatformAdapter } from '../../../platform-adapters/contract/index.ts';
import { APP_VERSION } from '../../core/app-version.ts';
import type { Logger } from '../../../client/log.ts';
import type { TvRoot } from '../../shell/tv-root.ts';
import { EnrollmentApi } from './enrollment-api.ts';
import { EnrollmentScreen } from './enrollment-screen.ts';
import { EnrollmentService } from './enrollment-service.ts';

export interface Enrollment {
  service: EnrollmentService;
  stop(): void;
}

/**
 * Puts the enrollment screen up and starts enrolling; `onEnrolled` gets the device token once. The TV app loads this
 * module on demand: an enrolled TV never needs it, nor the QR code library.
 */
export function startEnrollment(deps: {
  root: TvRoot;
  adapter: PlatformAdapter;
  apiUrl: string;
  log: Logger;
  onEnrolled: (granted: EnrollmentGranted) => void;
}): Enrollment {
  const { adapter } = deps;
  const service = new EnrollmentService({
    api: new EnrollmentApi(deps.apiUrl),
    describe: async () => {
      const info = await adapter.getDeviceInfo();
      return {
        kind: 'stb',
        platform: info.platformName.slice(0, 32) || 'TV',
        model: info.model.slice(0, 64),
        appVersion: APP_VERSION,
      };
    },
    identity: () => adapter.getPlatformIdentity(),
    log: deps.log,
  });
  const screen = deps.root.showEnrollment(EnrollmentScreen);
  screen.bindService(service);
  const subscription = service.state$.subscribe((state) => {
    if (state.step === 'enrolled') deps.onEnrolled(state.granted);
  });
  service.start();
  return {
    service,
    stop() {
      subscription.unsubscribe();
      service.stop();
    },
  };
}
