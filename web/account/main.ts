// The joint-account setup page's entry. It always talks to a real backend: provisioning has no mock.
// No top-level await: old engines lack it.
import './account-app.ts';
