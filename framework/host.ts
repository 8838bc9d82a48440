/**
 * The one reading of a `Host` value (or a forwarded host) into its name and port, as webob
 * reads `HTTP_HOST` for `domain`, `host_port` and `host_url`: the port follows the last colon,
 * unless the value ends with `]` (an IPv6 literal without a port, which keeps its brackets).
 */
export function splitHost(host: string): { name: string; port: string } {
  const colon = host.lastIndexOf(':');
  if (colon === -1 || host.endsWith(']')) return { name: host, port: '' };
  return { name: host.slice(0, colon), port: host.slice(colon + 1) };
}

/** The port a scheme implies when a host names none. */
export function defaultPort(scheme: string): string {
  return scheme === 'https' ? '443' : '80';
}
