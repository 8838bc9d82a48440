/**
 * `debugtoolbar.hosts`: the client addresses that see the toolbar, as single addresses or
 * networks (`10.0.0.0/8`, `fd00::/8`), matched as pyramid_debugtoolbar's `addr_in` matches them.
 * Compiled once into Node's BlockList.
 */
import { BlockList, isIP } from 'node:net';
import { ConfigurationError } from '../exceptions';

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
function plainAddress(address: string): string {
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** A predicate on a client address: whether it is one of `hosts`. */
export function hostsMatcher(hosts: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const host of hosts) {
    const [address, bits] = host.split('/');
    const family = isIP(address);
    if (family === 0) throw new ConfigurationError(`debugtoolbar.hosts: '${host}' is not an IP address or network (such as 127.0.0.1, ::1, 192.168.0.0/16)`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new ConfigurationError(`debugtoolbar.hosts: '${host}' has a bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return (address) => {
    if (!address || address.includes(',')) return false;
    const plain = plainAddress(address.trim());
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
