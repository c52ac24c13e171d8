import type {
  ConsentState,
  DirectoryDevice,
  LinkedAccount,
  OfferedDevice,
  ProvisioningState,
  ProvisioningStep,
} from '../../protocol/index.ts';
import type { LinkedCarrierAccount } from '../accounts/joint-account-repository.ts';
import type { Device } from '../identity/device-repository.ts';

/** What the setup page is shown of a setup and a joint account: the state of the steps, accounts, devices, log lines. */

/** A setup in progress: the accounts confirmed so far and the devices they bring. */
export interface SetupState {
  step: ProvisioningStep;
  accounts: { linked: LinkedCarrierAccount; devices: DirectoryDevice[] }[];
  /** Another holder's consent, while it is asked for and after a refusal. */
  consent?: { id: string; line: string; holderName: string; state: ConsentState };
}

export const PROMPTS: Record<ProvisioningStep, string> = {
  'ask-joint-account': 'Logged in. Create a joint account to send content between your accounts.',
  'second-account':
    'Give a second account: its user name and password, or the phone number of another person’s line.',
  'awaiting-consent': 'Waiting for the line’s holder to approve on their phone.',
  configure: 'Choose which phones’ content goes to which TVs, and when.',
  done: 'The joint account is set up.',
};

export function view(setup: SetupState): ProvisioningState {
  return {
    step: setup.step,
    accounts: setup.accounts.map((a) => linkedView(a.linked)),
    ...(setup.consent
      ? {
          consent: {
            holderName: setup.consent.holderName,
            line: setup.consent.line,
            state: setup.consent.state,
          },
        }
      : {}),
    prompt:
      setup.step === 'second-account' && setup.consent && setup.consent.state !== 'pending'
        ? `${setup.consent.holderName} ${setup.consent.state === 'refused' ? 'refused' : 'did not answer'}: nothing was linked. ${PROMPTS['second-account']}`
        : PROMPTS[setup.step],
  };
}

export function linkedView(a: LinkedCarrierAccount): LinkedAccount {
  return { id: linkId(a), directory: a.directory, holderName: a.holderName, via: a.via };
}

/** How the page names a link to unlink it: "wireless:wacct-luis". */
export function linkId(a: Pick<LinkedCarrierAccount, 'directory' | 'accountId'>): string {
  return `${a.directory}:${a.accountId}`;
}

export function offered(d: DirectoryDevice | Device): OfferedDevice {
  return {
    id: d.id,
    kind: d.kind,
    name: d.name,
    phoneNumber: d.phoneNumber,
    room: d.room,
    ownerName: d.ownerName,
  };
}
