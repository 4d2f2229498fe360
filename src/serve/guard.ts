/**
 * Who may talk to the service. The API has no authentication and binds to loopback, so the
 * caller to fear is a web page in the user's own browser: it can send "simple" cross-origin
 * POSTs (no preflight, the response unread, the write done all the same), and through DNS
 * rebinding it can make its own name resolve to 127.0.0.1 and then read the API as same-origin.
 *
 * So every request must name this server in its Host (rebinding cannot fake that: the browser
 * sends the attacker's name), and a request that changes state must come from no page at all
 * (curl, scripts: no Origin), from a page this server served, or from an origin the operator
 * allowed with `--cors`.
 */
import { isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { escapeLogText } from '../report/escape.js';

export interface GuardOptions {
  /** The address the server was told to bind. */
  host: string;
  /** The port it listens on (known only once it listens: `--port 0`). */
  port: () => number | undefined;
  /** `--cors` origins; `*` allows any. */
  corsOrigins: readonly string[];
}

export interface Refusal {
  status: 403;
  detail: string;
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Names under which this machine reaches itself: never an attacker's DNS name. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
/** A Host header as RFC 9110 has it: a name, an IPv4 address or a bracketed IPv6 one, and a port. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;
/** Browsers send `same-origin`, `same-site`, `cross-site` or `none` (a navigation the user typed). */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/** Returns the refusal for a request that may not reach the API, or null. */
export function createGuard(options: GuardOptions): (method: string, headers: IncomingHttpHeaders) => Refusal | null {
  const wildcard = WILDCARD_HOSTS.has(options.host);
  const names = new Set([...LOOPBACK_NAMES, ...(wildcard ? [] : [hostName(options.host)])]);
  const anyOrigin = options.corsOrigins.includes('*');
  const corsOrigins = new Set(options.corsOrigins);

  const knownHost = (header: string, port: number | undefined): boolean => {
    const match = HOST_HEADER.exec(header);
    if (!match || port === undefined) return false;
    const name = match[1]!.toLowerCase();
    if (Number(match[2] ?? 80) !== port) return false;
    // Bound to every address, the server is reached by whichever one the client used; an IP
    // literal cannot be rebound, so any of them is this machine.
    return names.has(name) || (wildcard && isIP(name.replace(/^\[|\]$/g, '')) !== 0);
  };

  let listening: number | undefined;
  return (method, headers) => {
    // Asked once it is known: each ask is a getsockname(2).
    const port = (listening ??= options.port());
    const host = headers.host ?? '';
    if (!knownHost(host, port)) {
      const expected = [...names].map((name) => `${name}:${port ?? '?'}`).join(', ');
      return {
        status: 403,
        detail: `Host '${show(host)}' is not this server (expected ${expected}${wildcard ? ' or an IP address of this machine' : ''}); a name that resolves here by accident or by DNS rebinding may not use the API`,
      };
    }
    if (!STATE_CHANGING.has(method)) return null;
    const origin = headers.origin;
    if (origin !== undefined) {
      if (origin.toLowerCase() === `http://${host.toLowerCase()}` || anyOrigin || corsOrigins.has(origin)) return null;
      return {
        status: 403,
        detail: `Origin '${show(origin)}' may not change data here: only pages served by this server (http://${show(host)}) or origins allowed with --cors`,
      };
    }
    const site = headers['sec-fetch-site'];
    if (site !== undefined && !OWN_FETCH_SITES.has(site)) {
      return { status: 403, detail: `A ${show(site)} request (Sec-Fetch-Site) may not change data here: only pages served by this server or origins allowed with --cors` };
    }
    return null;
  };
}

/** The bound address as it appears in a Host header: IPv6 in brackets, lowercase. */
function hostName(host: string): string {
  const name = host.toLowerCase();
  return isIP(name) === 6 ? `[${name}]` : name;
}

/** A header value echoed in a refusal: cut short, invisible characters made visible. */
function show(value: string): string {
  return escapeLogText(value, { maxLength: 100 });
}
