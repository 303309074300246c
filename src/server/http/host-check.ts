import { networkInterfaces } from 'node:os';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPES } from '@shared/problem';
import { sendProblem } from './send-problem';

// DNS rebinding: a page of evil.example, whose name is then pointed at this server's address,
// reaches the server as same-origin, with Host: evil.example. Every request whose Host is not a
// name of this server is refused, so that such a page can read nothing (the sandbox's contacts,
// the campaign) and send nothing. Only the name counts, not the port: a rebinding page always
// brings its own name.

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
/** Probes address a server by whatever the orchestrator knows it as, and learn nothing private. */
const PROBES = new Set(['/healthz', '/readyz']);

export interface HostCheckOptions {
  /** HOST, the address the server listens on. */
  host: string;
  /** ALLOWED_HOSTS: `name` (any port) or `name:port`. */
  allowedHosts: readonly string[];
}

const bracketed = (address: string) => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined)
    .map((i) => bracketed(i.address.replace(/%.*$/, '')).toLowerCase());
}

/** The names this server answers to, and a test of a request's Host against them. */
export function createHostMatcher(opts: HostCheckOptions): (host: string | undefined) => boolean {
  const listen = bracketed(opts.host.toLowerCase());
  const wildcard = WILDCARDS.has(listen);
  const loopback = wildcard || /^(127\.|\[::1\]$|localhost$)/.test(listen);
  const names = new Set<string>([...(wildcard ? [] : [listen]), ...(loopback ? LOOPBACK_NAMES : [])]);
  const withPort = new Set<string>();
  for (const entry of opts.allowedHosts) (entry.includes(':') && !entry.endsWith(']') ? withPort : names).add(entry);
  let ownAddresses = wildcard ? new Set(interfaceAddresses()) : new Set<string>();

  return (host) => {
    if (!host) return false;
    let url: URL;
    try {
      url = new URL(`http://${host}`);
    } catch {
      return false;
    }
    if (url.host !== host.toLowerCase().replace(/:80$/, '') || url.pathname !== '/' || url.username) return false;
    if (names.has(url.hostname) || withPort.has(url.host)) return true;
    if (!wildcard) return false;
    if (ownAddresses.has(url.hostname)) return true;
    // Bound to every interface: an address gained since start (DHCP) is looked for once more.
    ownAddresses = new Set(interfaceAddresses());
    return ownAddresses.has(url.hostname);
  };
}

export function hostCheck(opts: HostCheckOptions) {
  const matches = createHostMatcher(opts);
  return async function checkHost(request: FastifyRequest, reply: FastifyReply) {
    if (PROBES.has(request.url.replace(/\?.*$/, ''))) return;
    // request.host: the Host header, or X-Forwarded-Host from a trusted proxy only (TRUST_PROXY).
    if (matches(request.host)) return;
    request.log.info({ host: request.host }, 'request for another host refused; if this name is yours, list it in ALLOWED_HOSTS');
    return sendProblem(reply, {
      type: PROBLEM_TYPES.misdirected,
      title: 'Misdirected request',
      status: 421,
      detail: 'This server does not answer to this host name.',
    });
  };
}
