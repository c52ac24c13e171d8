import { Hono } from 'hono';
import { SecondAccount } from '../../protocol/index.ts';
import { bearerToken } from '../http/device-auth.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { AccountLinks } from './account-links.ts';

/**
 * `/api/joint-accounts/:id/accounts`: link one more account to a joint account (`POST`, the body of the setup's
 * step 3), see whether another holder answered (`GET …/link`), unlink one (`DELETE …/:linkId`). A joint-account
 * session as `Authorization: Bearer …`.
 */
export function accountLinkRoutes(links: AccountLinks): Hono {
  const app = new Hono({ strict: false });
  app.post('/:id/accounts', limitBody(2048), async (c) => {
    const body = await readJson(c, SecondAccount);
    if (!body.ok) return body.response;
    const linking = await links.link(
      bearerToken(c.req.header('authorization')),
      c.req.param('id'),
      body.value,
    );
    return c.json(linking, linking.status === 'linked' ? 201 : 202);
  });
  app.get('/:id/accounts/link', async (c) =>
    c.json(await links.linkState(bearerToken(c.req.header('authorization')), c.req.param('id'))),
  );
  app.delete('/:id/accounts/:linkId', async (c) =>
    c.json(
      await links.unlink(
        bearerToken(c.req.header('authorization')),
        c.req.param('id'),
        c.req.param('linkId'),
      ),
    ),
  );
  return app;
}
