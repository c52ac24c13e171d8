// The phone page's entry. Under `npm run dev:mock` msw answers the backend first, so it runs with no backend.
// No top-level await: old engines lack it.
async function main(): Promise<void> {
  if (import.meta.env.MODE === 'mock') {
    const { startMockWorker } = await import('../../mocks/browser.ts');
    await startMockWorker();
  }
  await import('./phone-app.ts');
}

void main();
