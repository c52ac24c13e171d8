// The emulator page's entry. Under `npm run dev:mock` msw answers the backend's REST routes first, so the
// emulator runs with no backend at all. No top-level await: old engines lack it.
async function main(): Promise<void> {
  if (import.meta.env.MODE === 'mock') {
    const { startMockWorker } = await import('../../mocks/browser.ts');
    await startMockWorker();
  }
  await import('./tv-emulator.ts');
}

void main();
