/**
 * The client address of a request, for per-address throttles. Behind a reverse proxy every
 * request comes from the proxy, so one client's failures would lock everyone out: the address is
 * taken from `X-Forwarded-For`, but only when the socket peer is a configured proxy
 * (`TRUSTED_PROXIES`) — anyone else could send the header and pick their own throttle key. The
 * header is read from the right, skipping trusted hops, so a client cannot prepend a fake address.
 * IPv6 clients are bucketed by their /64: one host usually holds a whole /64.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { CodedError } from '../core/errors.js';

/** Finds the client address of a request. */
export type ClientIp = (c: Context) => string;

/** A matcher of trusted proxy addresses from "10.0.0.1, 10.1.0.0/16, fd00::/8". */
export function trustedProxies(list: readonly string[]): BlockList {
  const block = new BlockList();
  for (const raw of list) {
    const [addr, bits] = raw.trim().split('/');
    const family = isIP(addr ?? '');
    if (!family) throw new CodedError('bad_request', `TRUSTED_PROXIES: "${raw}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) block.addAddress(addr!, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new CodedError('bad_request', `TRUSTED_PROXIES: "${raw}" has a bad prefix length`);
      block.addSubnet(addr!, prefix, type);
    }
  }
  return block;
}

/** "::ffff:1.2.3.4" is the IPv4 client 1.2.3.4 on a dual-stack socket. */
function unmapped(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

function isTrusted(block: BlockList, addr: string): boolean {
  const family = isIP(addr);
  return family !== 0 && block.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}

/** The throttle key of an address: IPv4 as is, IPv6 as its /64 prefix. */
export function addressBucket(addr: string): string {
  const a = unmapped(addr.trim());
  if (isIP(a) !== 6) return a;
  const [head = '', tail = ''] = a.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

/** The client address of a request (not yet bucketed), trusting X-Forwarded-For only from `proxies`. */
export function clientAddress(c: Context, proxies: BlockList): string {
  let addr = unmapped(socketAddress(c));
  if (!isTrusted(proxies, addr)) return addr;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => unmapped(h.trim())).filter(Boolean);
  // Rightmost first: each trusted proxy appended the address it saw.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return addr;
    addr = hop;
    if (!isTrusted(proxies, hop)) return hop;
  }
  return addr;
}

/** The throttle key of a request's client: its address behind trusted proxies, IPv6 by /64. */
export function clientIpResolver(proxyList: readonly string[]): ClientIp {
  const proxies = trustedProxies(proxyList);
  return (c) => addressBucket(clientAddress(c, proxies));
}
