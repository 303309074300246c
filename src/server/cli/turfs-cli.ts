import { CanvasserDirectory, type Canvasser } from '@server/auth/canvasser-directory';
import { DEMO_CANVASSER } from '@server/auth/session-guard';
import { loadEnv, type Env } from '@server/env';
import { openTurfStore } from '@server/stores/open-turf-store';
import type { TurfRecord, TurfStore } from '@server/stores/turf-store';
import { parseTurfImportArgs, runTurfImport, TURF_IMPORT_USAGE } from '@server/turfs/run-turf-import';
import type { TurfProgress } from '@shared/turf-schema';

// `npm run turfs -- import … | list | show TURF | assign TURF CANVASSER_ID | unassign TURF
// CANVASSER_ID | remove TURF`, on the store the server uses (same environment): a running server
// sees the change at its next request, without a restart.

const USAGE = `Usage:
  npm run turfs -- ${TURF_IMPORT_USAGE}
                                                   imports a BAN adresses-XX.csv or a CSV with Qomon's address headers
  npm run turfs -- list                            lists turfs (id, name, doors, progress, canvassers)
  npm run turfs -- show TURF                       one turf: progress, canvassers, its doors in walking order
  npm run turfs -- assign TURF CANVASSER_ID        gives the turf to a canvasser (see npm run canvassers -- list)
  npm run turfs -- unassign TURF CANVASSER_ID      takes it back (the visits stay)
  npm run turfs -- remove TURF                     removes the turf, its assignments and its visits
TURF is a turf's id, or its name when no other turf has it.`;

/** A refusal the organiser can act on: printed as is, exit code 1. */
class Refusal extends Error {}

function percent(p: TurfProgress): string {
  return p.doors ? `${Math.round((100 * p.visited) / p.doors)}%` : '—';
}

function progressLine(p: TurfProgress): string {
  const { absent, done, refused, todo } = p.byState;
  return `${p.visited}/${p.doors} visited (${percent(p)}): ${done} done, ${absent} absent, ${refused} refused, ${todo} to do`;
}

async function findTurf(store: TurfStore, ref: string | undefined, command: string): Promise<TurfRecord> {
  if (!ref) throw new Refusal(`${command} needs a turf (its id or its name, see \`npm run turfs -- list\`)`);
  const byId = await store.findTurf(ref);
  if (byId) return byId;
  const named = (await store.listTurfs()).filter((t) => t.name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new Refusal(`${named.length} turfs are named "${ref}": use an id (${named.map((t) => t.id).join(', ')})`);
  throw new Refusal(`No turf "${ref}" (see \`npm run turfs -- list\`)`);
}

function canvasserNamer(env: Env) {
  const dir = new CanvasserDirectory(env.canvassersFile);
  const find = (id: string): Canvasser | undefined => (env.mode === 'sandbox' && id === DEMO_CANVASSER.id ? DEMO_CANVASSER : dir.get(id));
  return {
    dir,
    find,
    label: (id: string) => {
      const c = find(id);
      return c ? `${c.name} (${id})` : `${id} (no longer in the canvassers file)`;
    },
  };
}

const COMMANDS = ['import', 'list', 'show', 'assign', 'unassign', 'remove'] as const;
type Command = (typeof COMMANDS)[number];

async function run(command: Command, rest: string[], env: Env, store: TurfStore): Promise<number> {
  const canvassers = canvasserNamer(env);
  switch (command) {
    case 'import': {
      const made = await runTurfImport(parseTurfImportArgs(rest), store, (line) => console.log(line));
      for (const t of made) console.log(`Imported ${t.id}\t${t.name}\t${t.progress.doors} doors`);
      console.log('Give a turf to a canvasser with: npm run turfs -- assign TURF CANVASSER_ID');
      return 0;
    }
    case 'list': {
      const all = await store.listTurfs();
      if (!all.length) {
        console.log(`No turfs yet: npm run turfs -- ${TURF_IMPORT_USAGE}`);
        return 0;
      }
      console.log(['id', 'name', 'doors', 'progress', 'canvassers'].join('\t'));
      for (const t of all) {
        const who = t.canvassers.length ? t.canvassers.map(canvassers.label).join(', ') : '—';
        console.log([t.id, t.name, t.progress.doors, `${t.progress.visited} visited (${percent(t.progress)})`, who].join('\t'));
      }
      return 0;
    }
    case 'show': {
      const t = await findTurf(store, rest[0], 'show');
      const turf = await store.loadTurf(t.id);
      if (!turf) throw new Refusal(`No turf "${rest[0]}" (removed meanwhile)`);
      const visits = await store.visitsOf(t.id);
      console.log(`${t.id}\t${t.name}`);
      console.log(`created\t${t.createdAt}`);
      console.log(`progress\t${progressLine(t.progress)}`);
      console.log(
        `canvassers\t${t.canvassers.length ? t.canvassers.map(canvassers.label).join(', ') : '— (assign with: npm run turfs -- assign TURF CANVASSER_ID)'}`,
      );
      console.log(`visits\t${visits.length}${visits.length ? `, last received ${visits.at(-1)!.receivedAt}` : ''}`);
      console.log('doors, in walking order:');
      for (const door of turf.doors) {
        const a = door.address;
        const number = [a.housenumber, a.addition].filter(Boolean).join(' ');
        const where = [[number, a.street].filter(Boolean).join(' '), a.building, a.floor && `floor ${a.floor}`, a.door && `door ${a.door}`]
          .filter(Boolean)
          .join(', ');
        const v = turf.visits[door.id];
        const state = v ? `${v.state}\t${v.outcome} at ${v.at}${v.visits > 1 ? ` (${v.visits} visits)` : ''}` : 'todo';
        console.log(`  ${door.id}\t${where}\t${state}`);
      }
      return 0;
    }
    case 'assign':
    case 'unassign': {
      const t = await findTurf(store, rest[0], command);
      const id = rest[1];
      if (!id) throw new Refusal(`${command} needs a canvasser id (see \`npm run canvassers -- list\`)`);
      if (command === 'assign') {
        const canvasser = canvassers.find(id);
        if (!canvasser) throw new Refusal(`No canvasser with id ${id} in ${canvassers.dir.file} (see \`npm run canvassers -- list\`)`);
        if (!(await store.assign(t.id, id))) throw new Refusal(`No turf "${rest[0]}" (removed meanwhile)`);
        console.log(`Assigned ${t.name} (${t.id}, ${t.progress.doors} doors) to ${canvasser.name} (${id})`);
        return 0;
      }
      if (!t.canvassers.includes(id)) throw new Refusal(`${t.name} (${t.id}) is not assigned to ${id}`);
      await store.unassign(t.id, id);
      console.log(`Unassigned ${t.name} (${t.id}) from ${canvassers.label(id)}; its visits stay`);
      return 0;
    }
    case 'remove': {
      const t = await findTurf(store, rest[0], 'remove');
      const visits = (await store.visitsOf(t.id)).length;
      await store.removeTurf(t.id);
      console.log(`Removed ${t.name} (${t.id}): ${t.progress.doors} doors, ${visits} visits`);
      return 0;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!(COMMANDS as readonly (string | undefined)[]).includes(command)) {
    console.error(USAGE);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
  const env = loadEnv();
  const store = await openTurfStore(env);
  try {
    return await run(command as Command, rest, env, store);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    console.error(`turfs: ${err.message}`);
    return 1;
  } finally {
    await store.close();
  }
}

// `show` prints a line per door: into a pipe, stdout is written asynchronously, and exiting at once
// would cut it short. Exits once what was written is flushed.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(exit, (err: Error) => {
  console.error(`turfs: ${err.message}`);
  exit(1);
});
