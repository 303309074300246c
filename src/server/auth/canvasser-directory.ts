import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number }) => Promise<Buffer>;

// Only a hash of each access code is stored. The salt is per file rather than per canvasser so
// that a sign-in costs one scrypt, not one per canvasser: the hash is then a lookup key.
const SCRYPT_N = 16384;

/** An organiser may also use the console (`/console`, `/api/console/…`); both canvass. */
export const ROLES = ['canvasser', 'organiser'] as const;
export type Role = (typeof ROLES)[number];

export interface Canvasser {
  id: string;
  name: string;
  role: Role;
}

const fileSchema = z.object({
  version: z.literal(1),
  salt: z.string().min(16),
  canvassers: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      // Files written before roles existed have none: everyone in them canvasses.
      role: z.enum(ROLES).default('canvasser'),
      codeHash: z.string().min(1),
      createdAt: z.string(),
    }),
  ),
});
type CanvassersFile = z.infer<typeof fileSchema>;
type Entry = CanvassersFile['canvassers'][number];
const publicOf = (c: Entry): Canvasser => ({ id: c.id, name: c.name, role: c.role });

export class CanvassersFileError extends Error {
  override name = 'CanvassersFileError';
}

/** Access codes are typed on phones: case, spaces and dashes do not count. */
export function normaliseCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i
export function generateCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Why an access code chosen by the organiser (`--code`) is too easy to guess, or undefined.
 * Generated codes have about 50 bits; a chosen one must come near: ten or more letters and
 * digits, mixing both, of at least six different characters, without a run such as `1234`,
 * `abcd` or `aaaa`. Guessers try names, dates and keyboard rows first. */
export function weakCodeReason(code: string): string | undefined {
  const c = normaliseCode(code);
  const help = 'leave out --code for a generated one';
  if (!/^[a-z0-9]+$/.test(c)) return `An access code is letters and digits only (spaces and dashes are ignored); ${help}`;
  if (c.length < 10) return `An access code needs at least 10 letters or digits (this one has ${c.length}); ${help}`;
  if (!/[a-z]/.test(c) || !/[0-9]/.test(c)) return `An access code must mix letters and digits; ${help}`;
  if (new Set(c).size < 6) return `An access code needs at least 6 different characters; ${help}`;
  for (let i = 0; i + 4 <= c.length; i++) {
    const run = [...c.slice(i, i + 4)].map((ch) => ch.charCodeAt(0));
    const steps = run.slice(1).map((x, j) => x - run[j]!);
    if (steps.every((d) => d === steps[0] && Math.abs(d) <= 1)) {
      return `An access code must not hold a run such as 1234, abcd or aaaa ("${c.slice(i, i + 4)}"); ${help}`;
    }
  }
  for (const row of ['azerty', 'qwerty', 'qwertz', 'password', 'motdepasse', 'doorstep', 'qomon']) {
    if (c.includes(row)) return `An access code must not contain "${row}"; ${help}`;
  }
  return undefined;
}

/** How long the server trusts its last look at the file. Every request checks the session's
 * canvasser; a stat() per request blocked the event loop on disk I/O under load (proxy bench). */
export const RECHECK_AFTER_MS = 1000;

/** The canvassers file (CANVASSERS_FILE), read by the server and written by the CLI. The server
 * re-reads it when it changes on disk, so a removed canvasser's session stops within a second. */
export class CanvasserDirectory {
  private cache: { stamp: string; data: CanvassersFile } | undefined;
  private looked: { at: number; stamp: string | undefined } | undefined;

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  private stamp(fresh: boolean): string | undefined {
    const t = this.now();
    if (!fresh && this.looked && t - this.looked.at < RECHECK_AFTER_MS && t >= this.looked.at) return this.looked.stamp;
    let stamp: string | undefined;
    try {
      const s = statSync(this.file);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      stamp = undefined;
    }
    this.looked = { at: t, stamp };
    return stamp;
  }

  /** `fresh`: look at the file now (a sign-in, rare and already costing a scrypt, must see a
   * canvasser added a moment ago). */
  read(fresh = false): CanvassersFile {
    const stamp = this.stamp(fresh);
    if (stamp === undefined) return { version: 1, salt: '', canvassers: [] };
    if (this.cache?.stamp === stamp) return this.cache.data;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new CanvassersFileError(`CANVASSERS_FILE: cannot read ${this.file} (${(err as Error).message})`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new CanvassersFileError(`CANVASSERS_FILE: ${this.file} is not a canvassers file (${parsed.error.issues[0]?.message})`);
    }
    this.cache = { stamp, data: parsed.data };
    return parsed.data;
  }

  list(): Canvasser[] {
    return this.read().canvassers.map(publicOf);
  }

  /** A canvasser not in the last look at the file is looked for again at once: one added a moment
   * ago (and signed in on another instance) is known; one removed stays known up to a second. */
  get(id: string): Canvasser | undefined {
    const found = this.read().canvassers.find((c) => c.id === id) ?? this.read(true).canvassers.find((c) => c.id === id);
    return found && publicOf(found);
  }

  private async hash(code: string, salt: string): Promise<string> {
    return (await scrypt(normaliseCode(code), Buffer.from(salt, 'base64url'), 32, { N: SCRYPT_N })).toString('base64url');
  }

  /** The canvasser whose access code this is, if any. */
  async verify(code: string): Promise<Canvasser | undefined> {
    const data = this.read(true);
    if (!data.canvassers.length || normaliseCode(code).length < 6) return undefined;
    const hash = Buffer.from(await this.hash(code, data.salt));
    const found = data.canvassers.find((c) => {
      const other = Buffer.from(c.codeHash);
      return other.length === hash.length && timingSafeEqual(other, hash);
    });
    return found && publicOf(found);
  }

  async add(name: string, code = generateCode(), role: Role = 'canvasser'): Promise<{ canvasser: Canvasser; code: string }> {
    const clean = name.trim();
    if (!clean) throw new CanvassersFileError('A canvasser needs a name');
    if (normaliseCode(code).length < 6) throw new CanvassersFileError('An access code needs at least 6 letters or digits');
    const data = existsSync(this.file)
      ? structuredClone(this.read(true))
      : { version: 1 as const, salt: randomBytes(16).toString('base64url'), canvassers: [] };
    const codeHash = await this.hash(code, data.salt);
    if (data.canvassers.some((c) => c.codeHash === codeHash)) {
      throw new CanvassersFileError('Another canvasser already has this access code');
    }
    const canvasser: Canvasser = { id: `c_${randomBytes(4).toString('hex')}`, name: clean, role };
    data.canvassers.push({ ...canvasser, codeHash, createdAt: new Date().toISOString() });
    this.write(data);
    return { canvasser, code };
  }

  remove(id: string): Canvasser | undefined {
    const data = structuredClone(this.read(true));
    const found = data.canvassers.find((c) => c.id === id);
    if (!found) return undefined;
    data.canvassers = data.canvassers.filter((c) => c.id !== id);
    this.write(data);
    return publicOf(found);
  }

  /** The canvasser with their new role, or undefined when there is no such canvasser. */
  setRole(id: string, role: Role): Canvasser | undefined {
    const data = structuredClone(this.read(true));
    const found = data.canvassers.find((c) => c.id === id);
    if (!found) return undefined;
    found.role = role;
    this.write(data);
    return publicOf(found);
  }

  private write(data: CanvassersFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Write then rename, so the server never reads a half-written file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
    this.cache = undefined;
    this.looked = undefined;
  }
}
