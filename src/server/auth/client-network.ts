import ipaddr from 'ipaddr.js';

/** The network a sign-in attempt is counted against: the IPv4 address, or the IPv6 /64. One
 * machine gets a whole /64 (SLAAC, privacy addresses), so counting single IPv6 addresses would
 * give a guesser 2^64 fresh locks. An IPv4 address mapped into IPv6 counts as the IPv4 one. */
export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
