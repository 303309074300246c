import { loadCampaign } from '@server/app/load-campaign';
import { startServer } from '@server/app/create-server';
import { loadEnv } from './env';
import { maskRedisUrl } from '@server/stores/open-redis';

// `npm start` / `npm run serve`: read the configuration, fail loudly on a bad value, serve.

async function main(): Promise<void> {
  let env, campaign;
  try {
    env = loadEnv();
    campaign = loadCampaign(env.campaignFile);
  } catch (err) {
    console.error(`doorstep: ${(err as Error).message}`);
    process.exit(1);
  }
  const server = await startServer({ env, campaign });
  console.log(`Doorstep is serving ${campaign.name} on ${server.url} in ${env.mode} mode`);
  if (env.redisUrl) console.log(`Idempotency keys, rate limits and sign-outs are shared through Redis at ${maskRedisUrl(env.redisUrl)}`);
  if (env.mode === 'sandbox') {
    console.log('Contacts go to the built-in sandbox (no Qomon API key set); see them at /sandbox/contacts');
    console.log(`Demo access code: ${env.demoAccessCode}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`doorstep: shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  console.error(`doorstep: ${err.message}`);
  process.exit(1);
});
