import { randomInt } from 'node:crypto';
import type { DirectoryKind } from '../protocol/index.ts';
import type {
  AccountDirectorySimulator,
  NewDirectoryAccount,
} from './account-directory/account-directory-simulator.ts';
import type { CarrierLine } from './stack.ts';
import type { VoicemailServerSimulator } from './voicemail-server/voicemail-server.ts';

/**
 * The carriers' customers in the demo (the system's own example, DESIGN.md): XYZ Wireless serves Mary's, Simon's,
 * Ana's and Luis's lines, each on an account of its own; FXT Digital TV has Mary's account with the living-room and
 * bedroom boxes, and Ana's with a den box. Our backend's demo household (server/seed.ts) is made of these devices
 * and accounts; server/seed.test.ts keeps the two sides in step.
 */
export const DEMO_LINES: readonly CarrierLine[] = [
  { number: '5055551212', ownerName: 'Mary' },
  { number: '5055551414', ownerName: 'Simon' },
  { number: '5055551616', ownerName: 'Ana' },
  { number: '5055551818', ownerName: 'Luis' },
];

export const DEMO_DIRECTORY_ACCOUNTS: Record<DirectoryKind, Omit<NewDirectoryAccount, 'password'>[]> = {
  wireless: [
    {
      id: 'wacct-mary',
      username: 'mary',
      holderName: 'Mary',
      devices: [phone('mary', 'Mary', '5055551212')],
    },
    {
      id: 'wacct-simon',
      username: 'simon',
      holderName: 'Simon',
      devices: [phone('simon', 'Simon', '5055551414')],
    },
    { id: 'wacct-ana', username: 'ana', holderName: 'Ana', devices: [phone('ana', 'Ana', '5055551616')] },
    {
      id: 'wacct-luis',
      username: 'luis',
      holderName: 'Luis',
      devices: [phone('luis', 'Luis', '5055551818')],
    },
  ],
  cable: [
    {
      id: 'cacct-mary',
      username: 'mary.fxt',
      holderName: 'Mary',
      devices: [
        box('stb-living-room', 'Living-room TV', 'Living room'),
        box('stb-bedroom', 'Bedroom TV', 'Bedroom'),
      ],
    },
    { id: 'cacct-ana', username: 'ana.fxt', holderName: 'Ana', devices: [box('stb-den', 'Den TV', 'Den')] },
  ],
};

export interface SeededLogin {
  carrier: string;
  username: string;
  password: string;
}

/**
 * Puts the demo accounts in the directories that lack them. No account has a default password: each new one
 * gets `choosePassword()` (random in `npm start`, printed once; known ones in tests). Returns the new logins.
 */
export async function addDemoAccounts(
  directories: Record<DirectoryKind, AccountDirectorySimulator>,
  choosePassword: (username: string) => string = randomPassword,
): Promise<SeededLogin[]> {
  // In parallel: each password hash is scrypt's deliberate ~50 ms, on the thread pool.
  const outcomes = await Promise.all(
    (['wireless', 'cable'] as const).flatMap((kind) =>
      DEMO_DIRECTORY_ACCOUNTS[kind].map(async (account) => {
        const directory = directories[kind];
        const password = choosePassword(account.username);
        const added = await directory.addAccount({ ...account, password });
        return added ? { carrier: directory.carrierName, username: account.username, password } : null;
      }),
    ),
  );
  return outcomes.filter((o) => o !== null);
}

export interface FirstPin extends CarrierLine {
  pin: string;
}

/**
 * No mailbox has a default PIN. On the very first start each demo mailbox gets a random acceptable one, to be
 * printed once (the carrier keeps only its hash); `npm run pin` changes it. Mailboxes with a PIN keep it.
 */
export async function chooseFirstPins(voicemailServer: VoicemailServerSimulator): Promise<FirstPin[]> {
  const chosen: FirstPin[] = [];
  for (const line of DEMO_LINES) {
    if (voicemailServer.mailboxes.getMailbox(line.number)?.pinHash) continue;
    for (;;) {
      const pin = String(randomInt(0, 10_000)).padStart(4, '0');
      const outcome = await voicemailServer.pins.setPin(line.number, pin, undefined);
      if (outcome.ok) {
        chosen.push({ ...line, pin });
        break;
      }
    }
  }
  return chosen;
}

/** "k7m3-q9xz-4hwp": 60 random bits, easy to read off a terminal and type. */
function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

function phone(id: string, ownerName: string, phoneNumber: string) {
  return {
    id: `phone-${id}`,
    kind: 'phone' as const,
    name: `${ownerName}'s phone`,
    ownerName,
    phoneNumber,
    room: null,
  };
}

function box(id: string, name: string, room: string) {
  return { id, kind: 'stb' as const, name, room, phoneNumber: null, ownerName: 'Household' };
}
