import { readFileSync } from 'node:fs';
import { rescueFileSchema } from '@shared/rescue-file-schema';
import { loadEnv } from '@server/env';

// `npm run replay -- FILE [--server URL] [--code CODE]`: sends every contact of a rescue file
// exported by the app through a running server's POST /api/contacts, under the Idempotency-Key it
// was queued with. The same validation, campaign check and idempotency apply as for the app, so a
// contact the server already forwarded is answered from its record and never sent twice.

const USAGE = `Usage: npm run replay -- FILE [--server URL] [--code ACCESS_CODE]
  FILE      a rescue file exported by the app ("Export unsent")
  --server  the running Doorstep server (default http://127.0.0.1:$PORT)
  --code    a canvasser's access code (default in sandbox mode: the demo code)`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

interface Outcome {
  key: string;
  status: number;
  replayed: boolean;
  detail: string;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const serverOpt = option(args, '--server');
  const codeOpt = option(args, '--code');
  const file = args[0];
  if (!file || args.length > 1) {
    console.error(USAGE);
    return 2;
  }

  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = rescueFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file} is not a Doorstep rescue file (${first?.path.join('.') || 'root'}: ${first?.message})`);
  }

  const env = loadEnv();
  const server = (serverOpt ?? `http://127.0.0.1:${env.port}`).replace(/\/+$/, '');
  const code = codeOpt ?? env.demoAccessCode;
  if (!code) throw new Error('--code is required: the access code of the canvasser on whose behalf to replay');

  const signIn = await fetch(`${server}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessCode: code }),
  }).catch((err: Error) => {
    throw new Error(`cannot reach ${server}: ${err.message}`);
  });
  if (!signIn.ok) throw new Error(`sign-in refused by ${server} (${signIn.status}): check --code`);
  // Every cookie the sign-in set (the session's, and the device's), whatever their names.
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

  const outcomes: Outcome[] = [];
  for (const item of parsed.data.outbox) {
    // A busy or rate-limited server is waited for, a few times, as the app would.
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${server}/api/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': item.key, cookie },
        body: JSON.stringify(item.body),
      }).catch(() => undefined);
      const retryable = !res || [409, 429, 502, 503, 504].includes(res.status);
      if (retryable && attempt < 5) {
        const wait = Number(res?.headers.get('retry-after') ?? 1);
        await new Promise((r) => setTimeout(r, Math.min(30, Math.max(1, wait)) * 1000));
        continue;
      }
      const problem =
        res && res.status !== 202
          ? ((await res.json().catch(() => ({}))) as { title?: string; errors?: { location: string; message: string }[] })
          : undefined;
      const detail = !res
        ? 'no answer'
        : problem
          ? [problem.title, ...(problem.errors ?? []).map((e) => `${e.location}: ${e.message}`)].filter(Boolean).join('; ')
          : 'accepted';
      outcomes.push({ key: item.key, status: res?.status ?? 0, replayed: res?.headers.get('idempotent-replayed') === 'true', detail });
      break;
    }
  }

  const sent = outcomes.filter((o) => o.status === 202 && !o.replayed).length;
  const already = outcomes.filter((o) => o.status === 202 && o.replayed).length;
  const failed = outcomes.filter((o) => o.status !== 202);
  for (const o of failed) console.error(`${o.key}\t${o.status || '-'}\t${o.detail}`);
  console.log(`${parsed.data.outbox.length} contacts in ${file}: ${sent} sent, ${already} already sent before, ${failed.length} not sent`);
  const drafts = parsed.data.drafts;
  if (drafts.length) {
    console.log(
      `${drafts.length} drafts in the file were not sent: they are unfinished, and the file keeps what was typed ("values") for whoever finishes them.`,
    );
    // A fix goes in the place of the contact it fixes, under that contact's key, unless that
    // contact went through just now: then the key is taken, and the fix is a new contact.
    const delivered = new Set(outcomes.filter((o) => o.status === 202).map((o) => o.key));
    for (const draft of drafts) {
      if (!draft.fixing) continue;
      console.log(
        delivered.has(draft.fixing)
          ? `draft ${draft.id} fixes contact ${draft.fixing}, which was accepted now: finished, send it as a new contact (a new key).`
          : `draft ${draft.id} fixes contact ${draft.fixing}, which was not sent: finished, send it under that contact's key, in its place.`,
      );
    }
  }
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`replay: ${err.message}`);
    process.exit(1);
  },
);
