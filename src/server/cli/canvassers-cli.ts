import { CanvasserDirectory, weakCodeReason } from '@server/auth/canvasser-directory';
import { loadEnv } from '@server/env';

// `npm run canvassers -- add "Name" [--code CODE] | list | remove ID`, on the file the server reads.

const USAGE = `Usage:
  npm run canvassers -- add "Name" [--code CODE]   adds a canvasser and prints the access code
  npm run canvassers -- list                       lists canvassers (id, name)
  npm run canvassers -- remove ID                  removes a canvasser; their session stops working`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const env = loadEnv();
  const dir = new CanvasserDirectory(env.canvassersFile);
  switch (command) {
    case 'add': {
      const codeAt = rest.indexOf('--code');
      const code = codeAt >= 0 ? rest[codeAt + 1] : undefined;
      if (codeAt >= 0 && !code) throw new Error('--code needs a value');
      const weak = code === undefined ? undefined : weakCodeReason(code);
      if (weak) throw new Error(weak);
      // Without --code, codeAt is -1: dropping index codeAt + 1 would drop the name's first word.
      const name = rest.filter((_, i) => codeAt < 0 || (i !== codeAt && i !== codeAt + 1)).join(' ');
      if (!name.trim()) throw new Error('add needs a name: npm run canvassers -- add "Name"');
      const added = await dir.add(name, code);
      console.log(`Added ${added.canvasser.name} (${added.canvasser.id}) to ${dir.file}`);
      console.log(`Access code: ${added.code}`);
      console.log('Give it to the canvasser now: only its hash is kept.');
      return 0;
    }
    case 'list': {
      const all = dir.list();
      if (!all.length) console.log(`No canvassers in ${dir.file}`);
      for (const c of all) console.log(`${c.id}\t${c.name}`);
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
