import { CanvasserDirectory, ROLES, type Role, weakCodeReason } from '@server/auth/canvasser-directory';
import { loadEnv } from '@server/env';

// `npm run canvassers -- add "Name" [--code CODE] [--role ROLE] | list | role ID ROLE | remove ID`,
// on the file the server reads.

const USAGE = `Usage:
  npm run canvassers -- add "Name" [--code CODE] [--role canvasser|organiser]
                                                   adds a canvasser and prints the access code
  npm run canvassers -- list                       lists canvassers (id, role, name)
  npm run canvassers -- role ID canvasser|organiser
                                                   changes a canvasser's role
  npm run canvassers -- remove ID                  removes a canvasser; their session stops working`;

function parseRole(value: string | undefined): Role {
  if (!(ROLES as readonly (string | undefined)[]).includes(value)) throw new Error(`a role is ${ROLES.join(' or ')}`);
  return value as Role;
}

/** Takes `--flag VALUE` out of `args`; undefined when absent. */
function takeOption(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  args.splice(at, 2);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const env = loadEnv();
  const dir = new CanvasserDirectory(env.canvassersFile);
  switch (command) {
    case 'add': {
      const args = [...rest];
      const code = takeOption(args, '--code');
      const roleValue = takeOption(args, '--role');
      const role = roleValue === undefined ? 'canvasser' : parseRole(roleValue);
      const name = args.join(' ');
      const weak = code === undefined ? undefined : weakCodeReason(code);
      if (weak) throw new Error(weak);
      if (!name.trim()) throw new Error('add needs a name: npm run canvassers -- add "Name"');
      const added = await dir.add(name, code, role);
      console.log(`Added ${added.canvasser.name} (${added.canvasser.id}) to ${dir.file} as ${added.canvasser.role}`);
      console.log(`Access code: ${added.code}`);
      console.log('Give it to the canvasser now: only its hash is kept.');
      return 0;
    }
    case 'list': {
      const all = dir.list();
      if (!all.length) console.log(`No canvassers in ${dir.file}`);
      for (const c of all) console.log(`${c.id}\t${c.role}\t${c.name}`);
      return 0;
    }
    case 'role': {
      const [id, value] = rest;
      if (!id || !value) throw new Error('role needs an id and a role: npm run canvassers -- role ID organiser');
      const changed = dir.setRole(id, parseRole(value));
      if (!changed) {
        console.error(`No canvasser with id ${id} in ${dir.file}`);
        return 1;
      }
      console.log(`${changed.name} (${changed.id}) is now ${changed.role}`);
      return 0;
    }
    case 'remove': {
      const id = rest[0];
      if (!id) throw new Error('remove needs an id (see `list`)');
      const removed = dir.remove(id);
      if (!removed) {
        console.error(`No canvasser with id ${id} in ${dir.file}`);
        return 1;
      }
      console.log(`Removed ${removed.name} (${removed.id})`);
      return 0;
    }
    default:
      console.error(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`canvassers: ${err.message}`);
    process.exit(1);
  },
);
